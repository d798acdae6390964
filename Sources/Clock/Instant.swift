/// A point on floe's time line: nanoseconds since the run began.
///
/// Integer nanoseconds keep virtual time exact: stepping by 0.1 s a million times lands
/// exactly on 100 000 s, which a `Double` would not. A week is about 6 × 10¹⁴ ns, far
/// inside `Int64`.
public struct Instant: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// The start of every run.
    public static let zero = Instant(nanoseconds: 0)

    /// The last instant a clock moves to: 2^62 ns, about 146 years. Later instants (delays
    /// that saturate, say) can be scheduled but are never reached, so that no wait can push
    /// the clock to the end of `Int64` and leave it unable to move; waits past it are refused.
    public static let latest = Instant(nanoseconds: 1 << 62)

    /// An instant `seconds` after the start, rounded to the nanosecond.
    public init(seconds: Double) { self.nanoseconds = Instant.nanoseconds(in: seconds) }

    /// Seconds since the start, as Lua sees time.
    public var seconds: Double { Double(nanoseconds) / 1e9 }

    public static func < (a: Instant, b: Instant) -> Bool { a.nanoseconds < b.nanoseconds }

    /// The instant `seconds` later, saturating at the end of representable time.
    public func advanced(bySeconds seconds: Double) -> Instant {
        let (sum, overflow) = nanoseconds.addingReportingOverflow(Instant.nanoseconds(in: seconds))
        return Instant(nanoseconds: overflow ? .max : sum)
    }

    public var description: String { "\(seconds)s" }

    /// Whole nanoseconds in a non-negative, finite number of seconds (clamped to `Int64.max`).
    static func nanoseconds(in seconds: Double) -> Int64 {
        let ns = (seconds * 1e9).rounded()
        return ns >= 9.2e18 ? .max : Int64(ns)
    }
}
