import CLua
import Clock
import JobRuntime

/// What a `floe.Job` userdata holds: a handle into the host's jobs, not the job itself
/// (conventions, rule 6).
final class JobHandle {
    let index: Int
    init(index: Int) { self.index = index }
}

/// `floe.Job`: a job started by `floe.job{…}`.
///
/// Fields: `name`, `status` (Flink's JobStatus), `restarts` (numRestarts), `failure` (what
/// failed it, `Code: message`, once FAILED), `id` (Flink's 32-hex job id).
/// Methods: `wait`, `cancel`, `events`, `tasks`, `collected`, `savepoint`, `inject`,
/// `metrics`, `rescale` (see SCRIPTING.md).
enum JobType {
    static func hosted(_ handle: JobHandle, _ runtime: LuaRuntime) -> HostedJob { runtime.jobs[handle.index] }

    /// Made once: every push and every method call looks it up.
    nonisolated(unsafe) static let type: UserdataType<JobHandle> = {
        var type = UserdataType<JobHandle>(
            name: "floe.Job",
            methods: [
                // Acting: the script only.
                .init("wait", doc: "lets time pass until a status", wait),
                .init("cancel", doc: "cancels the job", cancel),
                .init("savepoint", doc: "a savepoint (stop = true: stop-with-savepoint), waited for", savepoint),
                .init("inject", doc: "a fault", inject),
                .init("rescale", doc: "stop with a savepoint, start again at a new parallelism", rescale),
                // Reading: policies and hooks too.
                .init("events", phases: ApplicationType.readers, doc: "its job, task and checkpoint events", events),
                .init("tasks", phases: ApplicationType.readers, doc: "its subtasks and their states", tasks),
                .init("collected", phases: ApplicationType.readers, doc: "what a collect sink committed", collected),
                .init("metrics", phases: ApplicationType.readers, doc: "Flink's job metrics", metrics),
            ],
            fields: [
                "name": { handle, runtime in .string(hosted(handle, runtime).job.name) },
                "id": { handle, runtime in .string(hosted(handle, runtime).job.jobID) },
                "status": { handle, runtime in .string(hosted(handle, runtime).job.status.rawValue) },
                "restarts": { handle, runtime in .integer(Int64(hosted(handle, runtime).job.metrics.numRestarts)) },
                "failure": { handle, runtime in hosted(handle, runtime).job.failureCause.map { .string($0.description) } ?? .nil },
            ],
            summary: { handle in "Job(#\(handle.index + 1))" }
        )
        type.same = { $0.index == $1.index }
        return type
    }()

    /// job:wait([status], [timeout]) -> status: lets virtual time pass until the job reaches
    /// `status` (default: any final status) or `timeout` seconds (default a day) pass.
    /// Errors: BadArgument, Timeout (saying the status it is in), Interrupted.
    static func wait(_ handle: JobHandle, _ call: LuaCall) throws -> Int32 {
        let hosted = hosted(handle, call.runtime)
        let target = try call.optionalString(2).map { (name) throws(FloeError) -> JobStatus in
            guard let status = JobStatus(rawValue: name.uppercased()) else {
                throw call.argumentError(2, "a job status such as \"FINISHED\" expected, got '\(name)'")
            }
            return status
        }
        let timeout = try call.optionalNumber(3) ?? 86_400
        try call.runtime.checkWait(timeout, argument: 3, of: call)
        let meter = ProgressMeter(name: hosted.job.name)
        defer { meter?.clear() }
        func reached() -> Bool {
            if hosted.job.status == .running { meter?.update { hosted.job.progress } }
            return target.map { hosted.job.status == $0 } ?? hosted.job.status.isTerminal
        }
        guard try call.runtime.advance(bySeconds: timeout, until: reached) else {
            throw FloeError(code: "Timeout", message: "job '\(hosted.job.name)' did not reach \(target?.rawValue ?? "a final status") within \(timeout) s; it is \(hosted.job.status.rawValue)")
        }
        return call.results(.string(hosted.job.status.rawValue))
    }

