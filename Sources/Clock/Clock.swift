/// How an advance of the clock ended.
public enum AdvanceOutcome: Equatable, Sendable {
    /// The clock reached the target instant.
    case reached
    /// The stop condition held first; the clock stands at the instant it held.
    case stopped
    /// The watchdog stopped it: events kept coming at one instant and time stood still
    /// (`VirtualClock.stallLimit`). The clock stands at that instant.
    case stalled(ClockStall)
}

/// Something that schedules events and can say what it is, so that the watchdog can name
/// what kept the clock busy ("job 'orders'", "application 'orders' (STARTING)").
public protocol EventSource: AnyObject {
    var eventSourceName: String { get }
}

/// What the virtual clock's watchdog saw when it stopped an advance: `events` events ran at
/// `instant` without time moving; `sources` are the last ones' schedulers, busiest first.
public struct ClockStall: Equatable, Sendable, CustomStringConvertible {
    public struct Source: Equatable, Sendable {
        public let name: String
        public let events: Int
        public init(name: String, events: Int) {
            self.name = name
            self.events = events
        }
    }
    public let instant: Instant
    public let events: Int
    public let sources: [Source]

    public var description: String {
        let seen = sources.reduce(0) { $0 + $1.events }
        let named = sources.prefix(3).map { "\($0.name) (\($0.events) of the last \(seen))" }
        return "virtual time stood still at \(instant.seconds) s for \(events) events"
            + (named.isEmpty ? "" : "; what kept scheduling them: " + named.joined(separator: ", "))
    }
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
    func schedule(at time: Instant, by source: (any EventSource)?, _ action: @escaping () -> Void) -> EventID

    /// Cancels a scheduled event that has not fired yet.
    func cancel(_ event: EventID)

    /// Schedules an event in two parts: `work`, which touches only what its owner owns,
    /// then `action`, as any event's. Owned work due at the same instant may run on other
    /// threads (`advance(to:concurrently:stop:)`), each owner's as if before any of their
    /// actions, which run here in the usual order; so the outcome is the same as one event
    /// after another whenever an action changes nothing another owner's work reads.
    @discardableResult
    func schedule(at time: Instant, by source: (any EventSource)?, work: OwnedWork, then action: @escaping () -> Void) -> EventID

    /// Returns once `owner`'s owned work of the events running now has run. While one
    /// instant's events run concurrently, an owner's work may still be on its way when an
    /// earlier event's action reaches the owner: the owner calls this first wherever its
    /// state is read or changed from outside its own work, so that every action sees every
    /// owner's work done, as if all of it had run before the first action.
    func settle(_ owner: AnyObject)

    /// Moves time forward to `target`, running every event due on the way in order.
    /// `stop` is asked before the first event and after each one; when it answers true
    /// the advance ends there.
    func advance(to target: Instant, stop: () -> Bool) -> AdvanceOutcome

    /// The same, with the owned work of events due at one instant run side by side where the
    /// clock can (`stop` is then asked after each such instant's events, not each event).
    func advance(to target: Instant, concurrently: Bool, stop: () -> Bool) -> AdvanceOutcome

    /// How many events are waiting.
    var pendingEvents: Int { get }

    /// Drops every pending event, for an owner done with the clock. Events hold what they
    /// act on (a job's step holds the job, which holds the clock), so a clock with events
    /// left keeps all of it alive, threads and all, until this breaks the cycle.
    func cancelAll()
}

extension Clock {
    @discardableResult
    public func schedule(at time: Instant, _ action: @escaping () -> Void) -> EventID {
        schedule(at: time, by: nil, action)
    }

    @discardableResult
    public func schedule(at time: Instant, work: OwnedWork, then action: @escaping () -> Void) -> EventID {
        schedule(at: time, by: nil, work: work, then: action)
    }

    @discardableResult
    public func schedule(after seconds: Double, by source: (any EventSource)? = nil, _ action: @escaping () -> Void) -> EventID {
        schedule(at: now.advanced(bySeconds: seconds), by: source, action)
    }

    public func advance(to target: Instant) -> AdvanceOutcome {
        advance(to: target, stop: { false })
    }

    public func advance(bySeconds seconds: Double, concurrently: Bool = false, stop: () -> Bool = { false }) -> AdvanceOutcome {
        advance(to: now.advanced(bySeconds: seconds), concurrently: concurrently, stop: stop)
    }
}

/// Runs an instant's owned work on other threads while the clock's thread runs the
/// actions (the job backend's worker threads): the clock hands it the work with `start`,
/// then asks for each piece before that piece's action, or before an action reaches its
/// owner (`Clock.settle`).
public protocol WorkRunner: AnyObject {
    /// Begins running `works`, in order, on whichever threads are free.
    func start(_ works: [OwnedWork])
    /// Returns once `works[index]` has run; runs it on this thread if no thread has taken it.
    func wait(for index: Int)
    /// Returns once every piece has run and the other threads are idle again.
    func finish()
}

/// An event's part that may run off the clock's thread: it touches only what `owner` owns
/// (a job's data plane, say), so that owners' work can run side by side.
public struct OwnedWork: @unchecked Sendable {
    public let owner: ObjectIdentifier
    public let run: () -> Void

    public init(owner: AnyObject, _ run: @escaping () -> Void) {
        self.owner = ObjectIdentifier(owner)
        self.run = run
    }
}
