import Clock
import Lifecycle

/// `floe.settings([{…}])`: the lifecycle engine's durations and knobs (aws-lifecycle §2.2,
/// §14), read and set from Lua.
enum SettingsModule {
    /// Lua name → the setting, in seconds of virtual time or as a flag or count.
    static var numbers: [(String, WritableKeyPath<LifecycleSettings, Double>)] { [
        ("starting", \.starting), ("stopping", \.stopping), ("force_stopping", \.forceStopping),
        ("updating", \.updating), ("rolling_back", \.rollingBack), ("deleting", \.deleting),
        ("snapshotting", \.snapshotting), ("autoscaling", \.autoscaling), ("maintenance", \.maintenance),
        ("maintenance_interval", \.maintenanceInterval),
    ] }
    static var counts: [(String, WritableKeyPath<LifecycleSettings, Int>)] { [
        ("application_quota", \.applicationQuota), ("snapshot_quota", \.snapshotQuota), ("max_kpus", \.maxKPUs),
    ] }
    static var flags: [(String, WritableKeyPath<LifecycleSettings, Bool>)] { [
        ("allow_deprecated_runtimes", \.allowDeprecatedRuntimes), ("require_version_or_token", \.requireVersionOrToken),
    ] }
    static var names: [(String, WritableKeyPath<LifecycleSettings, String>)] { [
        ("scale_up_operation", \.scaleUpOperation), ("scale_down_operation", \.scaleDownOperation),
        ("maintenance_operation", \.maintenanceOperation),
    ] }

    /// What each policy or hook may use: instructions and bytes per call, bytes kept between calls.
    static var policyLimits: [(String, WritableKeyPath<PolicyLimits, Int>)] { [
        ("policy_instructions", \.instructions), ("policy_memory", \.memoryBytes), ("policy_kept", \.keptBytes),
    ] }

    static var functions: [LuaFunction] { [
        /// floe.settings([{starting = s, stopping = s, force_stopping = s, updating = s,
        ///   rolling_back = s, deleting = s, snapshotting = s, autoscaling = s, maintenance = s,
        ///   maintenance_interval = s, application_quota = n, snapshot_quota = n, max_kpus = n,
        ///   allow_deprecated_runtimes = b, require_version_or_token = b, scale_up_operation = s,
        ///   scale_down_operation = s, maintenance_operation = s, step = s, stall_events = n,
        ///   policy_instructions = n, policy_memory = bytes, policy_kept = bytes,
        ///   policy_warnings = b}]) -> the settings in force
        /// `step` is the data-plane step of the applications' jobs started from then on;
        /// `stall_events` the watchdog's bound: events at one instant before a wait fails Stalled;
        /// `policy_warnings` whether a policy or handler falling back is said on standard error.
        /// Scripts only. Errors: BadArgument (an unknown field, a negative duration).
        LuaFunction("settings", phases: .script, doc: "floe.settings([{…}]): the lifecycle's durations and knobs") { call in
            let engine = call.runtime.lifecycle
            if !call.isNone(1) {
                let spec = try call.table(1)
                var settings = engine.settings
                let known = Set(numbers.map(\.0) + counts.map(\.0) + flags.map(\.0) + names.map(\.0) + ["step", "stall_events", "policy_warnings"] + policyLimits.map(\.0))
                for case .string(let key) in spec.entries.keys where !known.contains(key) {
                    throw call.argumentError(1, "unknown setting '\(key)' (settings: \(known.sorted().joined(separator: ", ")))")
                }
                for (name, path) in numbers where spec[name] != .nil {
                    guard let value = spec[name].doubleValue, value.isFinite, value >= 0, value <= Instant.latest.seconds else {
                        throw call.argumentError(1, "setting '\(name)' must be a non-negative number of seconds, at most \(Instant.latest.seconds) (the end of virtual time)")
                    }
                    settings[keyPath: path] = value
                }
                for (name, path) in counts where spec[name] != .nil {
                    guard let value = spec[name].intValue, value >= 0 else { throw call.argumentError(1, "setting '\(name)' must be a count") }
                    settings[keyPath: path] = value
                }
                for (name, path) in flags where spec[name] != .nil {
                    guard case .boolean(let value) = spec[name] else { throw call.argumentError(1, "setting '\(name)' must be true or false") }
                    settings[keyPath: path] = value
                }
                for (name, path) in names where spec[name] != .nil {
                    guard let value = spec[name].stringValue, !value.isEmpty, value.count <= 64 else {
                        throw call.argumentError(1, "setting '\(name)' must be an operation name of 1 to 64 characters")
                    }
                    settings[keyPath: path] = value
                }
                if spec["step"] != .nil {
                    guard let step = spec["step"].doubleValue, step.isFinite, step >= 0.001, step <= 3600 else {
                        throw call.argumentError(1, "setting 'step' must be a number of seconds from 0.001 to 3600")
                    }
                    engine.jobDefaults.stepSeconds = step
                }
                for (name, path) in policyLimits where spec[name] != .nil {
                    guard let value = spec[name].intValue, value >= 1 else { throw call.argumentError(1, "setting '\(name)' must be a count of at least 1") }
                    call.runtime.policyLimits[keyPath: path] = value
                }
                if spec["policy_warnings"] != .nil {
                    guard case .boolean(let value) = spec["policy_warnings"] else { throw call.argumentError(1, "setting 'policy_warnings' must be true or false") }
                    call.runtime.fallbacks.warns = value
                }
                if spec["stall_events"] != .nil {
                    guard let limit = spec["stall_events"].intValue, limit >= 1 else {
                        throw call.argumentError(1, "setting 'stall_events' must be a count of at least 1")
                    }
                    call.runtime.stallLimit = limit
                }
                engine.settings = settings
            }
            var table = LuaTable()
            for (name, path) in numbers { table[name] = .number(engine.settings[keyPath: path]) }
            for (name, path) in counts { table[name] = .integer(Int64(engine.settings[keyPath: path])) }
            for (name, path) in flags { table[name] = .boolean(engine.settings[keyPath: path]) }
            for (name, path) in names { table[name] = .string(engine.settings[keyPath: path]) }
            table["step"] = .number(engine.jobDefaults.stepSeconds)
            for (name, path) in policyLimits { table[name] = .integer(Int64(call.runtime.policyLimits[keyPath: path])) }
            table["policy_warnings"] = .boolean(call.runtime.fallbacks.warns)
            if call.runtime.clock is VirtualClock { table["stall_events"] = .integer(Int64(call.runtime.stallLimit)) }
            return call.results(.table(table))
        },
    ] }
}
