import CLua
import Lifecycle

/// What a policy or hook may use: each time it is called, instructions and Lua heap; and
/// between calls, the Lua heap it keeps (its sandbox's globals, what its upvalues reach).
public struct PolicyLimits: Sendable, Equatable {
    public var instructions = 1_000_000
    public var memoryBytes = 16 << 20
    /// What one policy or hook may keep between calls; past it, it is removed (logged as a
    /// `policy` entry) and the service's rule decides from then on.
    public var keptBytes = 64 << 20
    public init() {}
}

/// `floe.policy.*` and `floe.on`: Lua functions the engine calls back. The prelude
/// sandboxes them and hands them to these host functions; the engine calls them through
/// `LuaAutoscalingPolicy`, `LuaMaintenancePolicy` and `HookDispatcher`, in the policy and
/// hook phases, each call with its own budget.
enum PolicyModule {
    /// The event names `floe.on` knows.
    static let events: Set<String> = [
        "status", "job", "restart", "checkpoint", "snapshot", "scaling", "maintenance", "operation", "policy",
    ]

    static var functions: [LuaFunction] { [
        /// floe.release_maintenance(patch): the service releases a maintenance now; every
        /// application has it pending until its policy lets it proceed. Scripts only.
        LuaFunction("release_maintenance", phases: .script, doc: "floe.release_maintenance(patch): a maintenance for every application") { call in
            let patch = try call.string(1)
            guard !patch.isEmpty, patch.count <= 128 else { throw call.argumentError(1, "a patch name of 1 to 128 characters expected") }
            call.runtime.lifecycle.releaseMaintenance(patch: patch)
            return 0
        },
    ] }

    static var hostFunctions: [LuaFunction] { [
        LuaFunction("set_policy", phases: .script, doc: "host.set_policy(kind, fn | nil, history)") { call in
            let kind = try call.string(1)
            let runtime = call.runtime
            var minutes = LuaAutoscalingPolicy.longestHistory
            if !call.isNone(3), lua_type(call.L, 3) != LUA_TNIL {
                var ok: Int32 = 0
                let n = lua_tointegerx(call.L, 3, &ok)
                guard ok != 0, lua_type(call.L, 3) == LUA_TNUMBER, (1...lua_Integer(minutes)).contains(n) else {
                    throw call.argumentError(2, "options.history must be a whole number of minutes from 1 to \(minutes)")
                }
                minutes = Int(n)
            }
            let engine = runtime.lifecycle
            let function: LuaRef?
            if call.isNone(2) || lua_type(call.L, 2) == LUA_TNIL {
                function = nil
            } else {
                lua_pushvalue(call.L, 2)
                function = LuaRef(popping: call.L)
            }
            switch kind {
            case "autoscaling":
                engine.autoscalingPolicy = function.map { LuaAutoscalingPolicy(runtime: runtime, function: $0, historyMinutes: minutes) }
                    ?? ServiceAutoscaling()
            case "maintenance":
                engine.maintenancePolicy = function.map { LuaMaintenancePolicy(runtime: runtime, function: $0) } ?? ServiceMaintenance()
            default:
                throw call.argumentError(1, "autoscaling or maintenance expected, got '\(kind)'")
            }
            return 0
        },
        LuaFunction("read_policy", phases: .script, doc: "host.read_policy(path) -> source, chunk name") { call in
            // Level 2: the script that called floe.policy.load (level 1 is the prelude).
            let path = JobModule.resolve(try call.string(1), besideScriptOf: call.L, level: 2)
            let source = try JobScript.read(path)
            return call.results(.string(source), .string("@" + path))
        },
        LuaFunction("on", phases: .script, doc: "host.on(event, fn, filter)") { call in
            let event = try call.string(1)
            guard events.contains(event) else {
                throw call.argumentError(1, "unknown event '\(event)' (events: \(events.sorted().joined(separator: ", ")))")
            }
            var filter: [(String, LuaValue)] = []
            if !call.isNone(3), lua_type(call.L, 3) != LUA_TNIL {
                let table = try call.table(3)
                for (key, value) in table.entries {
                    guard case .string(let name) = key else { throw call.argumentError(3, "a filter's keys are field names") }
                    switch value {
                    case .string, .integer, .number, .boolean: filter.append((name, value))
                    default: throw call.argumentError(3, "the filter's '\(name)' must be a string, number or boolean, not a \(value.typeName)")
                    }
                }
            }
            lua_pushvalue(call.L, 2)
            call.runtime.hooks.add(event, LuaRef(popping: call.L), filter: filter.sorted { $0.0 < $1.0 })
            return 0
        },
    ] }
}

extension LuaRuntime {
    /// Calls `function(arguments…)` as user code the engine calls back: in `phase`, with the
    /// policy limits, on the main state. Returns its first result.
    func callBack(_ function: LuaRef, phase: Phase, _ push: (OpaquePointer) -> Int32) throws(FloeError) -> LuaValue {
        let L = state
        let stack = LuaStack(L)
        let base = stack.top
        defer { stack.top = base }
        function.push(on: L)
        let count = push(L)
        try withPhase(phase) { () throws(FloeError) in
            try callGuarded(arguments: count, results: 1, instructions: policyLimits.instructions,
                            memoryBytes: policyLimits.memoryBytes)
        }
        let result = try stack.value(at: -1)
        keptMemory.callEnded(in: self)
        return result
    }
}
