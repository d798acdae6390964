/// The discrete-event clock: time stands still until someone advances it, then jumps from
/// event to event. Six simulated hours cost only the events in them.
public final class VirtualClock: Clock {
    public private(set) var now: Instant
    private var queue = EventQueue()

    /// Runs owned work on other threads while the actions run here (the job backend sets it
    /// to its worker threads). Without it, or with one piece, work runs here.
    public var workRunner: (any WorkRunner)?
    /// The owners whose work in the running batch may not have run yet, and its place there.
    private var unsettled: [ObjectIdentifier: Int] = [:]

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
    /// queue that are due at the same instant and have work of other owners. The runner runs
    /// their work on other threads while their actions run here in queue order, each once
    /// its own work has run; an action that reaches another owner of the batch waits for
    /// that owner's work first (`settle`). So every action sees all of the batch's work
    /// done, as if it had run before the first action. (Cancelling one of them from
    /// another's action no longer stops it.)
    public func advance(to target: Instant, concurrently: Bool, stop: () -> Bool) -> AdvanceOutcome {
        while true {
            if stop() { return .stopped }
            guard let (time, action, work) = queue.popEvent(notAfter: target) else { break }
            now = max(now, time)
            guard let work else {
                action()
                continue
            }
            // A batch runs at a time: an event run from inside one runs whole, in turn.
            guard concurrently, unsettled.isEmpty, let workRunner else {
                settle(work.owner)
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
            if batch.count == 1 {
                work.run()
                action()
                continue
            }
            workRunner.start(batch.map(\.1))
            for (i, (_, work)) in batch.enumerated() { unsettled[work.owner] = i }
            for (i, (action, work)) in batch.enumerated() {
                if unsettled.removeValue(forKey: work.owner) != nil { workRunner.wait(for: i) }
                action()
            }
            workRunner.finish()
        }
        now = max(now, target)
        return .reached
    }

    public func settle(_ owner: AnyObject) { settle(ObjectIdentifier(owner)) }

    private func settle(_ owner: ObjectIdentifier) {
        guard !unsettled.isEmpty, let i = unsettled.removeValue(forKey: owner) else { return }
        workRunner?.wait(for: i)
    }
}
