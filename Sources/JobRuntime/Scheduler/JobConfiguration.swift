/// How a job runs: the Flink version whose rules apply, restarts, and the data plane's knobs.
public struct JobConfiguration: Sendable {
    public var flinkVersion: FlinkVersion = .v1_20
    /// Flink's restart options (`restart-strategy.type`, `restart-strategy.fixed-delay.attempts`, …).
    public var restart: [String: String] = [:]
    /// Seconds between checkpoints (`execution.checkpointing.interval`); nil leaves
    /// checkpointing off.
    public var checkpointInterval: Double?
    /// Seconds from the end of one checkpoint to the start of the next (`min-pause`).
    public var checkpointMinPause: Double = 0
    /// Consecutive failed checkpoints tolerated before the job fails over
    /// (`tolerable-failed-checkpoints`).
    public var tolerableCheckpointFailures = 0
    /// Completed checkpoints kept (`state.checkpoints.num-retained`).
    public var retainedCheckpoints = 1
    /// Checkpoints whose events the job keeps in `events` (`web.checkpoints.history`):
    /// a job checkpointing every minute for a week would otherwise keep twenty thousand.
    public var checkpointHistory = 10
    /// Where snapshots are written; nil makes a temporary folder when the first is taken.
    public var stateDirectory: String?
    /// Whether snapshots are fsynced (a `--state-dir` is; the temporary default is not).
    public var durableState = false
    /// A savepoint or checkpoint to restore when the job starts.
    public var restorePath: String?
    /// Let the job start although the snapshot holds state of operators it no longer has.
    public var allowNonRestoredState = false
    /// Virtual seconds between data-plane steps while rated sources run.
    public var stepSeconds = 1.0
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
