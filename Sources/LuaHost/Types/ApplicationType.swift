import CLua
import Clock
import JobRuntime
import Lifecycle

/// What a `floe.Application` userdata holds: the application's name and generation, not
/// the application (conventions, rule 6). A handle to a deleted application answers
/// `ResourceNotFoundException`.
final class ApplicationHandle {
    let name: String
    let generation: Int
    init(name: String, generation: Int) {
        self.name = name
        self.generation = generation
    }
}

/// `floe.Application`: an application of the lifecycle engine.
///
/// Fields: `name`, `arn`, `status`, `version`, `runtime`, `parallelism` (current), `job` (a
/// `floe.Job`, while it has one). Methods: `start`, `stop`, `update`, `rollback`, `delete`,
/// `snapshot`, `wait`, `describe`, `log`, `versions`, `snapshots`, `operations`, `tag`,
/// `untag`, `tags`, `maintenance_window`, `scale`, `maintain` (see SCRIPTING.md).
enum ApplicationType {
    static func app(_ handle: ApplicationHandle, _ runtime: LuaRuntime) throws(LifecycleError) -> Application {
        try runtime.lifecycle.application(handle.name, generation: handle.generation)
    }

    /// Made once: every push and every method call looks it up.
    nonisolated(unsafe) static let type: UserdataType<ApplicationHandle> = {
        var type = UserdataType<ApplicationHandle>(
            name: "floe.Application",
            methods: [
                // Acting: the script only.
                .init("start", doc: "StartApplication, restoring as asked", start),
                .init("stop", doc: "StopApplication (force = true: FORCE_STOPPING)", stop),
                .init("update", doc: "UpdateApplication: a new version", update),
                .init("rollback", doc: "RollbackApplication", rollback),
                .init("delete", doc: "DeleteApplication", delete),
                .init("snapshot", doc: "CreateApplicationSnapshot, waited for", snapshot),
                .init("wait", doc: "lets time pass until a status", wait),
                .init("scale", doc: "the service's autoscaling, now", scale),
                .init("maintain", doc: "the service's maintenance, now", maintain),
                .init("inject", doc: "a fault at a time", inject),
                .init("tag", doc: "TagResource", tag),
                .init("untag", doc: "UntagResource", untag),
                .init("maintenance_window", doc: "UpdateApplicationMaintenanceConfiguration, or the window", maintenanceWindow),
                // Reading: policies and hooks too.
                .init("describe", phases: readers, doc: "the application as a table", describe),
                .init("log", phases: readers, doc: "its status log", log),
                .init("versions", phases: readers, doc: "its versions", versions),
                .init("snapshots", phases: readers, doc: "its snapshots", snapshots),
                .init("operations", phases: readers, doc: "its operations, newest first", operations),
                .init("tags", phases: readers, doc: "its tags", tags),
            ],
            fields: [
                "name": { handle, _ in .string(handle.name) },
                "arn": { handle, runtime in (try? app(handle, runtime)).map { .string($0.arn) } ?? .nil },
                "status": { handle, runtime in .string(status(handle, runtime)) },
                "version": { handle, runtime in (try? app(handle, runtime)).map { .integer(Int64($0.versionId)) } ?? .nil },
                "parallelism": { handle, runtime in (try? app(handle, runtime)).map { .integer(Int64($0.currentParallelism)) } ?? .nil },
                "runtime": { handle, runtime in (try? app(handle, runtime)).map { .string($0.runtime.rawValue) } ?? .nil },
            ],
            summary: { handle in "Application(\(handle.name))" }
        )
        type.objectFields["job"] = job
        type.same = { $0.name == $1.name && $0.generation == $1.generation }
        return type
    }()

    /// Where methods that only read may run: scripts, policies and event handlers.
    static let readers: Phase = [.script, .policy, .hook]

    /// app.job: the application's current job as a `floe.Job`, or nil.
    static func job(_ handle: ApplicationHandle, _ call: LuaCall) throws -> Int32 {
        guard let job = (try? app(handle, call.runtime))?.job else { return call.results(.nil) }
        let runtime = call.runtime
        let index = runtime.jobs.firstIndex { $0.job === job } ?? {
            runtime.jobs.append(HostedJob(job: job, configuration: JobConfiguration(),
                                          collectors: runtime.host.codeLoader.collectors[handle.name] ?? [:]))
            return runtime.jobs.count - 1
        }()
        runtime.push(JobHandle(index: index), as: JobType.type, on: call.L)
        return 1
    }

