/// Times as people read them, in one form wherever a person reads one (the status log at
/// the prompt, the timeline, the report, the scenarios' output): a point in time on the
/// virtual calendar, whose zero is the service timestamps' epoch (2026-01-01 00:00:00 UTC
/// unless the lifecycle's settings say otherwise), and a stretch of time in units.
///
/// The API's own shapes keep epoch seconds; this is for people.
public enum TimeText {
    /// The Unix time of the clock's zero by default: 2026-01-01 00:00:00 UTC.
    public static let defaultEpoch: Double = 1_767_225_600

    /// "2026-01-01 00:10:30", with the fraction of a second when there is one, to the
    /// millisecond ("2026-01-01 00:10:30.25").
    public static func point(_ seconds: Double, epoch: Double = defaultEpoch) -> String {
        let (day, millisecond) = split(seconds, epoch: epoch)
        var text = date(day) + " " + clock(millisecond / 1000)
        if millisecond % 1000 != 0 {
            var fraction = String(millisecond % 1000)
            fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return text
    }

    /// The short label of an axis tick at `seconds`, ticks `interval` apart: the date
    /// ("01-02") at midnight when ticks are hours or more apart, else the time of day
    /// ("03:00", or "03:00:15" when ticks are less than a minute apart).
    public static func label(_ seconds: Double, interval: Double, epoch: Double = defaultEpoch) -> String {
        let (day, millisecond) = split(seconds, epoch: epoch)
        let second = millisecond / 1000
        if interval >= 3600 && second == 0 { return String(date(day).dropFirst(5)) }
        let time = clock(second)
        return interval < 60 ? time : String(time.prefix(5))
    }

    /// A stretch of time: "250ms", "2.5s", "45s", "12m", "1h 30s", "2d 3h 5m" (every unit
    /// that is not zero, to the second; tenths under ten seconds).
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "\(seconds)s" }
        if seconds < 1 && seconds > 0 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 10 && seconds != seconds.rounded() { return "\((seconds * 10).rounded() / 10)s" }
        let whole = Int64(seconds.rounded())
        guard whole > 0 else { return "0s" }
        let units: [(Int64, String)] = [(86400, "d"), (3600, "h"), (60, "m"), (1, "s")]
        var rest = whole, parts: [String] = []
        for (size, name) in units where rest >= size {
            parts.append("\(rest / size)\(name)")
            rest %= size
        }
        return parts.joined(separator: " ")
    }

    /// The day (days since 1970-01-01) and the millisecond of that day of a clock time.
    private static func split(_ seconds: Double, epoch: Double) -> (day: Int64, millisecond: Int64) {
        let unixMs = Int64(((epoch + max(0, seconds.isFinite ? seconds : 0)) * 1000).rounded())
        let day = unixMs >= 0 ? unixMs / 86_400_000 : (unixMs - 86_399_999) / 86_400_000
        return (day, unixMs - day * 86_400_000)
    }

    /// "03:00:15" for a second of the day.
    private static func clock(_ second: Int64) -> String {
        [second / 3600, second % 3600 / 60, second % 60].map { $0 < 10 ? "0\($0)" : "\($0)" }.joined(separator: ":")
    }

    /// "2026-01-02" for days since 1970-01-01 (the proleptic Gregorian calendar).
    private static func date(_ days: Int64) -> String {
        // Civil from days (H. Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }
}
