import Clock

/// Runs one job the way Flink's JobMaster does: it deploys the job's subtasks, drives the
/// job's status through Flink's transitions for the job's version, coordinates
/// checkpoints, and on a failure asks the restart strategy whether and when to restart
/// from the latest completed checkpoint. It lives on the control-plane thread and acts
/// only in events on the clock; the data plane's work happens inside those events.
public final class JobManager {
    public let graph: JobGraph
    public let configuration: JobConfiguration
    public let clock: any Clock
    public let restartStrategy: any RestartStrategy
    /// 32 hex digits, as Flink's job ids, drawn from the job's seed.
    public let jobID: String
    public private(set) var status: JobStatus
    /// Every job and task status change, every savepoint's, and the last checkpoints'
    /// (`JobConfiguration.checkpointHistory` of them: two events each), in order.
    public var events: [JobEvent] {
        clock.settle(self)
        let kept = checkpointEvents.suffix(2 * max(0, configuration.checkpointHistory))
        guard !kept.isEmpty else { return statusEvents.map(\.event) }
        // Merge the two by when they happened.
        var merged: [JobEvent] = []
        merged.reserveCapacity(statusEvents.count + kept.count)
        var i = statusEvents.startIndex, j = kept.startIndex
        while i < statusEvents.endIndex || j < kept.endIndex {
            if j == kept.endIndex || (i < statusEvents.endIndex && statusEvents[i].sequence < kept[j].sequence) {
                merged.append(statusEvents[i].event)
                i += 1
            } else {
                merged.append(kept[j].event)
                j += 1
            }
        }
        return merged
    }
    private var statusEvents: [(sequence: Int, event: JobEvent)] = []
    /// Periodic checkpoints' events, trimmed now and then to the history kept.
    private var checkpointEvents: [(sequence: Int, event: JobEvent)] = []
    private var eventCount = 0
    /// Restarts since submission (Flink's `numRestarts`; `fullRestarts` is the same number).
    public private(set) var numRestarts = 0
    /// What failed the job, once it is FAILED.
    public private(set) var failureCause: JobError?
    /// Last time the job entered each status (Flink's `stateTimestamps`).
    private var statusTimes: [JobStatus: Instant] = [:]
    /// Each subtask's busy ratio over the last step, in `taskNames` order.
    private var busy: [Double] { pump?.busy ?? [] }
    /// Completed checkpoints kept, oldest first.
    public var checkpoints: [CompletedCheckpoint] {
        clock.settle(self)
        return coordinator.checkpoints
    }
    public var savepoints: [CompletedCheckpoint] {
        clock.settle(self)
        return coordinator.savepoints
    }
    let plan: ExecutionPlan
    private var attempt = 0
    private var taskStates: [ExecutionState] = []
    private var submitted = false
    /// What the scheduler is doing (see `SchedulerState`); every change of it makes the
    /// events scheduled before stale (`runIfState`).
    private var state: SchedulerState = .created {
        didSet { stateEra &+= 1 }
    }
    private var stateEra = 0
    /// The deployment running now, if the job executes.
    private var execution: Execution? {
        if case .executing(let execution) = state, !execution.isTornDown { execution } else { nil }
    }
    /// The job's status path through failovers, for its era.
    private let failurePath: FailurePath
    /// Steps the deployments through virtual time, from the first RUNNING on.
    private var pump: StepPump?
    private var restoreFrom: CompletedCheckpoint?
    private var coordinator: CheckpointCoordinator!
    private var taskFaults: [Int: Int] = [:]
    private var observers: [(JobEvent) -> Void] = []

    /// Worker threads shared with other jobs (the backend's), or nil for threads of its own.
    let sharedPool: WorkerPool?

    public convenience init(graph: JobGraph, configuration: JobConfiguration = JobConfiguration(), clock: any Clock) throws(JobError) {
        try self.init(graph: graph, configuration: configuration, clock: clock, pool: nil)
    }