    /// job:cancel(): CANCELLING, then CANCELED.
    static func cancel(_ handle: JobHandle, _ call: LuaCall) throws -> Int32 {
        hosted(handle, call.runtime).job.cancel()
        return 0
    }

    /// job:events() -> {{time, subject, attempt, checkpoint, from, to, cause}, …}
    static func events(_ handle: JobHandle, _ call: LuaCall) throws -> Int32 {
        let rows = hosted(handle, call.runtime).job.events.map(row)
        return call.results(.table(LuaTable(sequence: rows)))
    }

    static func row(_ event: JobEvent) -> LuaValue {
        var row = LuaTable()
        row["time"] = .number(event.time.seconds)
        switch event.subject {
        case .job:
            row["subject"] = "job"
        case .task(let name, let attempt):
            row["subject"] = .string(name)
            row["attempt"] = .integer(Int64(attempt))
        case .checkpoint(let id, let savepoint):
            row["subject"] = .string(savepoint ? "savepoint" : "checkpoint")
            row["checkpoint"] = .integer(id)
        }
        row["from"] = .string(event.from)
        row["to"] = .string(event.to)
        if let cause = event.cause { row["cause"] = .string(cause) }
        return .table(row)
    }

    /// job:tasks() -> {{name = "Map (1/2)", state = "RUNNING"}, …}
    static func tasks(_ handle: JobHandle, _ call: LuaCall) throws -> Int32 {
        let rows = hosted(handle, call.runtime).job.tasks.map { task -> LuaValue in
            var row = LuaTable()
            row["name"] = .string(task.name)
            row["state"] = .string(task.state.rawValue)
            return .table(row)
        }
        return call.results(.table(LuaTable(sequence: rows)))
    }

    /// job:collected(name) -> list: what the `collect(name)` sink committed.
    static func collected(_ handle: JobHandle, _ call: LuaCall) throws -> Int32 {
        let name = try call.string(2)
        guard let collector = hosted(handle, call.runtime).collectors[name] else {
            throw call.argumentError(2, "the job has no collect sink named '\(name)'")
        }
        let values = collector.values
        lua_createtable(call.L, Int32(clamping: values.count), 0)
        for (i, value) in values.enumerated() {
            call.stack.push(value)
            lua_rawseti(call.L, -2, lua_Integer(i + 1))
        }
        return 1
    }

    /// job:savepoint([{stop = true}]) -> path: takes a savepoint at the job's next step
    /// (letting that much virtual time pass); with `stop`, the job then finishes.
    /// Errors: CheckpointException (the job is not RUNNING, or the savepoint failed).
    static func savepoint(_ handle: JobHandle, _ call: LuaCall) throws -> Int32 {
        let options = call.isNone(2) ? LuaTable() : try call.table(2)
        let job = hosted(handle, call.runtime).job
        var result: Result<CompletedCheckpoint, JobError>?
        job.triggerSavepoint(stop: options["stop"] == .boolean(true)) { result = $0 }
        _ = try call.runtime.advance(bySeconds: 86_400) { result != nil || job.status.isTerminal }
        switch result {
        case .success(let savepoint)?: return call.results(.string(savepoint.path))
        case .failure(let error)?: throw FloeError(code: error.code, message: error.message)
        case nil: throw FloeError(code: "CheckpointException", message: "the job ended (\(job.status.rawValue)) before its savepoint was taken")
        }
    }

