import CLua
import DequeModule
import Lifecycle

/// An autoscaling policy written in Lua: `fn(app, metrics)` returns the parallelism to
/// scale to, or nil. An error, a limit exceeded or an answer that is not an integer in
/// 1 … max_parallelism is logged, and the service's rule decides that minute instead.
final class LuaAutoscalingPolicy: AutoscalingPolicy {
    unowned let runtime: LuaRuntime
    let function: LuaRef
    let fallback = ServiceAutoscaling()
    /// The most minutes `metrics.history` holds: the service rule's longest window.
    static let longestHistory = 360
    /// How many of the last minutes `metrics.history` holds (`options.history`).
    let historyMinutes: Int
    /// What the policy keeps of each application in Lua between calls: its userdata, and its
    /// `metrics` table with `history` in it, brought up to date every minute (a new minute
    /// appended, the oldest dropped) rather than made again.
    private final class Kept {
        let generation: Int
        let app: LuaRef
        let metrics: LuaRef
        /// Minutes in `history`, and the time of its newest.
        var count = 0
        var last = -1.0

        init(generation: Int, app: LuaRef, metrics: LuaRef) {
            self.generation = generation
            self.app = app
            self.metrics = metrics
        }
    }
    private var kept: [String: Kept] = [:]

    /// The fields the policy's tables have, as Lua strings made once and kept in a registry
    /// table: `lua_setfield` makes (hashes) its name's string on every call, and these
    /// tables are filled every minute for every application.
    private enum Field: Int, CaseIterable {
        case now = 1, cpu, parallelism, configuredParallelism, parallelismPerKPU, kpus, maxParallelism
        case time, busy, recordsIn, recordsOut, history

        var name: String {
            switch self {
            case .now: "now"
            case .cpu: "cpu"
            case .parallelism: "parallelism"
            case .configuredParallelism: "configured_parallelism"
            case .parallelismPerKPU: "parallelism_per_kpu"
            case .kpus: "kpus"
            case .maxParallelism: "max_parallelism"
            case .time: "time"
            case .busy: "busy"
            case .recordsIn: "records_in"
            case .recordsOut: "records_out"
            case .history: "history"
            }
        }
    }
    private let fieldNames: LuaRef

    init(runtime: LuaRuntime, function: LuaRef, historyMinutes: Int = LuaAutoscalingPolicy.longestHistory) {
        self.runtime = runtime
        self.function = function
        self.historyMinutes = historyMinutes
        let L = runtime.state
        lua_createtable(L, Int32(Field.allCases.count), 0)
        for field in Field.allCases {
            LuaStack(L).push(field.name)
            lua_rawseti(L, -2, lua_Integer(field.rawValue))
        }
        fieldNames = LuaRef(popping: L)
    }

    deinit {
        for entry in kept.values {
            entry.app.release()
            entry.metrics.release()
        }
        fieldNames.release()
    }

    /// Sets `t[field] = value` for the table `t` at absolute index `table`, the names table at
    /// absolute index `names`.
    private static func set(_ field: Field, _ value: Double, in table: Int32, names: Int32, on L: OpaquePointer) {
        lua_rawgeti(L, names, lua_Integer(field.rawValue))
        lua_pushnumber(L, value)
        lua_rawset(L, table)
    }

    private static func set(_ field: Field, _ value: Int, in table: Int32, names: Int32, on L: OpaquePointer) {
        lua_rawgeti(L, names, lua_Integer(field.rawValue))
        lua_pushinteger(L, lua_Integer(value))
        lua_rawset(L, table)
    }

    func parallelism(for app: Application, input: ScalingInput) -> Int? {
        let answer: LuaValue
        do throws(FloeError) {
            answer = try runtime.callBack(function, phase: .policy) { L in
                let entry = keptEntry(for: app, on: L)
                entry.app.push(on: L)
                entry.metrics.push(on: L)
                fieldNames.push(on: L)  // stack: … app metrics names (taken off by updateHistory)
                Self.setMetrics(input, in: lua_gettop(L) - 1, names: lua_gettop(L), on: L)
                updateHistory(entry, input.history, on: L)
                return 2
            }
        } catch {
            return fail(app, input, "failed: \(error.code): \(error.message)")
        }
        switch answer {
        case .nil:
            return nil
        case .integer(let n) where (1...Int64(input.maxParallelism)).contains(n):
            return Int(n)
        case .number(let d) where d.rounded() == d && d >= 1 && d <= Double(input.maxParallelism):
            return Int(d)
        default:
            return fail(app, input, "returned \(answer) (\(answer.typeName)); expected nil or an integer from 1 to \(input.maxParallelism)")
        }
    }

