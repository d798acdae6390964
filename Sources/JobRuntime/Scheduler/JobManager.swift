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
    private var busy: [Double] = []
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
    private var deployment: DataPlane?
    private var taskStates: [ExecutionState] = []
    /// Bumped by every cancel, failure and restart: an event scheduled before is stale.
    private var generation = 0
    private var submitted = false
    /// When the sources began (rated records are stamped from it).
    private var sourceStart: Int64 = 0
    private var restoreFrom: CompletedCheckpoint?
    private var coordinator: CheckpointCoordinator!
    /// After a failover, the step times (on the job's grid) the restored checkpoint is
    /// behind: they are run again in order, so the replay cuts the input exactly as the
    /// first run did and produces the same output.
    private var replayFrom: Instant?
    private var taskFaults: [Int: Int] = [:]
    /// A step's data-plane part run ahead (`prepareStep`): in which generation, how the data
    /// plane ended, and what became of the checkpoint in flight.
    private var preparedStep: (generation: Int, outcome: DataPlaneOutcome, completion: CheckpointCoordinator.Outcome?)?
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
        let current = generation
        clock.schedule(at: clock.now, by: self) { [self] in
            guard current == generation, !status.isTerminal else { return }
            do throws(JobError) {
                try loadInitialSnapshot()
            } catch {
                failureCause = error
                if status == .created { transition(to: .failing, cause: error.description) }
                transition(to: .failed, cause: error.description)
                return
            }
            if status == .initializing { transition(to: .created) }
            transition(to: .running)
            sourceStart = clock.now.nanoseconds
            coordinator.jobStarted(at: clock.now)
            deploy(restoring: restoreFrom)
        }
    }

    /// Cancels the job: CANCELLING while its tasks cancel, then CANCELED. A pending restart
    /// is dropped. Does nothing to a job that has ended.
    public func cancel() {
        clock.settle(self)
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

    /// Injects a fault (see `Fault`).
    public func inject(_ fault: Fault) {
        clock.settle(self)
        switch fault {
        case .taskFailure(let task, let after):
            taskFaults[task] = after
            if let plane = deployment, plane.subtasks.indices.contains(task) { plane.subtasks[task].failAfterRecords = after }
        case .checkpointFailure:
            coordinator.declineNext()
        case .slowCheckpoint(let seconds):
            coordinator.slowNext(by: seconds)
        case .taskManagerLost(let index, let at):
            clock.schedule(at: Instant(seconds: at), by: self) { [self] in
                guard status == .running, deployment != nil else { return }
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
        guard status == .running, deployment != nil else {
            return done(.failure(JobError(code: "CheckpointException",
                                          message: "a savepoint needs a RUNNING job; '\(graph.name)' is \(status.rawValue)")))
        }
        // Taken at the next step, so that it cuts the input where a checkpoint would.
        coordinator.requestSavepoint(.init(stop: stop, done: done))
    }

    // MARK: running

    private func deploy(restoring snapshot: CompletedCheckpoint?) {
        let context = DataPlaneContext(batchSize: configuration.batchSize, channelCapacity: configuration.channelCapacity,
                                       mode: graph.effectiveMode, output: configuration.output)
        context.now = clock.now.nanoseconds
        context.sourceStart = sourceStart
        context.restore = snapshot
        if attempt == 0 || !hasRatedSources {
            replayFrom = nil
        } else if let snapshot, snapshot !== restoreFrom {
            replayFrom = gridStep(after: Instant(nanoseconds: snapshot.cut))
        } else {
            replayFrom = Instant(nanoseconds: sourceStart)  // from the beginning
        }
        let plane = DataPlane(plan: plan, attempt: attempt, context: context, workers: configuration.workers, pool: sharedPool)
        for (task, after) in taskFaults where plane.subtasks.indices.contains(task) { plane.subtasks[task].failAfterRecords = after }
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
        clock.schedule(at: clock.now, by: self) { [self] in
            guard current == generation, status == .running else { return }
            runStep(rescheduling: true)
        }
    }


    /// The first step time after `time` on the job's grid: the sources' start plus whole steps.
    private func gridStep(after time: Instant) -> Instant {
        let step = Int64((configuration.stepSeconds * 1e9).rounded())
        let elapsed = time.nanoseconds - sourceStart
        return Instant(nanoseconds: sourceStart + (elapsed / step + 1) * step)
    }

    /// One step of the data plane up to now: first the steps a failover has to replay,
    /// then a checkpoint barrier if one is due, then rounds until the data plane is quiet,
    /// finished or failed.
    private func runStep(rescheduling: Bool) {
        guard let plane = deployment else { return }
        if let prepared = preparedStep, prepared.generation == generation {
            preparedStep = nil
            coordinator.releaseReports()
            return finishStep(prepared.outcome, on: plane, rescheduling: rescheduling, completion: prepared.completion)
        }
        preparedStep = nil
        while let replay = replayFrom, replay < clock.now {
            replayFrom = gridStep(after: replay)
            plane.context.now = replay.nanoseconds
            let outcome = plane.run()
            if case .failed(let task, let error) = outcome {
                taskFaults[task] = nil
                return handleFailures([(task, error)])
            }
            if outcome == .finished { break }
        }
        replayFrom = nil
        if hasRatedSources && !isOnGrid(clock.now) {
            // A restart lands between steps: the next live step keeps to the grid.
            return scheduleNextStep(rescheduling: rescheduling)
        }
        plane.context.now = clock.now.nanoseconds
        coordinator.trigger(on: plane, at: clock.now)
        if !hasRatedSources { return runRounds(on: plane, rescheduling: rescheduling) }
        let outcome = plane.run()
        if rescheduling { takeBusyRatio(plane) }
        finishStep(outcome, on: plane, rescheduling: rescheduling)
    }

    /// Rounds an event runs for a job without rated sources (a batch job, say), which
    /// otherwise would run to its end in one event: between them, waits see its progress
    /// and Ctrl-C is heard. Virtual time does not move between them.
    static let roundsPerEvent = 256

    private func runRounds(on plane: DataPlane, rescheduling: Bool) {
        let outcome = plane.run(maxRounds: JobManager.roundsPerEvent)
        guard outcome == .busy else { return finishStep(outcome, on: plane, rescheduling: rescheduling) }
        let current = generation
        clock.schedule(at: clock.now, by: self) { [self] in
            guard current == generation, status == .running, let plane = deployment else { return }
            runRounds(on: plane, rescheduling: rescheduling)
        }
    }

    /// A live step's data-plane part and its checkpoint's, done ahead of its event's action
    /// when they concern nothing but this job — no replay, no savepoint, no print sink, no
    /// Lua state — so that they can run on the pool's threads beside other jobs' and beside
    /// the actions (`Clock.schedule(at:work:then:)`), the checkpoint's reports held. The
    /// action then makes the reports and finishes the step. Every way in from outside —
    /// metrics, events, checkpoints, tasks, cancel, inject, savepoints — settles this work
    /// first (`Clock.settle`).
    private func prepareStep() {
        preparedStep = nil
        guard let plane = deployment, replayFrom == nil, plane.threadFree, !plane.prints, isOnGrid(clock.now),
              coordinator.isQuiet(on: plane) else { return }
        coordinator.holdReports()
        plane.context.now = clock.now.nanoseconds
        coordinator.trigger(on: plane, at: clock.now)
        let outcome = plane.run(inline: true)
        takeBusyRatio(plane)
        var completion: CheckpointCoordinator.Outcome?
        if case .failed = outcome {} else { completion = coordinator.complete(on: plane, at: clock.now) }
        preparedStep = (generation, outcome, completion)
    }

    /// What a step does once its data plane is quiet, finished or failed (`completion`: the
    /// checkpoint's, when `prepareStep` completed it).
    private func finishStep(_ outcome: DataPlaneOutcome, on plane: DataPlane, rescheduling: Bool,
                            completion: CheckpointCoordinator.Outcome? = nil) {
        if case .failed(let task, let error) = outcome {
            taskFaults[task] = nil
            return handleFailures([(task, error)])
        }
        switch completion ?? coordinator.complete(on: plane, at: clock.now) {
        case .failover(let error): return handleFailures([(nil, error)])
        case .stop: return stopAfterSavepoint()
        case .completed, .nothing: break
        }
        switch outcome {
        case .finished:
            do { try plane.commitSinks(through: .max) } catch { return handleFailures([(0, error)]) }
            for i in taskStates.indices { setTask(i, .finished) }
            teardown()
            transition(to: .finished)
        case .idle, .failed, .busy:  // (busy never reaches here: runRounds goes on first)
            scheduleNextStep(rescheduling: rescheduling)
        }
    }

    private func scheduleNextStep(rescheduling: Bool) {
        guard rescheduling, hasRatedSources else { return }
        let current = generation
        let work = OwnedWork(owner: self) { [self] in
            guard current == generation, status == .running else { return }
            prepareStep()
        }
        clock.schedule(at: gridStep(after: clock.now), by: self, work: work) { [self] in
            guard current == generation, status == .running else {
                if preparedStep?.generation == current {
                    preparedStep = nil
                    coordinator.dropReports()
                }
                return
            }
            runStep(rescheduling: true)
        }
    }

    private func isOnGrid(_ time: Instant) -> Bool {
        let step = Int64((configuration.stepSeconds * 1e9).rounded())
        return (time.nanoseconds - sourceStart) % step == 0
    }

    // MARK: checkpoints

    /// Stop-with-savepoint: once the savepoint is taken, the tasks finish and so does the job.
    private func stopAfterSavepoint() {
        for i in taskStates.indices where !taskStates[i].isTerminal { setTask(i, .finished) }
        teardown()
        transition(to: .finished, cause: "stopped with a savepoint")
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
        generation += 1
        let cause = first.task.map { "\(taskNames[$0]) failed: \(first.error)" } ?? "global failure: \(first.error)"
        if era == .legacy { transition(to: .failing, cause: cause) }
        let now = nowMs
        var backoff: Int64 = 0
        // 1.8 ignores the failures that arrive while the job is FAILING: one per failover.
        let notified = era == .legacy ? Array(failures.prefix(1)) : failures
        for (i, _) in notified.enumerated() {
            let isNewAttempt = restartStrategy.notifyFailure(atMs: now)
            guard restartStrategy.canRestart(atMs: now) else {
                let suppressed = "Recovery is suppressed by \(restartStrategy.description)"
                if era == .defaultScheduler { transition(to: .failing, cause: "\(cause); \(suppressed)") }
                failureCause = first.error
                transition(to: .failed, cause: era == .legacy ? suppressed : nil)
                return
            }
            if isNewAttempt { numRestarts += 1 }
            backoff = max(backoff, restartStrategy.backoffMs(atMs: now))
            if i == 0 || era == .defaultScheduler { transition(to: .restarting, cause: era == .defaultScheduler ? cause : nil) }
        }
        let current = generation
        clock.schedule(at: clock.now.advanced(bySeconds: Double(backoff) / 1000), by: self) { [self] in
            guard current == generation, status == .restarting else { return }
            attempt += 1
            restartStrategy.restarted(atMs: nowMs)
            if era == .legacy { transition(to: .created) }
            transition(to: .running, cause: "restart #\(numRestarts) after \(backoff) ms")
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
        deployment?.shutdown()
        deployment = nil
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
        for subtask in deployment?.subtasks ?? [] {
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
        let parts = (deployment?.subtasks ?? []).filter(\.vertex.isSource).map(\.sourceProgress)
        let read = parts.reduce(Int64(0)) { $0 + ($1?.read ?? 0) }
        var total: Int64? = parts.isEmpty ? nil : 0
        for part in parts { total = total.flatMap { sum in part?.total.map { sum + $0 } } }
        return (Int(read), total.map(Int.init))
    }

    /// The records in and out and the busy ratios now, for the autoscaler's minute.
    public var load: JobLoad {
        clock.settle(self)
        var load = JobLoad()
        for subtask in deployment?.subtasks ?? [] {
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

    private func takeBusyRatio(_ plane: DataPlane) {
        busy = plane.subtasks.map { subtask in
            let ratio = min(1, subtask.busySeconds / configuration.stepSeconds)
            subtask.busySeconds = 0
            return ratio
        }
    }

    // MARK: the one place statuses change

    private func transition(to next: JobStatus, cause: String? = nil) {
        assert(JobStatusTransitions.isAllowed(from: status, to: next, era: era), "illegal job transition \(status) -> \(next)")
        let previous = status
        status = next
        statusTimes[next] = clock.now
        record(.job, from: previous.rawValue, to: next.rawValue, cause: cause)
        if next.isTerminal { coordinator.refuseSavepoints("the job is \(next.rawValue)") }
    }

    private func setTask(_ i: Int, _ next: ExecutionState, from override: String? = nil, cause: String? = nil) {
        let previous = taskStates[i]
        assert(override != nil || previous.allowedNext.contains(next), "illegal task transition \(previous) -> \(next)")
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
    }

    public func observe(_ handler: @escaping (JobEvent) -> Void) { observers.append(handler) }
}

extension JobManager: EventSource {
    /// "job 'orders' (RESTARTING, attempt 7)": what the clock's watchdog names.
    public var eventSourceName: String { "job '\(graph.name)' (\(status.rawValue), attempt \(attempt + 1))" }
}

extension String {
    /// Zero-padded on the left to `width` characters (ids, tokens).
    package func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
