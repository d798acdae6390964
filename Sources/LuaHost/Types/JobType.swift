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
/// failed it, `Code: message`, once FAILED).
/// Methods: `job:wait([status], [timeout])`, `job:cancel()`, `job:events()`,
/// `job:collected(name)`, `job:tasks()`.
enum JobType {
    static func job(_ handle: JobHandle, _ call: LuaCall) -> HostedJob { call.runtime.jobs[handle.index] }

    static var type: UserdataType<JobHandle> {
        UserdataType<JobHandle>(
            name: "floe.Job",
            methods: [
                /// job:wait([status], [timeout]) -> status: lets virtual time pass until the job
                /// reaches `status` (default: any terminal status) or `timeout` seconds (default
                /// one day) pass, and returns the status. Errors: Timeout (with the status it is
                /// in), Interrupted.
                "wait": { handle, call in
                    let manager = job(handle, call).manager
                    let target = try call.optionalString(2).map { (name) throws(FloeError) -> JobStatus in
                        guard let status = JobStatus(rawValue: name.uppercased()) else {
                            throw call.argumentError(2, "a job status such as \"FINISHED\" expected, got '\(name)'")
                        }
                        return status
                    }
                    let timeout = try call.optionalNumber(3) ?? 86_400
                    guard timeout.isFinite, timeout >= 0 else { throw call.argumentError(3, "non-negative number of seconds expected") }
                    let runtime = call.runtime
                    var interrupted = false
                    func reached() -> Bool { target.map { manager.status == $0 } ?? manager.status.isTerminal }
                    _ = runtime.clock.advance(bySeconds: timeout, stop: {
                        interrupted = runtime.takeInterrupt()
                        return interrupted || reached()
                    })
                    if interrupted { throw LuaRuntime.interruptedError }
                    guard reached() else {
                        throw FloeError(code: "Timeout", message: "job '\(manager.graph.name)' did not reach \(target?.rawValue ?? "a final status") within \(timeout) s; it is \(manager.status.rawValue)")
                    }
                    return call.results(.string(manager.status.rawValue))
                },
                /// job:cancel(): CANCELLING, then CANCELED.
                "cancel": { handle, call in
                    job(handle, call).manager.cancel()
                    return 0
                },
                /// job:events() -> {{time, subject, attempt, from, to, cause}, …}
                "events": { handle, call in
                    let events = job(handle, call).manager.events.map { event -> LuaValue in
                        var row = LuaTable()
                        row["time"] = .number(event.time.seconds)
                        switch event.subject {
                        case .job: row["subject"] = "job"
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
                    return call.results(.table(LuaTable(sequence: events)))
                },
                /// job:collected(name) -> list: what the `collect(name)` sink committed.
                "collected": { handle, call in
                    let name = try call.string(2)
                    guard let collector = job(handle, call).collectors[name] else {
                        throw call.argumentError(2, "the job has no collect sink named '\(name)'")
                    }
                    lua_createtable(call.L, Int32(clamping: collector.values.count), 0)
                    for (i, value) in collector.values.enumerated() {
                        call.stack.push(value)
                        lua_rawseti(call.L, -2, lua_Integer(i + 1))
                    }
                    return 1
                },
                /// job:tasks() -> {{name = "Map (1/2)", state = "RUNNING"}, …}
                "tasks": { handle, call in
                    let manager = job(handle, call).manager
                    let rows = zip(manager.taskNames, manager.taskStatesNow).map { name, state -> LuaValue in
                        var row = LuaTable()
                        row["name"] = .string(name)
                        row["state"] = .string(state.rawValue)
                        return .table(row)
                    }
                    return call.results(.table(LuaTable(sequence: rows)))
                },
            ],
            fields: [
                "name": { handle, runtime in .string(runtime.jobs[handle.index].manager.graph.name) },
                "status": { handle, runtime in .string(runtime.jobs[handle.index].manager.status.rawValue) },
                "restarts": { handle, runtime in .integer(Int64(runtime.jobs[handle.index].manager.numRestarts)) },
                "failure": { handle, runtime in
                    runtime.jobs[handle.index].manager.failureCause.map { .string($0.description) } ?? .nil
                },
            ],
            summary: { handle in "Job(#\(handle.index + 1))" }
        )
    }
}
