/// How a job runs: the Flink version whose rules apply, restarts, and the data plane's knobs.
public struct JobConfiguration: Sendable {
    public var flinkVersion: FlinkVersion = .v1_20
    /// Flink's restart options (`restart-strategy.type`, `restart-strategy.fixed-delay.attempts`, …).
    public var restart: [String: String] = [:]
    /// Seconds between checkpoints; nil leaves checkpointing off.
    public var checkpointInterval: Double?
    /// Records a source hands out per round.
    public var batchSize = 4096
    /// Records a channel may hold before its producer waits.
    public var channelCapacity = 65536
    /// Worker threads (0: everything on the calling thread).
    public var workers = 2
    /// The seed of the job's own random draws (restart jitter).
    public var seed: UInt64 = 0
    /// Where `print` sinks write (standard output by default).
    public var output: @Sendable (String) -> Void = { Files.writeStandardOutput($0) }

    public init() {}
}
