/// The discrete-event clock: time stands still until someone advances it, then jumps from
/// event to event. Six simulated hours cost only the events in them.
public final class VirtualClock: Clock {
    public private(set) var now: Instant
    private var queue = EventQueue()

    public init(start: Instant = .zero) { self.now = start }

    public var pendingEvents: Int { queue.count }

    @discardableResult
    public func schedule(at time: Instant, _ action: @escaping () -> Void) -> EventID {
        queue.insert(at: max(time, now), action)
    }

    public func cancel(_ event: EventID) { queue.cancel(event) }

    public func advance(to target: Instant, stop: () -> Bool) -> AdvanceOutcome {
        while true {
            if stop() { return .stopped }
            guard let (time, action) = queue.popEvent(notAfter: target) else { break }
            now = max(now, time)
            action()
        }
        now = max(now, target)
        return .reached
    }
}
