/// A fault injected into a running job, to rehearse failures.
public enum Fault: Sendable, Equatable {
    /// Subtask `subtask` (0-based, in `taskNames` order) fails once, when `afterRecords`
    /// records have come into it in its current attempt.
    case taskFailure(task: Int, afterRecords: Int)
    /// TaskManager `index` (0-based; messages count from 1) is lost at virtual time `at`
    /// (seconds): every subtask in its slot fails, one failure notification each.
    /// TaskManager k holds subtask k of every vertex (one slot each, slot sharing on).
    case taskManagerLost(index: Int, at: Double)
    /// The next checkpoint is declined by a task.
    case checkpointFailure
    /// The next checkpoint takes at least this many seconds.
    case slowCheckpoint(seconds: Double)
}
