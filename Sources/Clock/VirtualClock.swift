/// The discrete-event clock: time stands still until someone advances it, then jumps from
/// event to event. Six simulated hours cost only the events in them.
public final class VirtualClock: Clock {
    public private(set) var now: Instant
    private var queue = EventQueue()

    /// Runs owned work side by side and returns when all of it is done (the job backend
    /// sets it to its worker threads). Without it, or with one piece, work runs here.
    public var runSideBySide: (([OwnedWork]) -> Void)?

    public init(start: Instant = .zero) { self.now = start }

    public var pendingEvents: Int { queue.count }

    @discardableResult
    public func schedule(at time: Instant, _ action: @escaping () -> Void) -> EventID {
        queue.insert(at: max(time, now), action)
    }

    @discardableResult
    public func schedule(at time: Instant, work: OwnedWork, then action: @escaping () -> Void) -> EventID {
        queue.insert(at: max(time, now), work: work, action)
    }

    public func cancel(_ event: EventID) { queue.cancel(event) }

    public func advance(to target: Instant, stop: () -> Bool) -> AdvanceOutcome {
        advance(to: target, concurrently: false, stop: stop)
    }

    /// Concurrently: an event with owned work takes along the events right behind it in the
    /// queue that are due at the same instant and have work of other owners; their work runs
    /// side by side, then their actions in queue order. (Cancelling one of them from another's
    /// action no longer stops it.)
    public func advance(to target: Instant, concurrently: Bool, stop: () -> Bool) -> AdvanceOutcome {
        while true {
            if stop() { return .stopped }
            guard let (time, action, work) = queue.popEvent(notAfter: target) else { break }
            now = max(now, time)
            guard let work else {
                action()
                continue
            }
            guard concurrently, let runSideBySide else {
                work.run()
                action()
                continue
            }
            var batch = [(action, work)]
            var owners: Set = [work.owner]
            while let next = queue.popOwnedWork(at: time, besides: owners) {
                batch.append(next)
                owners.insert(next.work.owner)
            }
            if batch.count == 1 { work.run() } else { runSideBySide(batch.map(\.1)) }
            for (action, _) in batch { action() }
        }
        now = max(now, target)
        return .reached
    }
}
