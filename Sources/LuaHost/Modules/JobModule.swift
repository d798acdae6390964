import CLua
import Clock
import JobRuntime
#if canImport(Glibc)
import Glibc
#endif

/// A job `floe.job` started, as the host keeps it.
final class HostedJob {
    /// The running job; a rescale replaces it with the job resubmitted from its savepoint.
    var job: any RunningJob
    let configuration: JobConfiguration
    /// The values of each `collect(name)` sink.
    let collectors: [String: Collector]

    init(job: any RunningJob, configuration: JobConfiguration, collectors: [String: Collector]) {
        self.job = job
        self.configuration = configuration
        self.collectors = collectors
    }
}

/// `floe.job{…}`: runs a job script on the embedded runtime, until the lifecycle engine
/// takes over starting jobs; scripts and tests drive jobs with it directly.
enum JobModule {
    static var functions: [LuaFunction] { [
        /// floe.job{code = path, properties = {…}, parallelism = n, max_parallelism = n,
        ///   mode = "streaming"|"batch"|"automatic", flink_version = "1.20",
        ///   restart_strategy = {type = "fixed-delay", attempts = n, delay = s} (or Flink keys),
        ///   workers = n, name = s, limits = {instructions = n, memory = bytes}} -> floe.Job
        /// Scripts only. The job is submitted at once; time must pass (floe.sleep,
        /// job:wait) for it to run. Errors: BadArgument, FileError, LuaError and
        /// LuaSyntaxError from the job script, InvalidJobGraph.
        LuaFunction("job", phases: .script, doc: "floe.job{code = path, …}: runs a job script, returns a floe.Job") { call in
            let spec = try call.table(1)
            guard let code = spec["code"].stringValue else { throw call.argumentError(1, "field 'code' (the job script's path) expected") }
            let runtime = call.runtime
            let path = resolve(code, besideScriptOf: call.L)
            var options = HostOptions()
            options.seed = runtime.random.seed
            options.limits = limits(spec["limits"])
            let script = try JobScript(path: path, properties: spec["properties"].tableValue ?? LuaTable(), options: options)
            var collectors: [String: Collector] = [:]
            let parallelism = spec["parallelism"].intValue ?? 1
            var graph = try script.buildGraph(name: spec["name"].stringValue ?? jobName(path), parallelism: parallelism,
                                              collectors: &collectors)
            if let max = spec["max_parallelism"].intValue { graph.maxParallelism = max }
            if let mode = spec["mode"].stringValue {
                guard let parsed = RuntimeMode(rawValue: mode.uppercased()) else {
                    throw call.argumentError(1, "field 'mode' must be streaming, batch or automatic, got '\(mode)'")
                }
                graph.mode = parsed
            }
            var configuration = runtime.host.jobDefaults
            if let version = spec["flink_version"].stringValue {
                guard let parsed = FlinkVersion(version) else {
                    throw call.argumentError(1, "field 'flink_version' must look like \"1.20\", got '\(version)'")
                }
                configuration.flinkVersion = parsed
            }
            if let workers = spec["workers"].intValue { configuration.workers = max(0, workers) }
            configuration.restart = try restartOptions(spec["restart_strategy"], call: call)
            try checkpointOptions(spec, into: &configuration, call: call)
            let job: any RunningJob
            do {
                job = try runtime.jobBackend.submit(graph, configuration: configuration)
            } catch let error as JobError {
                throw FloeError(code: error.code, message: error.message)
            }
            runtime.jobs.append(HostedJob(job: job, configuration: configuration, collectors: collectors))
            runtime.push(JobHandle(index: runtime.jobs.count - 1), as: JobType.type, on: call.L)
            return 1
        },
    ] }

