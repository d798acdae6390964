/// Flink's duration strings (`TimeUtils.parseDuration`): a number and an optional unit,
/// "10 s", "1min", "500 ms", "1 h"; a bare number is milliseconds.
public enum FlinkDuration {
    /// Milliseconds in `text`, or nil when it is not a duration.
    public static func milliseconds(_ text: String) -> Int64? {
        let trimmed = text.trimmingWhitespace()
        let digits = trimmed.prefix { $0.isNumber }
        guard !digits.isEmpty, let amount = Int64(digits) else { return nil }
        let unit = trimmed.dropFirst(digits.count).trimmingWhitespace().lowercased()
        let scale: Int64
        switch unit {
        case "", "ms", "milli", "millis", "millisecond", "milliseconds": scale = 1
        case "s", "sec", "secs", "second", "seconds": scale = 1000
        case "min", "m", "minute", "minutes": scale = 60_000
        case "h", "hour", "hours": scale = 3_600_000
        case "d", "day", "days": scale = 86_400_000
        default: return nil
        }
        let (ms, overflow) = amount.multipliedReportingOverflow(by: scale)
        return overflow ? nil : ms
    }
}

extension StringProtocol {
    /// The text without whitespace at either end (no Foundation in the core).
    package func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
