import Clock

/// Runs one job the way Flink's JobMaster does: it deploys the job's subtasks, drives the
/// job's status through Flink's transitions for the job's version, and on a failure asks
/// the restart strategy whether and when to restart. It lives on the control-plane thread
/// and acts only in events on the clock; the data plane's work happens inside those events.
public final class JobManager {
    public let graph: JobGraph
    public let configuration: JobConfiguration
    public let clock: any Clock
    public let restartStrategy: any RestartStrategy
    public private(set) var status: JobStatus
    /// Every job and task status change, in order.
    public private(set) var events: [JobEvent] = []
    /// Restarts since submission (Flink's `numRestarts`; `fullRestarts` is the same number).
    public private(set) var numRestarts = 0
    /// What failed the job, once it is FAILED.
    public private(set) var failureCause: JobError?
    let plan: ExecutionPlan
    private var attempt = 0
    private var deployment: DataPlane?
    private var taskStates: [ExecutionState] = []
    /// Bumped by every cancel and restart: an event scheduled before it is stale and does nothing.
    private var generation = 0
    private var submitted = false

    public init(graph: JobGraph, configuration: JobConfiguration = JobConfiguration(), clock: any Clock) throws(JobError) {
        try graph.validate()
        for node in graph.nodes {
            if case .source(let source, let rate) = node.kind {
                guard rate == nil else {
                    throw .invalidGraph("'\(node.name)' has a rate; rated sources are not supported yet")
                }
                guard source.isBounded else { throw .invalidGraph("'\(node.name)' is unbounded and needs a rate") }
            }
        }
        self.graph = graph
        self.configuration = configuration
        self.clock = clock
        let checkpointing = configuration.checkpointInterval != nil && graph.effectiveMode == .streaming
        do {
            restartStrategy = try RestartStrategyConfiguration
                .resolve(configuration.restart, version: configuration.flinkVersion, checkpointing: checkpointing)
                .makeStrategy(random: SeededRandom(seed: configuration.seed))
        } catch {
            throw .invalidGraph(error.message)
        }
        plan = ExecutionPlan(graph)
        status = configuration.flinkVersion.startsInitializing ? .initializing : .created
    }

    private var era: SchedulerEra { configuration.flinkVersion.era }
    private var nowMs: Int64 { clock.now.nanoseconds / 1_000_000 }

    /// Subtask names in the order their events are reported: "Map (1/2)".
    public var taskNames: [String] {
        plan.vertices.flatMap { v in (0..<v.parallelism).map { "\(v.name) (\($0 + 1)/\(v.parallelism))" } }
    }

    /// The current state of each subtask attempt, in `taskNames` order.
    public var taskStatesNow: [ExecutionState] { taskStates }

    // MARK: control

    /// Hands the job to the scheduler: it starts INITIALIZING (or CREATED before 1.12) and
    /// goes on in events on the clock.
    public func submit() {
        guard !submitted else { return }
        submitted = true
        record(.job, from: "SUBMITTED", to: status.rawValue, cause: nil)
        let current = generation
        clock.schedule(at: clock.now) { [self] in
            guard current == generation, !status.isTerminal else { return }
            if status == .initializing { transition(to: .created) }
            transition(to: .running)
            deploy()
        }
    }

    /// Cancels the job: CANCELLING while its tasks cancel, then CANCELED. A pending restart
    /// is dropped. Does nothing to a job that has ended.
    public func cancel() {
        guard submitted, !status.isTerminal else { return }
        generation += 1
        if era == .legacy && status == .restarting {
            transition(to: .canceled)  // 1.8: the tasks are already down
            return
        }
        transition(to: .cancelling)
        cancelTasks(cause: "the job was cancelled")
        transition(to: .canceled)
    }

    // MARK: running