    /// The application's kept userdata and tables, made on its first call (and again for a
    /// new application of the same name).
    private func keptEntry(for app: Application, on L: OpaquePointer) -> Kept {
        if let entry = kept[app.name], entry.generation == app.generation { return entry }
        if let old = kept[app.name] {
            old.app.release()
            old.metrics.release()
        }
        runtime.push(ApplicationHandle(name: app.name, generation: app.generation), as: ApplicationType.type, on: L)
        let handle = LuaRef(popping: L)
        lua_createtable(L, 0, 8)
        let entry = Kept(generation: app.generation, app: handle, metrics: LuaRef(popping: L))
        kept[app.name] = entry
        return entry
    }

    private func fail(_ app: Application, _ input: ScalingInput, _ reason: String) -> Int? {
        runtime.fallbacks.record(app, policy: "autoscaling", reason: "the autoscaling policy " + reason, in: runtime.lifecycle)
        return fallback.parallelism(for: app, input: input)
    }

    /// Sets the fields of the `metrics` table but its history: now, cpu, parallelism,
    /// configured_parallelism, parallelism_per_kpu, kpus, max_parallelism.
    private static func setMetrics(_ input: ScalingInput, in t: Int32, names: Int32, on L: OpaquePointer) {
        set(.now, input.now, in: t, names: names, on: L)
        set(.cpu, input.cpu, in: t, names: names, on: L)
        set(.parallelism, input.parallelism, in: t, names: names, on: L)
        set(.configuredParallelism, input.configuredParallelism, in: t, names: names, on: L)
        set(.parallelismPerKPU, input.parallelismPerKPU, in: t, names: names, on: L)
        set(.kpus, input.kpus, in: t, names: names, on: L)
        set(.maxParallelism, input.maxParallelism, in: t, names: names, on: L)
    }

    /// Brings `history` of the `metrics` table on top of the stack up to date: the last
    /// `historyMinutes` minutes {time, cpu, busy, records_in, records_out, parallelism},
    /// oldest first. When it follows on from the last call this minute is appended (and the
    /// oldest dropped once full); otherwise (a new run, or a policy that replaced it) the
    /// list is made again.
    private func updateHistory(_ entry: Kept, _ history: Deque<MinuteMetrics>, on L: OpaquePointer) {
        let names = lua_gettop(L)  // stack: … metrics names
        let shown = min(historyMinutes, history.count)
        lua_rawgeti(L, names, lua_Integer(Field.history.rawValue))
        let isTable = lua_rawget(L, names - 1) == LUA_TTABLE  // stack: … metrics names history
        if isTable, let newest = history.last, history.count >= 2, history[history.count - 2].time == entry.last,
           entry.count == shown || entry.count == shown - 1 {
            if entry.count == shown {  // full: the oldest minute's table moves to the end, with this minute in it
                lua_rawgeti(L, -1, 1)  // stack: … history oldest
                for i in 1..<max(1, shown) {
                    lua_rawgeti(L, -2, lua_Integer(i + 1))
                    lua_rawseti(L, -3, lua_Integer(i))
                }
                if lua_type(L, -1) == LUA_TTABLE {
                    Self.setMinute(newest, names: names, on: L)
                } else {
                    clua_pop(L, 1)
                    Self.pushMinute(newest, names: names, on: L)
                }
            } else {
                Self.pushMinute(newest, names: names, on: L)
            }
            lua_rawseti(L, -2, lua_Integer(shown))
        } else {
            clua_pop(L, 1)
            lua_createtable(L, Int32(shown), 0)
            for (i, minute) in history.suffix(shown).enumerated() {
                Self.pushMinute(minute, names: names, on: L)
                lua_rawseti(L, -2, lua_Integer(i + 1))
            }
            lua_rawgeti(L, names, lua_Integer(Field.history.rawValue))
            lua_pushvalue(L, -2)
            lua_rawset(L, names - 1)  // stack: … metrics names history
        }
        clua_pop(L, 2)  // stack: … metrics
        entry.count = shown
        entry.last = history.last?.time ?? -1
    }

