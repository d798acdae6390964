import Clock
import JobRuntime
import Lifecycle
#if canImport(Glibc)
import Glibc
#endif

/// `floe.create_application{…}`: the operator layer's way to make an application.
enum ApplicationModule {
    /// The fields `floe.create_application` takes; any other is an error naming it.
    static let fields: Set<String> = [
        "name", "runtime", "code", "properties", "parallelism", "parallelism_per_kpu", "autoscaling", "snapshots",
        "rollback", "checkpointing", "checkpoint_interval", "min_pause", "restart_strategy", "description", "role", "tags",
    ]

    /// The settings fields shared by `create_application` and `app:update` as an update.
    static func settings(_ spec: LuaTable, call: LuaCall, argument: Int32 = 1) throws(FloeError) -> ApplicationUpdate {
        var update = ApplicationUpdate()
        if let groups = spec["properties"].tableValue {
            var properties: [String: [String: String]] = [:]
            for (group, values) in groups.entries {
                guard case .string(let groupName) = group, let table = values.tableValue else {
                    throw call.argumentError(argument, "field 'properties' must map group names to tables of strings")
                }
                var entries: [String: String] = [:]
                for (key, value) in table.entries {
                    guard case .string(let k) = key else {
                        throw call.argumentError(argument, "property group '\(groupName)' must have string keys")
                    }
                    entries[k] = value.stringValue ?? value.description
                }
                properties[groupName] = entries
            }
            update.properties = properties
        }
        func flag(_ name: String) -> Bool? { if case .boolean(let b) = spec[name] { b } else { nil } }
        update.parallelism = spec["parallelism"].intValue
        update.parallelismPerKPU = spec["parallelism_per_kpu"].intValue
        update.autoScalingEnabled = flag("autoscaling")
        update.snapshotsEnabled = flag("snapshots")
        update.rollbackEnabled = flag("rollback")
        update.checkpointingEnabled = flag("checkpointing")
        /// Seconds, as the operator layer takes them, into the API's milliseconds.
        func milliseconds(_ name: String) throws(FloeError) -> Int64? {
            guard spec[name] != .nil else { return nil }
            guard let seconds = spec[name].doubleValue, seconds.isFinite, abs(seconds * 1000) < 9.2e18 else {
                throw call.argumentError(argument, "field '\(name)' must be a number of seconds")
            }
            return Int64((seconds * 1000).rounded())
        }
        update.checkpointIntervalMs = try milliseconds("checkpoint_interval")
        update.minPauseBetweenCheckpointsMs = try milliseconds("min_pause")
        if spec["restart_strategy"] != .nil { update.restartStrategy = try JobModule.restartOptions(spec["restart_strategy"], call: call) }
        update.runtime = spec["runtime"].stringValue
        return update
    }

    static var functions: [LuaFunction] { [
        /// floe.create_application{name = s, code = path, runtime = "FLINK-1_20", properties = {group = {k = v}},
        ///   parallelism = n, parallelism_per_kpu = n, autoscaling = b, snapshots = b, rollback = b,
        ///   checkpointing = b, checkpoint_interval = s, min_pause = s, restart_strategy = {…},
        ///   description = s, role = arn, tags = {k = v}} -> floe.Application
        /// Scripts only. Errors: BadArgument (a misspelled field), and the service's own:
        /// InvalidArgumentException, ResourceInUseException, LimitExceededException, ….
        LuaFunction("create_application", phases: .script, doc: "floe.create_application{name = s, code = path, …}") { call in
            let spec = try call.table(1)
            for case .string(let key) in spec.entries.keys where !fields.contains(key) {
                throw call.argumentError(1, "unknown field '\(key)' (fields: \(fields.sorted().joined(separator: ", ")))")
            }
            guard let name = spec["name"].stringValue else { throw call.argumentError(1, "field 'name' expected") }
            guard let code = spec["code"].stringValue else { throw call.argumentError(1, "field 'code' (the job script's path) expected") }
            var update = try settings(spec, call: call)
            update.code = JobModule.resolve(code, besideScriptOf: call.L)
            let configuration = update.applied(to: ApplicationConfiguration(code: update.code!))
            var request = CreateApplicationRequest(
                name: name, runtime: update.runtime ?? "FLINK-1_20",
                serviceExecutionRole: spec["role"].stringValue ?? "arn:aws:iam::\(call.runtime.lifecycle.settings.account):role/floe",
                configuration: configuration)
            request.description = spec["description"].stringValue ?? ""
            for (key, value) in spec["tags"].tableValue?.entries ?? [:] {
                if case .string(let k) = key { request.tags[k] = value.stringValue ?? value.description }
            }
            let app = try call.runtime.lifecycle.createApplication(request)
            call.runtime.push(ApplicationHandle(name: app.name, generation: app.generation), as: ApplicationType.type, on: call.L)
            return 1
        },
    ] }
}


extension LuaRuntime {
    /// Application status changes so far (for the benchmark).
    public var lifecycleTransitions: Int {
        lifecycle.statusLog.filter { $0.subject == .application }.count
    }
}
