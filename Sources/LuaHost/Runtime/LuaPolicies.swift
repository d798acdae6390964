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
    /// Each application's `history` list, kept in Lua between calls: a new minute is appended
    /// (and the oldest dropped) rather than the list made again every minute.
    private var histories: [String: (generation: Int, count: Int, last: Double, table: LuaRef)] = [:]

    init(runtime: LuaRuntime, function: LuaRef, historyMinutes: Int = LuaAutoscalingPolicy.longestHistory) {
        self.runtime = runtime
        self.function = function
        self.historyMinutes = historyMinutes
    }

    deinit { for entry in histories.values { entry.table.release() } }

    func parallelism(for app: Application, input: ScalingInput) -> Int? {
        let answer: LuaValue
        do throws(FloeError) {
            answer = try runtime.callBack(function, phase: .policy) { L in
                runtime.push(ApplicationHandle(name: app.name, generation: app.generation), as: ApplicationType.type, on: L)
                Self.pushMetrics(input, on: L)
                pushHistory(app, input.history, on: L)
                lua_setfield(L, -2, "history")
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

    private func fail(_ app: Application, _ input: ScalingInput, _ reason: String) -> Int? {
        runtime.lifecycle.recordPolicyFailure(app, policy: "autoscaling", reason: "the autoscaling policy " + reason)
        return fallback.parallelism(for: app, input: input)
    }

    /// Pushes `metrics` without its history: now, cpu, parallelism, configured_parallelism,
    /// parallelism_per_kpu, kpus, max_parallelism. `history`, a list of minutes {time, cpu,
    /// busy, records_in, records_out, parallelism}, oldest first, is set by the caller.
    static func pushMetrics(_ input: ScalingInput, on L: OpaquePointer) {
        func set(_ name: StaticString, _ value: Double) { lua_pushnumber(L, value); LuaStack(L).setField(name) }
        func set(_ name: StaticString, _ value: Int) { lua_pushinteger(L, lua_Integer(value)); LuaStack(L).setField(name) }
        lua_createtable(L, 0, 8)
        set("now", input.now)
        set("cpu", input.cpu)
        set("parallelism", input.parallelism)
        set("configured_parallelism", input.configuredParallelism)
        set("parallelism_per_kpu", input.parallelismPerKPU)
        set("kpus", input.kpus)
        set("max_parallelism", input.maxParallelism)
    }

    /// Pushes the application's history list — its last `historyMinutes` minutes — the kept
    /// one with this minute appended (and the oldest dropped once full) when it follows on,
    /// else a new one.
    private func pushHistory(_ app: Application, _ history: Deque<MinuteMetrics>, on L: OpaquePointer) {
        let key = app.name
        let shown = min(historyMinutes, history.count)
        if let kept = histories[key], kept.generation == app.generation, let newest = history.last,
           history.count >= 2, history[history.count - 2].time == kept.last,
           kept.count == shown || kept.count == shown - 1 {
            kept.table.push(on: L)
            if kept.count == shown {  // full: drop the oldest
                for i in 1..<max(1, shown) {
                    lua_rawgeti(L, -1, lua_Integer(i + 1))
                    lua_rawseti(L, -2, lua_Integer(i))
                }
            }
            Self.pushMinute(newest, on: L)
            lua_rawseti(L, -2, lua_Integer(shown))
            histories[key] = (app.generation, shown, newest.time, kept.table)
            return
        }
        histories[key]?.table.release()
        lua_createtable(L, Int32(shown), 0)
        for (i, minute) in history.suffix(shown).enumerated() {
            Self.pushMinute(minute, on: L)
            lua_rawseti(L, -2, lua_Integer(i + 1))
        }
        lua_pushvalue(L, -1)
        histories[key] = (app.generation, shown, history.last?.time ?? -1, LuaRef(popping: L))
    }

    static func pushMinute(_ m: MinuteMetrics, on L: OpaquePointer) {
        func set(_ name: StaticString, _ value: Double) { lua_pushnumber(L, value); LuaStack(L).setField(name) }
        lua_createtable(L, 0, 6)
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
