import CLua
import Lifecycle

/// `floe.on`'s handlers, and the engine's events turned into theirs. Handlers run on the
/// virtual clock as the events happen, in the order they were added, each in the hook
/// phase with the policy limits; what they return is ignored. A handler that fails is
/// logged in the status log (subject "policy", from "hook <event>") and the run goes on;
/// the events of that log entry, and of anything else a handler causes, reach no handler.
final class HookDispatcher {
    private struct Handler {
        let function: LuaRef
        /// Fields the event must have, with these values (empty: every event).
        let filter: [(String, LuaValue)]

        /// Whether its filter wants another value of field `name` than `value`.
        func rejects(_ name: String, _ value: LuaValue) -> Bool {
            filter.contains { $0.0 == name && $0.1 != value }
        }

        func accepts(_ event: String, _ fields: EventFields) -> Bool {
            filter.allSatisfy { name, wanted in
                guard let value = name == "event" ? .string(event) : fields[name] else { return false }
                if let a = value.doubleValue, let b = wanted.doubleValue { return a == b }
                return value == wanted
            }
        }
    }

    private var handlers: [String: [Handler]] = [:]
    private var dispatching = false
    unowned let runtime: LuaRuntime

    init(runtime: LuaRuntime) { self.runtime = runtime }

    /// `handlers["checkpoint"]`, at hand: a checkpoint ends every minute for every job.
    private var checkpointHandlers: [Handler] = []

    func add(_ event: String, _ handler: LuaRef, filter: [(String, LuaValue)] = []) {
        handlers[event, default: []].append(Handler(function: handler, filter: filter))
        checkpointHandlers = handlers["checkpoint"] ?? []
    }

    /// Every handler's function, with its event and place in that event's list.
    var callbacks: [(event: String, index: Int, function: LuaRef)] {
        handlers.keys.sorted().flatMap { event in handlers[event]!.enumerated().map { (event, $0.offset, $0.element.function) } }
    }

    /// Takes a handler away (its function's reference goes with it).
    func remove(_ event: String, at index: Int) {
        guard var list = handlers[event], list.indices.contains(index) else { return }
        list.remove(at: index)
        handlers[event] = list.isEmpty ? nil : list
        checkpointHandlers = handlers["checkpoint"] ?? []
    }

    /// Subscribes to the engine's status log, operations and job events.
    func listen(to engine: LifecycleEngine) {
        engine.onLog.append { [unowned self] entry in
            guard !handlers.isEmpty else { return }
            var t = EventFields()
            t["time"] = .number(entry.time)
            t["application"] = .string(entry.application)
            t["version"] = .integer(Int64(entry.version))
            t["from"] = .string(entry.from)
            t["to"] = .string(entry.to)
            if let cause = entry.cause { t["cause"] = .string(cause) }
            switch entry.subject {
            case .application:
                dispatch("status", entry.application, t)
                if entry.to == ApplicationStatus.autoscaling.rawValue { dispatch("scaling", entry.application, t) }
                if entry.to == ApplicationStatus.maintenance.rawValue { dispatch("maintenance", entry.application, t) }
            case .job:
                dispatch("job", entry.application, t)
                // Another failure while RESTARTING is merged into the same restart (Flink logs RESTARTING → RESTARTING).
                if entry.to == "RESTARTING" && entry.from != "RESTARTING" { dispatch("restart", entry.application, t) }
            case .policy:
                t["policy"] = .string(entry.from)
                dispatch("policy", entry.application, t)
            case .maintenance:
                t["patch"] = .string(entry.from)
                dispatch("maintenance", entry.application, t)
            case .snapshot(let name):
                t["snapshot"] = .string(name)
                dispatch("snapshot", entry.application, t)
            }
        }
        engine.onOperationEnd.append { [unowned self] app, op in
            guard handlers["operation"] != nil else { return }
            var t = EventFields()
            t["time"] = .number(op.endTime ?? 0)
            t["application"] = .string(app.name)
            t["version"] = .integer(Int64(app.versionId))
            t["id"] = .string(op.id)
            t["operation"] = .string(op.operation)
            t["status"] = .string(op.status.rawValue)
            t["start"] = .number(op.startTime)
            if let error = op.errorString { t["error"] = .string(error) }
            dispatch("operation", app.name, t)
        }
        engine.onJobEvent.append { [unowned self] app, event in
            guard !checkpointHandlers.isEmpty, case .checkpoint(let id, let savepoint) = event.subject,
                  event.to == "COMPLETED" || event.to == "FAILED" else { return }
            // A checkpoint completes every minute: no table is made for handlers that filter it out.
            let status = LuaValue.string(event.to)
            guard !checkpointHandlers.allSatisfy({ $0.rejects("status", status) }) else { return }
            var t = EventFields()
            t["time"] = .number(event.time.seconds)
            t["application"] = .string(app.name)
            t["version"] = .integer(Int64(app.versionId))
            t["id"] = .integer(id)
            t["savepoint"] = .boolean(savepoint)
            t["status"] = .string(event.to)
            if let cause = event.cause { t["cause"] = .string(cause) }
            dispatch("checkpoint", app.name, t)
        }
    }

    private func dispatch(_ event: String, _ application: String, _ fields: EventFields) {
        guard !dispatching, let list = handlers[event] else { return }
        dispatching = true
        defer { dispatching = false }
        for handler in list where handler.accepts(event, fields) {
            do throws(FloeError) {
                _ = try runtime.callBack(handler.function, phase: .hook) { L in
                    fields.push(event: event, on: L)
                    return 1
                }
            } catch {
                if let app = try? runtime.lifecycle.application(application) {
                    runtime.fallbacks.record(app, policy: "hook \(event)", reason: "the \(event) handler failed: \(error.code): \(error.message)", in: runtime.lifecycle)
                }
            }
        }
    }
}

/// A handler's event table, built straight onto the Lua stack (a hook may run every
/// simulated minute for every application: no dictionary in between).
struct EventFields {
    private var fields: [(name: StaticString, value: LuaValue)] = []

    init() { fields.reserveCapacity(9) }

    /// Adds a field (each name once).
    subscript(name: StaticString) -> LuaValue? {
        get { self[name.description] }
        set { if let newValue { fields.append((name, newValue)) } }
    }

    subscript(name: String) -> LuaValue? {
        fields.first { field in field.name.withUTF8Buffer { $0.elementsEqual(name.utf8) } }?.value
    }

    /// stack: +1 (a new table with the fields and `event`).
    func push(event: String, on L: OpaquePointer) {
        let stack = LuaStack(L)
        lua_createtable(L, 0, Int32(fields.count + 1))
        stack.push(event)
        stack.setField("event")
        for (name, value) in fields {
            stack.push(value)
            stack.setField(name)
        }
    }
}
