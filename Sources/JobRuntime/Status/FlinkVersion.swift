/// A Flink version, as far as the runtime's rules depend on it (spec: flink-runtime §13).
public struct FlinkVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let major: Int
    public let minor: Int

    public init(_ major: Int, _ minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// "1.20", "1.8", "2.0", or the service's runtime names "FLINK-1_20", "FLINK-1_8".
    public init?(_ text: String) {
        var body = Substring(text)
        if body.uppercased().hasPrefix("FLINK-") { body = body.dropFirst(6) }
        let parts = body.split(whereSeparator: { $0 == "." || $0 == "_" })
        guard parts.count >= 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        self.init(major, minor)
    }

    public static func < (a: FlinkVersion, b: FlinkVersion) -> Bool { (a.major, a.minor) < (b.major, b.minor) }

    public var description: String { "\(major).\(minor)" }

    /// The versions Amazon Managed Service for Apache Flink runs.
    public static let v1_8 = FlinkVersion(1, 8), v1_11 = FlinkVersion(1, 11), v1_13 = FlinkVersion(1, 13)
    public static let v1_15 = FlinkVersion(1, 15), v1_18 = FlinkVersion(1, 18), v1_19 = FlinkVersion(1, 19)
    public static let v1_20 = FlinkVersion(1, 20)

    /// Which scheduler's job-status path applies: the legacy one (≤ 1.9: every failure goes
    /// through FAILING) or the default scheduler's (1.10+: RESTARTING directly).
    public var era: SchedulerEra { self < FlinkVersion(1, 10) ? .legacy : .defaultScheduler }

    /// Whether jobs start in INITIALIZING (1.12+) rather than CREATED.
    public var startsInitializing: Bool { self >= FlinkVersion(1, 12) }

    /// Whether subtasks pass through INITIALIZING between DEPLOYING and RUNNING (1.13+).
    public var tasksInitialize: Bool { self >= FlinkVersion(1, 13) }
}

/// The two job-status paths Flink has had (spec §2.2, §2.3).
public enum SchedulerEra: Sendable {
    /// 1.8, 1.9: RUNNING → FAILING → RESTARTING → CREATED → RUNNING on every restartable failure.
    case legacy
    /// 1.10+: RUNNING → RESTARTING → RUNNING; FAILING only on the way to FAILED.
    case defaultScheduler
}
