#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The same scheduler as `VirtualClock`, sleeping for real between events (`--realtime`):
/// for demos and for clients that poll. `now` is the monotonic time since the clock began.
public final class WallClock: Clock {
    private let origin: Int64
    private var queue = EventQueue()
    /// The longest single sleep, so that `stop` (an interrupt, say) is heard promptly.
    private let slice: Int64 = 50_000_000

    public init() { origin = WallClock.monotonicNanoseconds() }

    public var now: Instant { Instant(nanoseconds: WallClock.monotonicNanoseconds() - origin) }

    public var pendingEvents: Int { queue.count }

    @discardableResult
    public func schedule(at time: Instant, by source: (any EventSource)?, _ action: @escaping () -> Void) -> EventID {
        queue.insert(at: time, by: source, action)
    }

    /// Owned work runs right before its action: a wall clock runs one event at a time.
    @discardableResult
    public func schedule(at time: Instant, by source: (any EventSource)?, work: OwnedWork, then action: @escaping () -> Void) -> EventID {
        queue.insert(at: time, by: source, work: work, action)
    }

    public func cancel(_ event: EventID) { queue.cancel(event) }

    public func cancelAll() { queue.removeAll() }

    /// Nothing to wait for: a wall clock runs each event's work right before its action.
    public func settle(_ owner: AnyObject) {}

    public func advance(to target: Instant, concurrently: Bool, stop: () -> Bool) -> AdvanceOutcome {
        advance(to: target, stop: stop)
    }

    public func advance(to target: Instant, stop: () -> Bool) -> AdvanceOutcome {
        while true {
            if stop() { return .stopped }
            let current = now
            if let (_, action, work, _) = queue.popEvent(notAfter: current) {
                work?.run()
                action()
                continue
            }
            if current >= target { return .reached }
            let wake = min(target, queue.nextTime() ?? target)
            WallClock.sleep(nanoseconds: min(wake.nanoseconds - current.nanoseconds, slice))
        }
    }

    private static func monotonicNanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    private static func sleep(nanoseconds: Int64) {
        guard nanoseconds > 0 else { return }
        var request = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        // A signal (Ctrl-C) cuts the sleep short; the caller's loop then asks `stop`.
        _ = nanosleep(&request, nil)
    }
}