    init(graph: JobGraph, configuration: JobConfiguration, clock: any Clock, pool: WorkerPool?) throws(JobError) {
        sharedPool = pool
        try graph.validate()
        for node in graph.nodes {
            if case .source(let source, let rate) = node.kind {
                if let rate { guard rate > 0, rate.isFinite else { throw .invalidGraph("'\(node.name)' has rate \(rate); it must be positive") } }
                guard source.isBounded || rate != nil else { throw .invalidGraph("'\(node.name)' is unbounded and needs a rate") }
            }
        }
        self.graph = graph
        self.configuration = configuration
        self.clock = clock
        var random = SeededRandom(seed: configuration.seed)
        jobID = (0..<2).map { _ in String(random.next(), radix: 16).leftPadded(to: 16) }.joined()
        do {
            restartStrategy = try RestartStrategyConfiguration
                .resolve(configuration.restart, version: configuration.flinkVersion,
                         checkpointing: configuration.checkpointInterval != nil && graph.effectiveMode == .streaming)
                .makeStrategy(random: random)
        } catch {
            throw .invalidGraph(error.message)
        }
        plan = ExecutionPlan(graph)
        taskNames = plan.vertices.flatMap { v in (0..<v.parallelism).map { "\(v.name) (\($0 + 1)/\(v.parallelism))" } }
        slotOfTask = plan.vertices.flatMap { v in 0..<v.parallelism }
        endsOfVertex = plan.vertices.map { vertex in
            vertex.nodes.indices.compactMap { i -> (Int, Bool)? in
                switch vertex.nodes[i].kind {
                case .source: (i, true)
                case .sink: (i, false)
                default: nil
                }
            }
        }
        hasRatedSources = graph.nodes.contains { if case .source(_, let rate) = $0.kind { rate != nil } else { false } }
        status = configuration.flinkVersion.startsInitializing ? .initializing : .created
        failurePath = .of(configuration.flinkVersion.era)
        coordinator = CheckpointCoordinator(configuration: configuration, jobID: jobID) { [unowned self] id, savepoint, from, to, cause in
            record(.checkpoint(id: id, savepoint: savepoint), from: from, to: to, cause: cause)
        }
        coordinator.isPeriodic = configuration.checkpointInterval != nil && graph.effectiveMode == .streaming
    }
    private var era: SchedulerEra { configuration.flinkVersion.era }
    private var nowMs: Int64 { clock.now.nanoseconds / 1_000_000 }

    /// Subtask names in the order their events are reported: "Map (1/2)".
    public let taskNames: [String]
    /// The slot each subtask runs in (its index: slot sharing), in `taskNames` order.
    private let slotOfTask: [Int]
    /// Per vertex, the chain positions of its sources (true) and sinks (false): where `load`
    /// counts records in and out.
    private let endsOfVertex: [[(index: Int, isSource: Bool)]]
    /// Whether any source has a rate (then the job runs in steps of virtual time).
    private let hasRatedSources: Bool

    public var tasks: [(name: String, state: ExecutionState)] {
        clock.settle(self)
        return Array(zip(taskNames, taskStates))
    }

    /// TaskManagers the job occupies: one slot each, one per unit of the highest parallelism.
    public var taskManagers: Int { plan.slotsNeeded }

    // MARK: control

    /// Hands the job to the scheduler: it starts INITIALIZING (or CREATED before 1.12) and
    /// goes on in events on the clock. A snapshot to restore that cannot be used fails it.
    public func submit() {
        guard !submitted else { return }
        submitted = true
        record(.job, from: "SUBMITTED", to: status.rawValue, cause: nil)
        runIfState(at: clock.now) { [self] in
            do throws(JobError) {
                try loadInitialSnapshot()
            } catch {
                failureCause = error
                if status == .created { transition(to: .failing, cause: error.description) }
                transition(to: .failed, cause: error.description)
                state = .ended
                return
            }
            if status == .initializing { transition(to: .created) }
            transition(to: .running)
            pump = StepPump(clock: clock, configuration: configuration, coordinator: coordinator, sourceStart: clock.now.nanoseconds,
                            hasRatedSources: hasRatedSources, context: self)
            coordinator.jobStarted(at: clock.now)
            deploy(restoring: restoreFrom)
        }
    }

    /// Schedules `action` at `time` to run only if the job is still in the scheduler state it
    /// is in now (Flink's `runIfState`): the one place that drops an event overtaken by a
    /// failover, a cancel or the job's end. `stale` runs instead when it was.
    private func runIfState(at time: Instant, work: (() -> Void)? = nil, _ action: @escaping () -> Void,
                            stale: @escaping () -> Void = {}) {
        let era = stateEra
        guard let work else {
            clock.schedule(at: time, by: self) { [self] in era == stateEra ? action() : stale() }
            return
        }
        let owned = OwnedWork(owner: self) { [self] in if era == stateEra { work() } }
        clock.schedule(at: time, by: self, work: owned) { [self] in era == stateEra ? action() : stale() }
    }

