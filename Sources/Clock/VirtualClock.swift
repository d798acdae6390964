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

    /// The watchdog: an advance that runs more than this many events at one instant, time
    /// not moving, ends `.stalled` instead of spinning for ever. Ten million by default
    /// (`floe.settings{stall_events = N}`): far past any real burst — a batch job's rounds, a
    /// fleet's minute — and a second or so of a tight loop.
    public var stallLimit = 10_000_000
    /// Events run at `now` since time last moved, and who scheduled the last ones.
    private var eventsAtNow = 0
    private var recentSources: [ObjectIdentifier: (source: any EventSource, events: Int)] = [:]
    /// How many of the last events before a stall are tallied by source.
    public static let tallied = 4096

    public init(start: Instant = .zero) { self.now = start }

    public var pendingEvents: Int { queue.count }

    @discardableResult
    public func schedule(at time: Instant, by source: (any EventSource)?, _ action: @escaping () -> Void) -> EventID {
        queue.insert(at: max(time, now), by: source, action)
    }

    @discardableResult
    public func schedule(at time: Instant, by source: (any EventSource)?, work: OwnedWork, then action: @escaping () -> Void) -> EventID {
        queue.insert(at: max(time, now), by: source, work: work, action)
    }

    public func cancel(_ event: EventID) { queue.cancel(event) }

    public func cancelAll() { queue.removeAll() }

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
    ///
    /// Time never moves past `Instant.latest`; the watchdog ends an advance whose events keep
    /// time standing still (`stallLimit`).
    public func advance(to target: Instant, concurrently: Bool, stop: () -> Bool) -> AdvanceOutcome {
        let target = min(target, .latest)
        while true {
            if stop() { return .stopped }
            if eventsAtNow >= stallLimit, let next = queue.nextTime(), next <= now { return .stalled(stall()) }
            guard let (time, action, work, source) = queue.popEvent(notAfter: target) else { break }
            if time > now {
                now = time
                eventsAtNow = 0
                if !recentSources.isEmpty { recentSources = [:] }
            }
            count(source)
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
                batch.append((next.action, next.work))
                owners.insert(next.work.owner)
                count(next.source)
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

    /// Counts an event run at `now`, and near the limit who scheduled it.
    private func count(_ source: (any EventSource)?) {
        eventsAtNow += 1
        guard eventsAtNow > stallLimit - VirtualClock.tallied, let source else { return }
        recentSources[ObjectIdentifier(source), default: (source, 0)].events += 1
    }

    /// What the watchdog says when it ends an advance. The events stay queued; the count
    /// starts again, so a later advance (after the script cancelled the culprit, say) runs.
    private func stall() -> ClockStall {
        let sources = recentSources.values
            .map { ClockStall.Source(name: $0.source.eventSourceName, events: $0.events) }
            .sorted { ($0.events, $1.name) > ($1.events, $0.name) }
        let stall = ClockStall(instant: now, events: eventsAtNow, sources: sources)
        eventsAtNow = 0
        recentSources = [:]
        return stall
    }

    public func settle(_ owner: AnyObject) { settle(ObjectIdentifier(owner)) }

    private func settle(_ owner: ObjectIdentifier) {
        guard !unsettled.isEmpty, let i = unsettled.removeValue(forKey: owner) else { return }
        workRunner?.wait(for: i)
    }
}