    /// job:inject{fault = "task_failure", task = n, after_records = n}
    /// job:inject{fault = "taskmanager_lost", taskmanager = n, after = seconds from now}
    /// job:inject{fault = "checkpoint_failure"}
    /// job:inject{fault = "slow_checkpoint", seconds = s}
    /// Tasks and TaskManagers are numbered from 1, as `job:tasks()` lists them.
    static func inject(_ handle: JobHandle, _ call: LuaCall) throws -> Int32 {
        let spec = try call.table(2)
        guard let job = hosted(handle, call.runtime).job as? JobManager else { return 0 }
        switch spec["fault"].stringValue {
        case "task_failure":
            guard let task = spec["task"].intValue, (1...job.taskNames.count).contains(task) else {
                throw call.argumentError(2, "field 'task' must be a task number from 1 to \(job.taskNames.count)")
            }
            job.inject(.taskFailure(task: task - 1, afterRecords: max(0, spec["after_records"].intValue ?? 0)))
        case "taskmanager_lost":
            guard let index = spec["taskmanager"].intValue, (1...job.taskManagers).contains(index) else {
                throw call.argumentError(2, "field 'taskmanager' must be a number from 1 to \(job.taskManagers)")
            }
            let after = spec["after"].doubleValue ?? 0
            guard after.isFinite, after >= 0 else { throw call.argumentError(2, "field 'after' must be a non-negative number of seconds") }
            job.inject(.taskManagerLost(index: index - 1, at: call.runtime.clock.now.seconds + after))
        case "checkpoint_failure":
            job.inject(.checkpointFailure)
        case "slow_checkpoint":
            guard let seconds = spec["seconds"].doubleValue, seconds.isFinite, seconds > 0 else {
                throw call.argumentError(2, "field 'seconds' (how long the checkpoint takes) must be a positive number")
            }
            job.inject(.slowCheckpoint(seconds: seconds))
        default:
            throw call.argumentError(2, "field 'fault' must be task_failure, taskmanager_lost, checkpoint_failure or slow_checkpoint")
        }
        return 0
    }

    /// job:metrics() -> {uptime, downtime, numRestarts, fullRestarts, numberOfCompletedCheckpoints,
    /// numberOfFailedCheckpoints, lastCheckpointDuration, lastCheckpointSize,
    /// operators = {{name, numRecordsIn, numRecordsOut}, …}, busy = {{task, ratio}, …}}
    static func metrics(_ handle: JobHandle, _ call: LuaCall) throws -> Int32 {
        let m = hosted(handle, call.runtime).job.metrics
        var table = LuaTable()
        table["uptime"] = .integer(m.uptime)
        table["downtime"] = .integer(m.downtime)
        table["numRestarts"] = .integer(Int64(m.numRestarts))
        table["fullRestarts"] = .integer(Int64(m.numRestarts))
        table["numberOfCompletedCheckpoints"] = .integer(Int64(m.numberOfCompletedCheckpoints))
        table["numberOfFailedCheckpoints"] = .integer(Int64(m.numberOfFailedCheckpoints))
        table["lastCheckpointDuration"] = .integer(m.lastCheckpointDuration)
        table["lastCheckpointSize"] = .integer(Int64(m.lastCheckpointSize))
        table["operators"] = .table(LuaTable(sequence: m.operators.map { op in
            var row = LuaTable()
            row["name"] = .string(op.name)
            row["numRecordsIn"] = .integer(Int64(op.numRecordsIn))
            row["numRecordsOut"] = .integer(Int64(op.numRecordsOut))
            return .table(row)
        }))
        table["busy"] = .table(LuaTable(sequence: m.busyRatio.map { entry in
            var row = LuaTable()
            row["task"] = .string(entry.task)
            row["ratio"] = .number(entry.ratio)
            return .table(row)
        }))
        return call.results(.table(table))
    }

    /// job:rescale(n) -> status: stops the job with a savepoint and starts it again at
    /// parallelism n from that savepoint (how a Flink cluster is rescaled from outside).
    static func rescale(_ handle: JobHandle, _ call: LuaCall) throws -> Int32 {
        let parallelism = try call.integer(2)
        guard parallelism >= 1 else { throw call.argumentError(2, "parallelism of at least 1 expected, got \(parallelism)") }
        let hosted = hosted(handle, call.runtime)
        var result: Result<any RunningJob, JobError>?
        call.runtime.jobBackend.rescale(hosted.job, to: Int(parallelism), configuration: hosted.configuration) { result = $0 }
        _ = try call.runtime.advance(bySeconds: 86_400) { result != nil }
        switch result {
        case .success(let job)?:
            hosted.job = job
            return call.results(.string(job.status.rawValue))
        case .failure(let error)?: throw FloeError(code: error.code, message: error.message)
        case nil: throw FloeError(code: "Timeout", message: "the rescale did not complete")
        }
    }
}