    private func deploy() {
        let context = DataPlaneContext(batchSize: configuration.batchSize, channelCapacity: configuration.channelCapacity,
                                       mode: graph.effectiveMode, output: configuration.output)
        context.now = clock.now.nanoseconds
        let plane = DataPlane(plan: plan, attempt: attempt, context: context, workers: configuration.workers)
        deployment = plane
        taskStates = Array(repeating: .created, count: plane.subtasks.count)
        var path: [ExecutionState] = [.scheduled, .deploying]
        if configuration.flinkVersion.tasksInitialize { path.append(.initializing) }
        path.append(.running)
        for i in taskStates.indices {
            setTask(i, .created, from: "")
            for state in path { setTask(i, state) }
        }
        let current = generation
        clock.schedule(at: clock.now) { [self] in
            guard current == generation, status == .running else { return }
            runDataPlane()
        }
    }

    private func runDataPlane() {
        guard let plane = deployment else { return }
        plane.context.now = clock.now.nanoseconds
        switch plane.run() {
        case .finished:
            for i in taskStates.indices { setTask(i, .finished) }
            teardown()
            transition(to: .finished)
        case .failed(let subtask, let error):
            handleFailure(of: subtask, error)
        case .idle:
            break
        }
    }

    /// Flink's failure handling (spec §5.2): the failed task FAILED, the others cancelled,
    /// then the restart strategy decides, along the job-status path of the job's era.
    private func handleFailure(of subtask: Int, _ error: JobError) {
        let cause = "\(taskNames[subtask]) failed: \(error)"
        setTask(subtask, .failed, cause: error.description)
        cancelTasks(cause: "another task failed")
        generation += 1
        if era == .legacy { transition(to: .failing, cause: cause) }
        let now = nowMs
        let isNewAttempt = restartStrategy.notifyFailure(atMs: now)
        guard restartStrategy.canRestart(atMs: now) else {
            let suppressed = "Recovery is suppressed by \(restartStrategy.description)"
            if era == .defaultScheduler { transition(to: .failing, cause: "\(cause); \(suppressed)") }
            failureCause = error
            transition(to: .failed, cause: era == .legacy ? suppressed : nil)
            return
        }
        if isNewAttempt { numRestarts += 1 }
        transition(to: .restarting, cause: era == .defaultScheduler ? cause : nil)
        let backoff = restartStrategy.backoffMs(atMs: now)
        let current = generation
        clock.schedule(at: clock.now.advanced(bySeconds: Double(backoff) / 1000)) { [self] in
            guard current == generation, status == .restarting else { return }
            attempt += 1
            if era == .legacy { transition(to: .created) }
            transition(to: .running, cause: "restart #\(numRestarts) after \(backoff) ms")
            deploy()
        }
    }

    /// Every live task: CANCELING, then CANCELED (CREATED and SCHEDULED ones directly).
    private func cancelTasks(cause: String) {
        for i in taskStates.indices where !taskStates[i].isTerminal {
            if taskStates[i] != .created && taskStates[i] != .scheduled { setTask(i, .canceling, cause: cause) }
            setTask(i, .canceled)
        }
        teardown()
    }

    private func teardown() {
        deployment?.shutdown()
        deployment = nil
    }

    // MARK: the one place statuses change

    private func transition(to next: JobStatus, cause: String? = nil) {
        assert(JobStatusTransitions.isAllowed(from: status, to: next, era: era), "illegal job transition \(status) -> \(next)")
        let previous = status
        status = next
        record(.job, from: previous.rawValue, to: next.rawValue, cause: cause)
    }

    private func setTask(_ i: Int, _ next: ExecutionState, from override: String? = nil, cause: String? = nil) {
        let previous = taskStates[i]
        assert(override != nil || previous.allowedNext.contains(next), "illegal task transition \(previous) -> \(next)")
        taskStates[i] = next
        record(.task(name: taskNames[i], attempt: attempt), from: override ?? previous.rawValue, to: next.rawValue, cause: cause)
    }

    private func record(_ subject: JobEvent.Subject, from: String, to: String, cause: String?) {
        events.append(JobEvent(time: clock.now, subject: subject, from: from, to: to, cause: cause))
    }
}