    private static func pushMinute(_ m: MinuteMetrics, names: Int32, on L: OpaquePointer) {
        lua_createtable(L, 0, 6)
        setMinute(m, names: names, on: L)
    }

    /// Sets a minute's fields in the table on top of the stack: time, cpu, busy, records_in,
    /// records_out, parallelism.
    private static func setMinute(_ m: MinuteMetrics, names: Int32, on L: OpaquePointer) {
        let t = lua_gettop(L)
        set(.time, m.time, in: t, names: names, on: L)
        set(.cpu, m.cpu, in: t, names: names, on: L)
        set(.busy, m.busy, in: t, names: names, on: L)
        set(.recordsIn, m.recordsInPerSecond, in: t, names: names, on: L)
        set(.recordsOut, m.recordsOutPerSecond, in: t, names: names, on: L)
        set(.parallelism, m.parallelism, in: t, names: names, on: L)
    }
}

/// A maintenance policy written in Lua: `fn(app, maintenance)` returns "proceed" (or nil),
/// "snapshot" (a snapshot first), "defer" (to the next window), {defer = seconds},
/// {defer_until = time} or "skip". Anything else, an error or a limit exceeded is logged,
/// and the service's rule decides that time instead.
final class LuaMaintenancePolicy: MaintenancePolicy {
    unowned let runtime: LuaRuntime
    let function: LuaRef
    let fallback = ServiceMaintenance()

    init(runtime: LuaRuntime, function: LuaRef) {
        self.runtime = runtime
        self.function = function
    }

    func decide(_ app: Application, input: MaintenanceInput) -> MaintenanceDecision {
        let answer: LuaValue
        do throws(FloeError) {
            answer = try runtime.callBack(function, phase: .policy) { L in
                runtime.push(ApplicationHandle(name: app.name, generation: app.generation), as: ApplicationType.type, on: L)
                LuaStack(L).push(.table(Self.maintenance(input, status: app.status)))
                return 2
            }
        } catch {
            return fail(app, input, "failed: \(error.code): \(error.message)")
        }
        switch answer {
        case .nil, .string("proceed"): return .proceed
        case .string("snapshot"): return .snapshotFirst
        case .string("skip"): return .skip
        case .string("defer"): return .deferUntil(input.inWindow ? input.now + 86_400 : input.nextWindowStart)
        case .table(let t):
            if let seconds = t["defer"].doubleValue, t.entries.count == 1, seconds.isFinite, seconds > 0 {
                return .deferUntil(input.now + seconds)
            }
            if let time = t["defer_until"].doubleValue, t.entries.count == 1, time.isFinite {
                return .deferUntil(time)
            }
            return fail(app, input, "returned a table that is neither {defer = seconds > 0} nor {defer_until = time}")
        default:
            return fail(app, input, "returned \(answer) (\(answer.typeName)); expected \"proceed\", \"snapshot\", \"defer\", \"skip\", {defer = s} or {defer_until = t}")
        }
    }

    private func fail(_ app: Application, _ input: MaintenanceInput, _ reason: String) -> MaintenanceDecision {
        runtime.fallbacks.record(app, policy: "maintenance", reason: "the maintenance policy " + reason, in: runtime.lifecycle)
        return fallback.decide(app, input: input)
    }

    /// `maintenance`: patch, released, now, status, time_of_day ("HH:MM" UTC), window
    /// {start, end}, in_window, next_window (clock seconds).
    static func maintenance(_ input: MaintenanceInput, status: ApplicationStatus) -> LuaTable {
        var t = LuaTable()
        t["patch"] = .string(input.maintenance.patch)
        t["released"] = .number(input.maintenance.released)
        t["now"] = .number(input.now)
        t["status"] = .string(status.rawValue)
        t["time_of_day"] = .string(input.clockTime)
        var window = LuaTable()
        window["start"] = .string(input.windowStart)
        window["end"] = .string(input.windowEnd)
        t["window"] = .table(window)
        t["in_window"] = .boolean(input.inWindow)
        t["next_window"] = .number(input.nextWindowStart)
        return t
    }
}
