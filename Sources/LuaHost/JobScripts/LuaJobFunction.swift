import CLua
import JobRuntime

/// A job script's function as the runtime sees it: function number `index` of the script.
/// Each subtask gets its own Lua state (shared by the subtask's functions), made on the
/// subtask's thread by running the script there once.
final class LuaJobFunction: UserFunction, @unchecked Sendable {
    let script: JobScript
    let index: Int
    let name: String

    init(script: JobScript, index: Int, name: String) {
        self.script = script
        self.index = index
        self.name = name
    }

    func instantiate(in task: TaskContext) throws(JobError) -> any UserFunctionInstance {
        let state = try task.resource("lua:" + script.path) { () throws(JobError) in
            let state = try TaskState(script: script)
            task.onClose { state.close() }
            return state
        }
        return try state.function(index)
    }
}

/// One subtask's Lua state: the job script run once in it, its functions kept by number.
final class TaskState {
    let runtime: LuaRuntime
    private var functions: LuaRef?

    init(script: JobScript) throws(JobError) {
        do {
            runtime = try LuaRuntime(options: script.options)
            try script.run(in: runtime, phase: .task)  // stack: env
            LuaStack(runtime.state).rawGetField(-1, "functions")  // stack: env functions
            functions = LuaRef(popping: runtime.state)
            LuaStack(runtime.state).pop()
        } catch {
            throw JobError(floe: error)
        }
    }

    func function(_ index: Int) throws(JobError) -> LuaFunctionInstance {
        let L = runtime.state
        functions?.push(on: L)  // stack: functions
        lua_rawgeti(L, -1, lua_Integer(index))  // stack: functions f
        guard lua_type(L, -1) == LUA_TFUNCTION else {
            LuaStack(L).pop(2)
            throw JobError(code: JobError.Code.invalidGraph,
                           message: "the job script built a different dataflow in a task (no function #\(index)); it must build the same graph every time it runs")
        }
        let ref = LuaRef(popping: L)
        LuaStack(L).pop()
        return LuaFunctionInstance(runtime: runtime, function: ref)
    }

    func close() {
        functions?.release()
        functions = nil
    }
}

/// One function of a subtask's Lua state, called through the executor (its limits apply
/// to every call: a runaway function stops with `InstructionLimitExceeded`).
final class LuaFunctionInstance: UserFunctionInstance {
    let runtime: LuaRuntime
    let function: LuaRef
    private let stack: LuaStack

    init(runtime: LuaRuntime, function: LuaRef) {
        self.runtime = runtime
        self.function = function
        stack = LuaStack(runtime.state)
    }

    private func call(_ arguments: Value...) throws(JobError) {
        function.push(on: runtime.state)
        for argument in arguments { stack.push(argument) }
        do {
            try runtime.withPhase(.task) { () throws(FloeError) in
                try runtime.call(arguments: Int32(arguments.count), results: 1)
            }
        } catch {
            throw JobError(floe: error)
        }
    }

    func apply(_ value: Value) throws(JobError) -> Value {
        try call(value)
        defer { stack.pop() }
        return try stack.record(at: -1)
    }

    func combine(_ a: Value, _ b: Value) throws(JobError) -> Value {
        try call(a, b)
        defer { stack.pop() }
        return try stack.record(at: -1)
    }

    func expand(_ value: Value, into results: inout [Value]) throws(JobError) {
        try call(value)
        defer { stack.pop() }
        switch lua_type(runtime.state, -1) {
        case LUA_TNIL: return
        case LUA_TTABLE:
            let count = lua_rawlen(runtime.state, -1)
            for i in 0..<count {
                lua_rawgeti(runtime.state, -1, lua_Integer(i + 1))
                defer { stack.pop() }
                results.append(try stack.record(at: -1))
            }
        default:
            throw JobError(code: JobError.Code.userFunction,
                           message: "flat_map must return a list of values, got a \(stack.typeName(at: -1))")
        }
    }

    func close() { function.release() }
}

extension JobError {
    /// A Lua failure inside a job: Lua errors are the user function's exception; limits
    /// keep their own codes.
    init(floe error: FloeError) {
        let code = error.code == FloeError.Code.luaError ? JobError.Code.userFunction : error.code
        let message = error.code == FloeError.Code.luaError ? error.message : "\(error.location ?? "")\(error.message)"
        self.init(code: code, message: message)
    }
}