    /// Checkpointing, restore and state folder settings of `floe.job{…}`.
    static func checkpointOptions(_ spec: LuaTable, into configuration: inout JobConfiguration, call: LuaCall) throws(FloeError) {
        func seconds(_ name: String) throws(FloeError) -> Double? {
            guard spec[name] != .nil else { return nil }
            guard let value = spec[name].doubleValue, value.isFinite, value > 0 || (name == "min_pause" && value == 0) else {
                throw call.argumentError(1, "field '\(name)' must be a positive number of seconds")
            }
            return value
        }
        configuration.checkpointInterval = try seconds("checkpoint_interval")
        configuration.checkpointMinPause = try seconds("min_pause") ?? 0
        configuration.stepSeconds = try seconds("step") ?? 1
        if let tolerable = spec["tolerable_failed_checkpoints"].intValue { configuration.tolerableCheckpointFailures = max(0, tolerable) }
        if let restore = spec["restore"].stringValue { configuration.restorePath = restore }
        if spec["allow_non_restored_state"] == .boolean(true) { configuration.allowNonRestoredState = true }
    }

    /// A relative code path is read beside the script that calls `floe.job` (the design's
    /// code locations); from `-e` or the REPL, from the working folder.
    static func resolve(_ path: String, besideScriptOf L: OpaquePointer, level: Int32 = 1) -> String {
        guard !path.hasPrefix("/") else { return path }
        var ar = lua_Debug()
        guard lua_getstack(L, level, &ar) != 0, lua_getinfo(L, "S", &ar) != 0, let source = ar.source else { return path }
        let chunk = String(cString: source)
        guard chunk.hasPrefix("@"), let slash = chunk.lastIndex(of: "/") else { return path }
        return String(chunk[chunk.index(after: chunk.startIndex)...slash]) + path
    }

    static func jobName(_ path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.hasSuffix(".lua") ? String(file.dropLast(4)) : file
    }

    /// Limits of the job's Lua states: 10 million instructions a call and 64 MiB a state
    /// unless the job says otherwise.
    static func limits(_ value: LuaValue) -> LuaLimits {
        let table = value.tableValue ?? LuaTable()
        return LuaLimits(memoryBytes: table["memory"].intValue ?? 64 << 20,
                         instructions: table["instructions"].intValue ?? 10_000_000)
    }

    /// The operator layer's `restart_strategy` table as Flink's options; a table whose keys
    /// already are Flink's (`["restart-strategy.type"] = …`) passes as it is.
    static func restartOptions(_ value: LuaValue, call: LuaCall) throws(FloeError) -> [String: String] {
        guard let table = value.tableValue else { return [:] }
        var options: [String: String] = [:]
        for (key, item) in table.entries {
            if case .string(let name) = key, name.hasPrefix("restart-strategy") { options[name] = text(item) }
        }
        guard let type = table["type"].stringValue else { return options }
        options["restart-strategy.type"] = type
        let prefix = "restart-strategy.\(type)."
        let names: [String: String] = [
            "attempts": type == "exponential-delay" ? "attempts-before-reset-backoff" : "attempts",
            "delay": "delay", "max_failures": "max-failures-per-interval", "interval": "failure-rate-interval",
            "initial_backoff": "initial-backoff", "max_backoff": "max-backoff", "multiplier": "backoff-multiplier",
            "reset_threshold": "reset-backoff-threshold", "jitter": "jitter-factor",
        ]
        let seconds: Set<String> = ["delay", "interval", "initial_backoff", "max_backoff", "reset_threshold"]
        for (key, item) in table.entries {
            guard case .string(let name) = key, name != "type", !name.hasPrefix("restart-strategy") else { continue }
            guard let flink = names[name] else {
                throw call.argumentError(1, "restart_strategy has no field '\(name)'")
            }
            if seconds.contains(name), let s = item.doubleValue {
                options[prefix + flink] = "\(Int64((s * 1000).rounded())) ms"
            } else {
                options[prefix + flink] = text(item)
            }
        }
        return options
    }

    private static func text(_ value: LuaValue) -> String {
        switch value {
        case .string(let s): s
        case .integer(let i): String(i)
        case .number(let d): String(d)
        case .boolean(let b): String(b)
        default: ""
        }
    }
}
