import Clock

/// What the scheduler is doing, each state with only the data it has (the shape of Flink's
/// adaptive scheduler: `Created`, `Executing`, `Restarting`, `Finished`). The job's status
/// (`JobStatus`) is what Flink reports; the state is what decides which scheduled work
/// still matters: every event is scheduled in a state and runs only if the job is still
/// in it (`JobManager.runIfState`), so a step of a deployment that failed over, a restart
/// that a cancel overtook or a submission cancelled first does nothing.
///
///     created ──→ executing ──→ restarting ──→ executing …
///        │            │               │
///        └────────────┴───────────────┴──→ ended (FINISHED, FAILED, CANCELED)
enum SchedulerState {
    /// Submitted; the first deployment is due (INITIALIZING or CREATED).
    case created
    /// One deployment of the subtasks runs.
    case executing(Execution)
    /// Failed over; the restart is due once the backoff has passed.
    case restarting
    /// FINISHED, FAILED or CANCELED: nothing more happens.
    case ended
}

/// A deployment of the job's subtasks, and the step the pump has in hand for it.
final class Execution {
    let plane: DataPlane
    /// After a failover, the step times (on the job's grid) the restored checkpoint is behind:
    /// they are run again in order, so the replay cuts the input exactly as the first run
    /// did and produces the same output.
    var replayFrom: Instant?
    /// A step's data-plane part run ahead (`StepPump.prepare`): how the data plane ended, and
    /// what became of the checkpoint in flight.
    var prepared: (outcome: DataPlaneOutcome, completion: CheckpointCoordinator.Outcome?)?
    /// Its subtasks are cancelled or finished: it is the job's no more, though the state
    /// that follows (RESTARTING, the end) is not entered yet.
    var isTornDown = false

    init(plane: DataPlane, replayFrom: Instant?) {
        self.plane = plane
        self.replayFrom = replayFrom
    }
}