    /// Cancels the job: CANCELLING while its tasks cancel, then CANCELED. A pending restart
    /// is dropped. Does nothing to a job that has ended.
    public func cancel() {
        clock.settle(self)
        guard submitted, !status.isTerminal else { return }
        defer { state = .ended }
        if failurePath.cancelFromRestartingIsImmediate && status == .restarting {
            transition(to: .canceled)  // 1.8: the tasks are already down
            return
        }
        transition(to: .cancelling)
        cancelTasks(cause: "the job was cancelled")
        transition(to: .canceled)
    }

    /// Injects a fault (see `Fault`).
    public func inject(_ fault: Fault) {
        clock.settle(self)
        switch fault {
        case .taskFailure(let task, let after):
            taskFaults[task] = after
            if let plane = execution?.plane, plane.subtasks.indices.contains(task) { plane.subtasks[task].failAfterRecords = after }
        case .checkpointFailure:
            coordinator.declineNext()
        case .slowCheckpoint(let seconds):
            coordinator.slowNext(by: seconds)
        case .taskManagerLost(let index, let at):
            clock.schedule(at: Instant(seconds: at), by: self) { [self] in
                guard status == .running, execution != nil else { return }
                let lost = plan.vertices.flatMap { v in (0..<v.parallelism).map { (v, $0) } }
                    .enumerated().filter { $0.element.1 == index }.map(\.offset)
                guard !lost.isEmpty else { return }
                handleFailures(lost.map { ($0, JobError(code: "TaskManagerLostException",
                                                         message: "TaskManager \(index + 1) is lost (heartbeat timed out)")) })
            }
        }
    }

    /// Triggers a savepoint at the next step; `stop` ends the job FINISHED once it is taken
    /// (stop-with-savepoint). `done` gets the savepoint or the reason there is none.
    public func triggerSavepoint(stop: Bool = false, done: @escaping (Result<CompletedCheckpoint, JobError>) -> Void) {
        clock.settle(self)
        guard status == .running, execution != nil else {
            return done(.failure(JobError(code: "CheckpointException",
                                          message: "a savepoint needs a RUNNING job; '\(graph.name)' is \(status.rawValue)")))
        }
        // Taken at the next step, so that it cuts the input where a checkpoint would.
        coordinator.requestSavepoint(.init(stop: stop, done: done))
    }

    // MARK: running

    private func deploy(restoring snapshot: CompletedCheckpoint?) {
        guard let pump else { return }
        let context = DataPlaneContext(batchSize: configuration.batchSize, channelCapacity: configuration.channelCapacity,
                                       mode: graph.effectiveMode, output: configuration.output)
        context.now = clock.now.nanoseconds
        context.sourceStart = pump.sourceStart
        context.restore = snapshot
        let replayFrom: Instant?
        if attempt == 0 || !hasRatedSources {
            replayFrom = nil
        } else if let snapshot, snapshot !== restoreFrom {
            replayFrom = pump.gridStep(after: Instant(nanoseconds: snapshot.cut))
        } else {
            replayFrom = Instant(nanoseconds: pump.sourceStart)  // from the beginning
        }
        let plane = DataPlane(plan: plan, attempt: attempt, context: context, workers: configuration.workers, pool: sharedPool)
        for (task, after) in taskFaults where plane.subtasks.indices.contains(task) { plane.subtasks[task].failAfterRecords = after }
        let execution = Execution(plane: plane, replayFrom: replayFrom)
        state = .executing(execution)
        taskStates = Array(repeating: .created, count: plane.subtasks.count)
        var path: [ExecutionState] = [.scheduled, .deploying]
        if configuration.flinkVersion.tasksInitialize { path.append(.initializing) }
        path.append(.running)
        for i in taskStates.indices {
            setTask(i, .created, from: "")
            for state in path { setTask(i, state) }
        }
        pump.start(execution)
    }

    // MARK: checkpoints

    /// Stop-with-savepoint: once the savepoint is taken, the tasks finish and so does the job.
    private func stopAfterSavepoint() {
        for i in taskStates.indices where !taskStates[i].isTerminal { setTask(i, .finished) }
        teardown()
        transition(to: .finished, cause: "stopped with a savepoint")
        state = .ended
    }

