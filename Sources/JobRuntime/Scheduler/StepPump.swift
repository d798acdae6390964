import Clock

/// What the step pump may ask of its scheduler: to schedule in the current state, and to
/// be told how a step ended. Nothing else of the job is the pump's business.
protocol StepPumpContext: AnyObject {
    /// Schedules `action` (after `work`, which may run beside other jobs') to run only if
    /// `execution` is still the job's; `stale` runs instead when it is not.
    func runIfExecuting(_ execution: Execution, at time: Instant, work: (() -> Void)?,
                        _ action: @escaping () -> Void, stale: @escaping () -> Void)
    /// Tasks failed (nil: a global failure, such as too many failed checkpoints).
    func stepFailed(_ failures: [(task: Int?, error: JobError)])
    /// A stop-with-savepoint's savepoint is taken.
    func stepStoppedWithSavepoint()
    /// Every source is exhausted and every record through: the job ends FINISHED.
    func stepFinished()
}

/// Moves a deployment through virtual time, step by step on the job's grid (design: Time):
/// the steps a failover replays, then a checkpoint barrier when one is due, then rounds of
/// the data plane until it is quiet, finished or failed; then the next step, on the grid.
/// A job without rated sources runs a batch of rounds an event, at one instant.
final class StepPump {
    let clock: any Clock
    let configuration: JobConfiguration
    let coordinator: CheckpointCoordinator
    /// When the sources began: the grid's origin.
    let sourceStart: Int64
    /// Whether any source has a rate (then the job runs in steps of virtual time).
    let hasRatedSources: Bool
    unowned let context: any StepPumpContext
    /// Each subtask's busy ratio over the last step, in task order.
    private(set) var busy: [Double] = []

    /// Rounds an event runs for a job without rated sources (a batch job, say), which
    /// otherwise would run to its end in one event: between them, waits see its progress
    /// and Ctrl-C is heard. Virtual time does not move between them.
    static let roundsPerEvent = 256

    init(clock: any Clock, configuration: JobConfiguration, coordinator: CheckpointCoordinator, sourceStart: Int64,
         hasRatedSources: Bool, context: any StepPumpContext) {
        self.clock = clock
        self.configuration = configuration
        self.coordinator = coordinator
        self.sourceStart = sourceStart
        self.hasRatedSources = hasRatedSources
        self.context = context
    }

    private var stepNanoseconds: Int64 { Int64((configuration.stepSeconds * 1e9).rounded()) }

    /// The first step time after `time` on the job's grid: the sources' start plus whole steps.
    func gridStep(after time: Instant) -> Instant {
        let elapsed = time.nanoseconds - sourceStart
        return Instant(nanoseconds: sourceStart + (elapsed / stepNanoseconds + 1) * stepNanoseconds)
    }

    private func isOnGrid(_ time: Instant) -> Bool { (time.nanoseconds - sourceStart) % stepNanoseconds == 0 }

    /// The first step of a new deployment, now.
    func start(_ execution: Execution) {
        context.runIfExecuting(execution, at: clock.now, work: nil, { [self] in step(execution, rescheduling: true) }, stale: {})
    }

    /// One step of the data plane up to now (`rescheduling`: then the next one).
    func step(_ execution: Execution, rescheduling: Bool) {
        let plane = execution.plane
        if let prepared = execution.prepared {
            execution.prepared = nil
            coordinator.releaseReports()
            return finish(execution, prepared.outcome, rescheduling: rescheduling, completion: prepared.completion)
        }
        while let replay = execution.replayFrom, replay < clock.now {
            execution.replayFrom = gridStep(after: replay)
            plane.context.now = replay.nanoseconds
            let outcome = plane.run()
            if case .failed(let task, let error) = outcome { return context.stepFailed([(task, error)]) }
            if outcome == .finished { break }
        }
        execution.replayFrom = nil
        if hasRatedSources && !isOnGrid(clock.now) {
            // A restart lands between steps: the next live step keeps to the grid.
            return scheduleNext(execution, rescheduling: rescheduling)
        }
        plane.context.now = clock.now.nanoseconds
        coordinator.trigger(on: plane, at: clock.now)
        if !hasRatedSources { return runRounds(execution, rescheduling: rescheduling) }
        let outcome = plane.run()
        if rescheduling { takeBusyRatio(plane) }
        finish(execution, outcome, rescheduling: rescheduling)
    }

    private func runRounds(_ execution: Execution, rescheduling: Bool) {
        let outcome = execution.plane.run(maxRounds: StepPump.roundsPerEvent)
        guard outcome == .busy else { return finish(execution, outcome, rescheduling: rescheduling) }
        context.runIfExecuting(execution, at: clock.now, work: nil, { [self] in runRounds(execution, rescheduling: rescheduling) },
                               stale: {})
    }

    /// A live step's data-plane part and its checkpoint's, done ahead of its event's action
    /// when they concern nothing but this job — no replay, no savepoint, no print sink, no
    /// Lua state — so that they can run on the pool's threads beside other jobs' and beside
    /// the actions (`Clock.schedule(at:work:then:)`), the checkpoint's reports held. The
    /// action then makes the reports and finishes the step. Every way in from outside —
    /// metrics, events, checkpoints, tasks, cancel, inject, savepoints — settles this work
    /// first (`Clock.settle`).
    private func prepare(_ execution: Execution) {
        execution.prepared = nil
        let plane = execution.plane
        guard execution.replayFrom == nil, plane.threadFree, !plane.prints, isOnGrid(clock.now),
              coordinator.isQuiet(on: plane) else { return }
        coordinator.holdReports()
        plane.context.now = clock.now.nanoseconds
        coordinator.trigger(on: plane, at: clock.now)
        let outcome = plane.run(inline: true)
        takeBusyRatio(plane)
        var completion: CheckpointCoordinator.Outcome?
        if case .failed = outcome {} else { completion = coordinator.complete(on: plane, at: clock.now) }
        execution.prepared = (outcome, completion)
    }

    /// What a step does once its data plane is quiet, finished or failed (`completion`: the
    /// checkpoint's, when `prepare` completed it).
    private func finish(_ execution: Execution, _ outcome: DataPlaneOutcome, rescheduling: Bool,
                        completion: CheckpointCoordinator.Outcome? = nil) {
        if case .failed(let task, let error) = outcome { return context.stepFailed([(task, error)]) }
        switch completion ?? coordinator.complete(on: execution.plane, at: clock.now) {
        case .failover(let error): return context.stepFailed([(nil, error)])
        case .stop: return context.stepStoppedWithSavepoint()
        case .completed, .nothing: break
        }
        switch outcome {
        case .finished:
            context.stepFinished()
        case .idle, .failed, .busy:  // (busy never reaches here: runRounds goes on first)
            scheduleNext(execution, rescheduling: rescheduling)
        }
    }

    private func scheduleNext(_ execution: Execution, rescheduling: Bool) {
        guard rescheduling, hasRatedSources else { return }
        context.runIfExecuting(execution, at: gridStep(after: clock.now), work: { [self] in prepare(execution) },
                               { [self] in step(execution, rescheduling: true) },
                               stale: { [self] in
                                   if execution.prepared != nil {
                                       execution.prepared = nil
                                       coordinator.dropReports()
                                   }
                               })
    }

    private func takeBusyRatio(_ plane: DataPlane) {
        busy = plane.subtasks.map { subtask in
            let ratio = min(1, subtask.busySeconds / configuration.stepSeconds)
            subtask.busySeconds = 0
            return ratio
        }
    }
}