    /// The status, or "DELETED" once the application is gone.
    static func status(_ handle: ApplicationHandle, _ runtime: LuaRuntime) -> String {
        (try? app(handle, runtime))?.status.rawValue ?? "DELETED"
    }

    /// app:start([{restore = "latest" | "skip" | snapshot name, allow_non_restored_state = b}]) -> operation id
    static func start(_ handle: ApplicationHandle, _ call: LuaCall) throws -> Int32 {
        let options = call.isNone(2) ? LuaTable() : try call.table(2)
        try check(options, allowed: ["restore", "allow_non_restored_state"], call)
        let id = try call.runtime.lifecycle.startApplication(handle.name, restore: restoreChoice(options),
                                                              allowNonRestoredState: options["allow_non_restored_state"] == .boolean(true))
        return call.results(.string(id))
    }

    /// The fields `app:update` takes.
    static let updateFields: Set<String> = ApplicationModule.fields.subtracting(["name", "description", "role", "tags"])
        .union(["restore", "allow_non_restored_state", "version", "token"])

    /// app:update{code = path, parallelism = n, properties = {…}, runtime = s, snapshots = b, rollback = b, …,
    ///   restore = "latest" | "skip" | name, allow_non_restored_state = b, version = n, token = s} -> operation id
    static func update(_ handle: ApplicationHandle, _ call: LuaCall) throws -> Int32 {
        let spec = try call.table(2)
        try check(spec, allowed: updateFields, call)
        _ = try app(handle, call.runtime)
        var update = try ApplicationModule.settings(spec, call: call, argument: 2)
        if let code = spec["code"].stringValue {
            update.code = JobModule.resolve(code, besideScriptOf: call.L)
            update.codeLocation = .some(nil)
        }
        let id = try call.runtime.lifecycle.updateApplication(
            handle.name, currentVersionId: spec["version"].intValue, conditionalToken: spec["token"].stringValue,
            update: update, restore: restoreChoice(spec), allowNonRestoredState: spec["allow_non_restored_state"] == .boolean(true))
        return call.results(.string(id))
    }

    static func restoreChoice(_ spec: LuaTable) -> RestoreChoice {
        switch spec["restore"].stringValue {
        case nil, "latest": .latest
        case "skip": .skip
        case let name?: .snapshot(name)
        }
    }

    /// app:rollback([version]) -> operation id: back to the version before, from the latest
    /// snapshot. `version` (default: the current one) must be current.
    static func rollback(_ handle: ApplicationHandle, _ call: LuaCall) throws -> Int32 {
        let current = try app(handle, call.runtime).versionId
        let version = try call.optionalInteger(2).map(Int.init) ?? current
        return call.results(.string(try call.runtime.lifecycle.rollbackApplication(handle.name, currentVersionId: version)))
    }

    /// app:maintenance_window([start]) -> start, end: the 8-hour maintenance window ("HH:MM"
    /// UTC); with `start`, moves it (READY or RUNNING only).
    static func maintenanceWindow(_ handle: ApplicationHandle, _ call: LuaCall) throws -> Int32 {
        let a = try app(handle, call.runtime)
        if let start = try call.optionalString(2) {
            _ = try call.runtime.lifecycle.updateMaintenanceConfiguration(handle.name, windowStart: start)
        }
        return call.results(.string(a.maintenanceWindow.start), .string(a.maintenanceWindow.end))
    }

    /// app:scale(n) -> operation id: what autoscaling does, now: AUTOSCALING, a system
    /// snapshot, the job again at parallelism `n`, RUNNING (the version stays).
    static func scale(_ handle: ApplicationHandle, _ call: LuaCall) throws -> Int32 {
        let parallelism = try call.integer(2)
        _ = try app(handle, call.runtime)
        return call.results(.string(try call.runtime.lifecycle.scaleApplication(handle.name, to: Int(parallelism), cause: "app:scale")))
    }

    /// app:maintain() -> operation id: the service's maintenance, now: MAINTENANCE, the job
    /// restarted in place, RUNNING.
    static func maintain(_ handle: ApplicationHandle, _ call: LuaCall) throws -> Int32 {
        _ = try app(handle, call.runtime)
        return call.results(.string(try call.runtime.lifecycle.performMaintenance(handle.name)))
    }

