/// How an advance of the clock ended.
public enum AdvanceOutcome: Equatable, Sendable {
    /// The clock reached the target instant.
    case reached
    /// The stop condition held first; the clock stands at the instant it held.
    case stopped
}

/// The control plane's time: what time it is, what is scheduled, and moving forward.
///
/// Everything that takes time in floe (a status that lasts, a restart delay, a checkpoint
/// interval, a maintenance window) is an event scheduled here. Actions run on the thread
/// that advances the clock, one at a time, in time order with ties in scheduling order.
public protocol Clock: AnyObject {
    /// The current instant.
    var now: Instant { get }

    /// Schedules `action` to run when the clock reaches `time` (at once on the next advance
    /// if `time` is already past).
    @discardableResult
    func schedule(at time: Instant, _ action: @escaping () -> Void) -> EventID

    /// Cancels a scheduled event that has not fired yet.
    func cancel(_ event: EventID)

    /// Moves time forward to `target`, running every event due on the way in order.
    /// `stop` is asked before the first event and after each one; when it answers true
    /// the advance ends there.
    func advance(to target: Instant, stop: () -> Bool) -> AdvanceOutcome

    /// How many events are waiting.
    var pendingEvents: Int { get }
}

extension Clock {
    @discardableResult
    public func schedule(after seconds: Double, _ action: @escaping () -> Void) -> EventID {
        schedule(at: now.advanced(bySeconds: seconds), action)
    }

    public func advance(to target: Instant) -> AdvanceOutcome {
        advance(to: target, stop: { false })
    }

    public func advance(bySeconds seconds: Double, stop: () -> Bool = { false }) -> AdvanceOutcome {
        advance(to: now.advanced(bySeconds: seconds), stop: stop)
    }
}
