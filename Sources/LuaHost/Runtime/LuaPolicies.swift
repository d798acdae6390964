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
    private struct Kept {
        let generation: Int
        let app: LuaRef
        let metrics: LuaRef
        /// Minutes in `history`, and the time of its newest.
        var count = 0
        var last = -1.0
    }
    private var kept: [String: Kept] = [:]

    init(runtime: LuaRuntime, function: LuaRef, historyMinutes: Int = LuaAutoscalingPolicy.longestHistory) {
        self.runtime = runtime
        self.function = function
        self.historyMinutes = historyMinutes
    }

    deinit {
        for entry in kept.values {
            entry.app.release()
            entry.metrics.release()
        }
    }

    func parallelism(for app: Application, input: ScalingInput) -> Int? {
        let answer: LuaValue
        do throws(FloeError) {
            answer = try runtime.callBack(function, phase: .policy) { L in
                var entry = keptEntry(for: app, on: L)
                entry.app.push(on: L)
                entry.metrics.push(on: L)
                Self.setMetrics(input, on: L)
                updateHistory(&entry, input.history, on: L)
                kept[app.name] = entry
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
        return Kept(generation: app.generation, app: handle, metrics: LuaRef(popping: L))
    }

    private func fail(_ app: Application, _ input: ScalingInput, _ reason: String) -> Int? {
        runtime.lifecycle.recordPolicyFailure(app, policy: "autoscaling", reason: "the autoscaling policy " + reason)
        return fallback.parallelism(for: app, input: input)
    }

    /// Sets the fields of the `metrics` table on top of the stack but its history: now, cpu,
    /// parallelism, configured_parallelism, parallelism_per_kpu, kpus, max_parallelism.
    static func setMetrics(_ input: ScalingInput, on L: OpaquePointer) {
        func set(_ name: StaticString, _ value: Double) { lua_pushnumber(L, value); LuaStack(L).setField(name) }
        func set(_ name: StaticString, _ value: Int) { lua_pushinteger(L, lua_Integer(value)); LuaStack(L).setField(name) }
        set("now", input.now)
        set("cpu", input.cpu)
        set("parallelism", input.parallelism)
        set("configured_parallelism", input.configuredParallelism)
        set("parallelism_per_kpu", input.parallelismPerKPU)
        set("kpus", input.kpus)
        set("max_parallelism", input.maxParallelism)
    }

    /// Brings `history` of the `metrics` table on top of the stack up to date: the last
    /// `historyMinutes` minutes {time, cpu, busy, records_in, records_out, parallelism},
    /// oldest first. When it follows on from the last call this minute is appended (and the
    /// oldest dropped once full); otherwise (a new run, or a policy that replaced it) the
    /// list is made again.
    private func updateHistory(_ entry: inout Kept, _ history: Deque<MinuteMetrics>, on L: OpaquePointer) {
        let shown = min(historyMinutes, history.count)
        let isTable = LuaStack(L).getField("history") == LUA_TTABLE  // stack: … metrics history
        if isTable, let newest = history.last, history.count >= 2, history[history.count - 2].time == entry.last,
           entry.count == shown || entry.count == shown - 1 {
            if entry.count == shown {  // full: the oldest minute's table moves to the end, with this minute in it
                lua_rawgeti(L, -1, 1)  // stack: … history oldest
                for i in 1..<max(1, shown) {
                    lua_rawgeti(L, -2, lua_Integer(i + 1))
                    lua_rawseti(L, -3, lua_Integer(i))
                }
                if lua_type(L, -1) == LUA_TTABLE {
                    Self.setMinute(newest, on: L)
                } else {
                    clua_pop(L, 1)
                    Self.pushMinute(newest, on: L)
                }
            } else {
                Self.pushMinute(newest, on: L)
            }
            lua_rawseti(L, -2, lua_Integer(shown))
        } else {
            clua_pop(L, 1)
            lua_createtable(L, Int32(shown), 0)
            for (i, minute) in history.suffix(shown).enumerated() {
                Self.pushMinute(minute, on: L)
                lua_rawseti(L, -2, lua_Integer(i + 1))
            }
            lua_pushvalue(L, -1)
            lua_setfield(L, -3, "history")  // stack: … metrics history
        }
        clua_pop(L, 1)
        entry.count = shown
        entry.last = history.last?.time ?? -1
    }

    static func pushMinute(_ m: MinuteMetrics, on L: OpaquePointer) {
        lua_createtable(L, 0, 6)
        setMinute(m, on: L)
    }

    /// Sets a minute's fields in the table on top of the stack.
    static func setMinute(_ m: MinuteMetrics, on L: OpaquePointer) {
        func set(_ name: StaticString, _ value: Double) { lua_pushnumber(L, value); LuaStack(L).setField(name) }
        set("time", m.time)
        set("cpu", m.cpu)
        set("busy", m.busy)
        set("records_in", m.recordsInPerSecond)
        set("records_out", m.recordsOutPerSecond)
        lua_pushinteger(L, lua_Integer(m.parallelism))
        LuaStack(L).setField("parallelism")
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
        runtime.lifecycle.recordPolicyFailure(app, policy: "maintenance", reason: "the maintenance policy " + reason)
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