    /// app:inject{fault = "task_failure" | "taskmanager_lost" | "checkpoint_failure" |
    ///   "slow_checkpoint" | "failing_start", at = clock seconds | after = seconds from now,
    ///   task = n, after_records = n, taskmanager = n, seconds = s, reason = s}: a fault in
    /// whatever job the application runs then (none running: nothing happens), or, for
    /// failing_start, in its next launch.
    static func inject(_ handle: ApplicationHandle, _ call: LuaCall) throws -> Int32 {
        let spec = try call.table(2)
        try check(spec, allowed: ["fault", "at", "after", "task", "after_records", "taskmanager", "seconds", "reason"], call)
        let engine = call.runtime.lifecycle
        _ = try app(handle, call.runtime)
        let kind = spec["fault"].stringValue ?? ""
        if kind == "failing_start" {
            try engine.failNextLaunch(handle.name, reason: spec["reason"].stringValue ?? "ProgramInvocationException: the entry class cannot be loaded")
            return 0
        }
        let now = call.runtime.clock.now.seconds
        let at = spec["at"].doubleValue ?? now + (spec["after"].doubleValue ?? 0)
        guard at.isFinite, at >= now else { throw call.argumentError(2, "field 'at' (or 'after') must be now or later") }
        let fault: (Double) -> Fault
        switch kind {
        case "task_failure":
            let task = max(1, spec["task"].intValue ?? 1), records = max(0, spec["after_records"].intValue ?? 0)
            fault = { _ in .taskFailure(task: task - 1, afterRecords: records) }
        case "taskmanager_lost":
            let index = max(1, spec["taskmanager"].intValue ?? 1)
            fault = { time in .taskManagerLost(index: index - 1, at: time) }
        case "checkpoint_failure":
            fault = { _ in .checkpointFailure }
        case "slow_checkpoint":
            guard let seconds = spec["seconds"].doubleValue, seconds.isFinite, seconds > 0 else {
                throw call.argumentError(2, "field 'seconds' (how long the checkpoint takes) must be a positive number")
            }
            fault = { _ in .slowCheckpoint(seconds: seconds) }
        default:
            throw call.argumentError(2, "field 'fault' must be task_failure, taskmanager_lost, checkpoint_failure, slow_checkpoint or failing_start")
        }
        // A job that runs where faults cannot reach it (a jar's, on a cluster) is refused now.
        if let job = (try? engine.application(handle.name, generation: handle.generation))?.job,
           !job.capabilities.contains(.faultInjection) {
            throw FloeError(code: JobError.Code.unsupported,
                            message: "\(handle.name)'s job runs on \(engine.clusterBackend?.name ?? "a Flink cluster"), which cannot inject a fault into a job (faults are injected on the embedded runtime)")
        }
        let name = handle.name, generation = handle.generation
        call.runtime.clock.schedule(at: Instant(seconds: at)) { [weak engine] in
            guard let engine, let job = (try? engine.application(name, generation: generation))?.job else { return }
            try? job.inject(fault(at))  // a later job on a backend without faults lets it pass
        }
        return 0
    }

    /// app:tag{key = "value", …}: adds or replaces tags (TagResource).
    static func tag(_ handle: ApplicationHandle, _ call: LuaCall) throws -> Int32 {
        let table = try call.table(2)
        var tags: [(key: String, value: String)] = []
        for (key, value) in table.entries.sorted(by: { $0.key.description < $1.key.description }) {
            guard case .string(let k) = key, let v = value.stringValue else {
                throw call.argumentError(2, "tags must map string keys to string values")
            }
            tags.append((k, v))
        }
        try call.runtime.lifecycle.tagResource(arn: try app(handle, call.runtime).arn, tags: tags)
        return 0
    }

    /// app:untag{"key", …}: removes tags (UntagResource).
    static func untag(_ handle: ApplicationHandle, _ call: LuaCall) throws -> Int32 {
        let keys = try call.table(2).sequence.map { $0.stringValue ?? $0.description }
        try call.runtime.lifecycle.untagResource(arn: try app(handle, call.runtime).arn, keys: keys)
        return 0
    }

    /// app:tags() -> {key = value, …} (ListTagsForResource).
    static func tags(_ handle: ApplicationHandle, _ call: LuaCall) throws -> Int32 {
        var table = LuaTable()
        for (key, value) in try app(handle, call.runtime).tags { table[key] = .string(value) }
        return call.results(.table(table))
    }

