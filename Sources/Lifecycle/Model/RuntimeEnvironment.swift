import JobRuntime

/// An application's runtime (`RuntimeEnvironment`, spec §1.2): the service's names, with
/// the Flink version each one runs and whether a new application may still use it.
public struct RuntimeEnvironment: RawRepresentable, Hashable, Sendable, CustomStringConvertible, Codable {
    public let rawValue: String

    public init?(rawValue: String) {
        guard RuntimeEnvironment.known.contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    /// Every value of the service's model, plus FLINK-2_3, which the docs already describe.
    public static let known: [String] = [
        "SQL-1_0", "FLINK-1_6", "FLINK-1_8", "ZEPPELIN-FLINK-1_0", "FLINK-1_11", "FLINK-1_13",
        "ZEPPELIN-FLINK-2_0", "FLINK-1_15", "ZEPPELIN-FLINK-3_0", "FLINK-1_18", "FLINK-1_19",
        "FLINK-1_20", "FLINK-2_2", "FLINK-2_3",
    ]

    /// Runtimes the service refuses for a new application (deprecated FLINK-1_6, 1_8, 1_11,
    /// and 1_13, which AWS rejects on create today).
    public static let refusedOnCreate: Set<String> = ["FLINK-1_6", "FLINK-1_8", "FLINK-1_11", "FLINK-1_13"]

    /// Runtimes that can no longer be started or run at all (since 2025-02-05).
    public static let retired: Set<String> = ["FLINK-1_6", "FLINK-1_8", "FLINK-1_11"]

    /// The Flink version a streaming runtime runs; nil for SQL and Studio (Zeppelin) runtimes.
    public var flinkVersion: FlinkVersion? {
        guard rawValue.hasPrefix("FLINK-") else { return nil }
        return FlinkVersion(rawValue)
    }

    public var isFlink: Bool { flinkVersion != nil }
}