    /// The savepoint or checkpoint the job starts from, checked against the graph.
    private func loadInitialSnapshot() throws(JobError) {
        guard let path = configuration.restorePath else { return }
        let snapshot = try SnapshotStore.read(path)
        let known = Set(graph.nodes.map(\.operatorID))
        let unknown = snapshot.operators.keys.filter { !known.contains($0) }.sorted()
        if !unknown.isEmpty && !configuration.allowNonRestoredState {
            throw JobError(code: "IllegalStateException",
                           message: "Failed to rollback to checkpoint/savepoint \(path). Cannot map checkpoint/savepoint state for operator \(unknown[0]) to the new program, because the operator is not available in the new program. If you want to allow to skip this, you can set the --allowNonRestoredState option on the CLI.")
        }
        restoreFrom = snapshot
        coordinator.continueAfter(snapshot)
    }

    // MARK: failures

    /// Flink's failure handling (spec §5.2), one notification per failed task (nil: a
    /// global failure): the failed tasks FAILED, the others cancelled, then the restart
    /// strategy decides, along the job-status path of the job's era, and a restart restores
    /// the latest completed checkpoint.
    private func handleFailures(_ failures: [(task: Int?, error: JobError)]) {
        guard let first = failures.first else { return }
        for (task, error) in failures { if let task, !taskStates[task].isTerminal { setTask(task, .failed, cause: error.description) } }
        coordinator.abandon(at: clock.now)
        cancelTasks(cause: "another task failed")
        let cause = first.task.map { "\(taskNames[$0]) failed: \(first.error)" } ?? "global failure: \(first.error)"
        let plan = failurePath.plan(failures: failures.count, cause: cause, strategy: restartStrategy, nowMs: nowMs)
        numRestarts += plan.newAttempts
        guard let backoff = plan.restartAfterMs else {
            for (i, change) in plan.transitions.enumerated() {
                if i == plan.transitions.count - 1 { failureCause = first.error }
                transition(to: change.status, cause: change.cause)
            }
            state = .ended
            return
        }
        for change in plan.transitions { transition(to: change.status, cause: change.cause) }
        state = .restarting
        runIfState(at: clock.now.advanced(bySeconds: Double(backoff) / 1000)) { [self] in
            attempt += 1
            restartStrategy.restarted(atMs: nowMs)
            for change in failurePath.restartTransitions(restart: numRestarts, backoffMs: backoff) {
                transition(to: change.status, cause: change.cause)
            }
            deploy(restoring: coordinator.latest ?? restoreFrom)
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
        guard let execution else { return }
        execution.plane.shutdown()
        execution.isTornDown = true
    }

    // MARK: metrics

    /// The job's metrics now (spec §12).
    public var metrics: JobMetrics {
        clock.settle(self)
        var m = JobMetrics()
        m.numberOfCompletedCheckpoints = coordinator.completedCount
        m.numberOfFailedCheckpoints = coordinator.failedCount
        m.lastCheckpointDuration = coordinator.lastDuration
        m.lastCheckpointSize = coordinator.lastSize
        m.numRestarts = numRestarts
        let now = clock.now
        if status.isTerminal {
            m.uptime = -1
            m.downtime = -1
        } else {
            let running = statusTimes[.running]
            if status == .running, let running { m.uptime = (now.nanoseconds - running.nanoseconds) / 1_000_000 }
            if let failing = statusTimes[.failing], failing > (running ?? .zero) {
                m.downtime = (now.nanoseconds - failing.nanoseconds) / 1_000_000
            }
        }
        var operators = graph.nodes.map { OperatorMetrics(name: $0.name, numRecordsIn: 0, numRecordsOut: 0) }
        for subtask in execution?.plane.subtasks ?? [] {
            for (i, node) in subtask.vertex.nodes.enumerated() where i < subtask.operatorRecords.count {
                operators[node.id].numRecordsIn += subtask.operatorRecords[i].into
                operators[node.id].numRecordsOut += subtask.operatorRecords[i].out
            }
        }
        m.operators = operators
        m.busyRatio = Array(zip(taskNames, busy))
        return m
    }

    /// How far the sources have read: records, and the records there are to read when every
    /// source subtask has begun, is bounded and knows it (a batch job's percent done).
    public var progress: (records: Int, total: Int?) {
        clock.settle(self)
        let parts = (execution?.plane.subtasks ?? []).filter(\.vertex.isSource).map(\.sourceProgress)
        let read = parts.reduce(Int64(0)) { $0 + ($1?.read ?? 0) }
        var total: Int64? = parts.isEmpty ? nil : 0
        for part in parts { total = total.flatMap { sum in part?.total.map { sum + $0 } } }
        return (Int(read), total.map(Int.init))
    }

    /// The records in and out and the busy ratios now, for the autoscaler's minute.
    public var load: JobLoad {
        clock.settle(self)
        var load = JobLoad()
        for subtask in execution?.plane.subtasks ?? [] {
            let records = subtask.operatorRecords
            for (i, isSource) in endsOfVertex[subtask.vertex.id] where i < records.count {
                if isSource { load.recordsIn += records[i].out } else { load.recordsOut += records[i].into }
            }
        }
        load.slots = Array(repeating: 0, count: plan.slotsNeeded)
        for (ratio, slot) in zip(busy, slotOfTask) {
            load.busiest = max(load.busiest, ratio)
            load.slots[slot] += ratio
        }
        return load
    }

    // MARK: the one place statuses change

    private func transition(to next: JobStatus, cause: String? = nil) {
        precondition(JobStatusTransitions.isAllowed(from: status, to: next, era: era), "illegal job transition \(status) -> \(next)")
        let previous = status
        status = next
        statusTimes[next] = clock.now
        // A row that reads on its own: RESTARTING -> RESTARTING is a further failure while
        // the job was already restarting, and says so.
        let said = previous == .restarting && next == .restarting ? "another failure while restarting: \(cause ?? "unknown")" : cause
        record(.job, from: previous.rawValue, to: next.rawValue, cause: said)
        if next.isTerminal { coordinator.refuseSavepoints("the job is \(next.rawValue)") }
    }

    private func setTask(_ i: Int, _ next: ExecutionState, from override: String? = nil, cause: String? = nil) {
        let previous = taskStates[i]
        precondition(override != nil || previous.allowedNext.contains(next), "illegal task transition \(previous) -> \(next)")
        taskStates[i] = next
        record(.task(name: taskNames[i], attempt: attempt), from: override ?? previous.rawValue, to: next.rawValue, cause: cause)
    }

    private func record(_ subject: JobEvent.Subject, from: String, to: String, cause: String?) {
        let event = JobEvent(time: clock.now, subject: subject, from: from, to: to, cause: cause)
        eventCount += 1
        if case .checkpoint(_, savepoint: false) = subject {
            checkpointEvents.append((eventCount, event))
            let keep = 2 * max(0, configuration.checkpointHistory)
            if checkpointEvents.count > 2 * keep + 64 { checkpointEvents.removeFirst(checkpointEvents.count - keep) }
        } else {
            statusEvents.append((eventCount, event))
        }
        for observer in observers { observer(event) }
        // Nothing follows a job's end: its observers (which often hold what holds the job) go.
        if subject == .job, JobStatus(rawValue: to)?.isGloballyTerminal == true { observers.removeAll() }
    }

    public func observe(_ handler: @escaping (JobEvent) -> Void) { observers.append(handler) }

    /// Forgets every observer (their closures often hold what holds the job).
    public func stopObserving() { observers.removeAll() }
}

extension JobManager: StepPumpContext {
    func runIfExecuting(_ execution: Execution, at time: Instant, work: (() -> Void)?,
                        _ action: @escaping () -> Void, stale: @escaping () -> Void) {
        guard self.execution === execution else { return stale() }
        runIfState(at: time, work: work, action, stale: stale)
    }

    func stepFailed(_ failures: [(task: Int?, error: JobError)]) {
        for case (let task?, _) in failures { taskFaults[task] = nil }
        handleFailures(failures)
    }

    func stepStoppedWithSavepoint() { stopAfterSavepoint() }

    func stepFinished() {
        guard let plane = execution?.plane else { return }
        do { try plane.commitSinks(through: .max) } catch { return handleFailures([(0, error)]) }
        for i in taskStates.indices { setTask(i, .finished) }
        teardown()
        transition(to: .finished)
        state = .ended
    }
}

extension JobManager: EventSource {
    /// "job 'orders' (RESTARTING, attempt 7)": what the clock's watchdog names.
    public var eventSourceName: String { "job '\(graph.name)' (\(status.rawValue), attempt \(attempt + 1))" }
}

extension String {
    /// Zero-padded on the left to `width` characters (ids, tokens).
    package func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