    /// app:versions() -> {{version, runtime, parallelism, code, rolled_back}, …}
    static func versions(_ handle: ApplicationHandle, _ call: LuaCall) throws -> Int32 {
        let rows = try app(handle, call.runtime).versions.map { v -> LuaValue in
            var row = LuaTable()
            row["version"] = .integer(Int64(v.id))
            row["runtime"] = .string(v.runtime.rawValue)
            row["parallelism"] = .integer(Int64(v.configuration.parallelism))
            row["code"] = .string(v.configuration.code)
            row["rolled_back"] = .boolean(v.rolledBack)
            return .table(row)
        }
        return call.results(.table(LuaTable(sequence: rows)))
    }

    /// app:stop([{force = true}]) -> operation id
    static func stop(_ handle: ApplicationHandle, _ call: LuaCall) throws -> Int32 {
        let options = call.isNone(2) ? LuaTable() : try call.table(2)
        try check(options, allowed: ["force"], call)
        _ = try app(handle, call.runtime)
        return call.results(.string(try call.runtime.lifecycle.stopApplication(handle.name, force: options["force"] == .boolean(true))))
    }

    /// app:delete(): DELETING, then gone with its snapshots.
    static func delete(_ handle: ApplicationHandle, _ call: LuaCall) throws -> Int32 {
        _ = try app(handle, call.runtime)
        try call.runtime.lifecycle.deleteApplication(handle.name)
        return 0
    }

    /// app:snapshot(name): a snapshot of the running application (CREATING, then READY).
    static func snapshot(_ handle: ApplicationHandle, _ call: LuaCall) throws -> Int32 {
        _ = try app(handle, call.runtime)
        try call.runtime.lifecycle.createApplicationSnapshot(handle.name, snapshotName: try call.string(2))
        return 0
    }

    /// app:wait(status, [timeout]) -> status: lets virtual time pass until the application is,
    /// or has been since the call, in `status` ("DELETED" once it is gone), or `timeout`
    /// seconds (default an hour) pass.
    /// Errors: Timeout (with the status it is in), Interrupted.
    static func wait(_ handle: ApplicationHandle, _ call: LuaCall) throws -> Int32 {
        let target = try call.string(2).uppercased()
        guard target == "DELETED" || ApplicationStatus(rawValue: target) != nil else {
            throw call.argumentError(2, "an application status such as \"RUNNING\" expected, got '\(target)'")
        }
        let timeout = try call.optionalNumber(3) ?? 3600
        try call.runtime.checkWait(timeout, argument: 3, of: call)
        let runtime = call.runtime
        // Reached means reached at some moment: a status passed through within one instant
        // (RUNNING, then READY as a short batch job ends) counts.
        let engine = runtime.lifecycle
        var seen = engine.statusLog.count
        var passed = false
        let meter = ProgressMeter(name: handle.name)
        defer { meter?.clear() }
        // The operations the wait may hang on: the one in progress when it began, and later ones.
        let watched = (try? app(handle, runtime)).map { a in a.operations.firstIndex { $0.status == .inProgress } ?? a.operations.count } ?? 0
        var hopeless: FloeError?
        func reached() -> Bool {
            if let job = try? app(handle, runtime).job, job.status == .running { meter?.update { job.progress } }
            if status(handle, runtime) == target || passed { return true }
            passed = engine.statusLog[seen...].contains { $0.application == handle.name && $0.subject == .application && $0.to == target }
            seen = engine.statusLog.count
            if passed { return true }
            hopeless = cannotReach(target, handle, runtime, watched: watched)
            return hopeless != nil
        }
        guard try runtime.advance(bySeconds: timeout, until: reached) else {
            throw FloeError(code: "Timeout", message: "application \(handle.name) did not reach \(target) within \(timeout) s; it is \(status(handle, runtime))")
        }
        if let hopeless { throw hopeless }
        return call.results(.string(target))
    }

    /// Why `target` can no longer be reached, if it cannot: the application is gone, or an
    /// operation the wait watched FAILED and the application has settled in another status.
    /// The error carries the operation's (`CodeValidationException: the job script … built
    /// no dataflow`), so the cause is said at once, not after the wait's timeout.
    static func cannotReach(_ target: String, _ handle: ApplicationHandle, _ runtime: LuaRuntime, watched: Int) -> FloeError? {
        guard let a = try? app(handle, runtime) else {
            return target == "DELETED" ? nil
                : FloeError(code: "ResourceNotFoundException", message: "application \(handle.name) was deleted; it cannot reach \(target)")
        }
        guard !a.status.isTransient, a.status.rawValue != target, watched < a.operations.count,
              let failed = a.operations[watched...].last(where: { $0.status == .failed }) else { return nil }
        let error = failed.errorString ?? "it failed"
        let parts = error.split(separator: ":", maxSplits: 1).map { $0.trimmingWhitespace() }
        let code = parts.count == 2 && parts[0].hasSuffix("Exception") && !parts[0].contains(" ") ? parts[0] : "OperationFailed"
        let reason = code == "OperationFailed" ? error : parts[1]
        return FloeError(code: code, message: "\(failed.operation) FAILED: \(reason); application \(handle.name) is \(a.status.rawValue), so it cannot reach \(target)")
    }

    /// app:describe() -> {name, arn, status, version, runtime, created, last_update, parallelism, snapshots_enabled, …}
    static func describe(_ handle: ApplicationHandle, _ call: LuaCall) throws -> Int32 {
        let a = try app(handle, call.runtime)
        var t = LuaTable()
        t["name"] = .string(a.name)
        t["arn"] = .string(a.arn)
        t["status"] = .string(a.status.rawValue)
        t["version"] = .integer(Int64(a.versionId))
        t["runtime"] = .string(a.runtime.rawValue)
        t["created"] = .number(a.createTimestamp)
        t["last_update"] = .number(a.lastUpdateTimestamp)
        t["code"] = .string(a.configuration.code)
        t["parallelism"] = .integer(Int64(a.configuration.parallelism))
        t["current_parallelism"] = .integer(Int64(a.currentParallelism))
        t["autoscaling"] = .boolean(a.configuration.autoScalingEnabled)
        t["cpu"] = .number(call.runtime.lifecycle.cpuUtilization(of: a))
        t["snapshots_enabled"] = .boolean(a.configuration.snapshotsEnabled)
        t["rollback_enabled"] = .boolean(a.configuration.rollbackEnabled)
        t["maintenance_window"] = .string("\(a.maintenanceWindow.start)-\(a.maintenanceWindow.end)")
        if let job = a.job { t["job_status"] = .string(job.status.rawValue) }
        return call.results(.table(t))
    }

    /// app:log() -> {{time, version, subject, from, to, cause}, …}: this application's status log.
    static func log(_ handle: ApplicationHandle, _ call: LuaCall) throws -> Int32 {
        let rows = call.runtime.lifecycle.statusLog.filter { $0.application == handle.name }.map { entry -> LuaValue in
            var row = LuaTable()
            row["time"] = .number(entry.time)
            row["version"] = .integer(Int64(entry.version))
            row["subject"] = .string(entry.subject.description)
            row["from"] = .string(entry.from)
            row["to"] = .string(entry.to)
            if let cause = entry.cause { row["cause"] = .string(cause) }
            return .table(row)
        }
        return call.results(.table(LuaTable(sequence: rows)))
    }

    /// app:snapshots() -> {{name, status, version, created, system}, …}
    static func snapshots(_ handle: ApplicationHandle, _ call: LuaCall) throws -> Int32 {
        let rows = try app(handle, call.runtime).snapshots.map { s -> LuaValue in
            var row = LuaTable()
            row["name"] = .string(s.name)
            row["status"] = .string(s.status.rawValue)
            row["version"] = .integer(Int64(s.versionId))
            row["created"] = .number(s.created)
            row["system"] = .boolean(s.isSystem)
            return .table(row)
        }
        return call.results(.table(LuaTable(sequence: rows)))
    }

    /// app:operations() -> {{id, operation, status, start, finish, error}, …}, newest first.
    static func operations(_ handle: ApplicationHandle, _ call: LuaCall) throws -> Int32 {
        let rows = try app(handle, call.runtime).operations.reversed().map { op -> LuaValue in
            var row = LuaTable()
            row["id"] = .string(op.id)
            row["operation"] = .string(op.operation)
            row["status"] = .string(op.status.rawValue)
            row["start"] = .number(op.startTime)
            if let end = op.endTime { row["finish"] = .number(end) }
            if let error = op.errorString { row["error"] = .string(error) }
            return .table(row)
        }
        return call.results(.table(LuaTable(sequence: rows)))
    }

    /// A misspelled option is an error naming it.
    static func check(_ options: LuaTable, allowed: Set<String>, _ call: LuaCall) throws(FloeError) {
        for case .string(let key) in options.entries.keys where !allowed.contains(key) {
            throw call.argumentError(2, "unknown field '\(key)' (fields: \(allowed.sorted().joined(separator: ", ")))")
        }
    }
}
