import CLua
import JobRuntime
import Lifecycle

/// The only code that turns a Swift error into a Lua error value, or a Lua error value
/// into a Swift error (conventions, rule 3).
enum ErrorBridge {
    /// Pushes `error` as a `floe.Error` value (stack: +1). A `FloeError` keeps its code, the
    /// engines' errors keep theirs (the service's and Flink's names); any other Swift error
    /// becomes a `HostError` with its description.
    static func push(_ error: any Error, on L: OpaquePointer) {
        let floeError: FloeError
        switch error {
        case let e as FloeError: floeError = e
        case let e as LifecycleError: floeError = FloeError(code: e.code.rawValue, message: e.message)
        case let e as JobError: floeError = FloeError(code: e.code, message: e.message)
        default: floeError = FloeError(code: FloeError.Code.hostError, message: String(describing: error))
        }
        var code = floeError.code
        var message = floeError.message
        code.withUTF8 { c in
            message.withUTF8 { m in
                clua_pusherror(L, c.baseAddress, c.count, m.baseAddress, m.count)
            }
        }
        let stack = LuaStack(L)
        if let location = floeError.location {
            stack.push(location)
            lua_setiuservalue(L, -2, CLUA_ERROR_WHERE)
        }
        if let traceback = floeError.traceback {
            stack.push(traceback)
            lua_setiuservalue(L, -2, CLUA_ERROR_TRACEBACK)
        }
    }

    /// Reads the `floe.Error` at `index` into Swift; nil when the value is not one.
    static func error(at index: Int32, on L: OpaquePointer) -> FloeError? {
        guard luaL_testudata(L, index, CLUA_ERROR_TYPE) != nil else {
            return nil
        }
        let stack = LuaStack(L)
        let index = lua_absindex(L, index)
        func field(_ slot: Int32) -> String? {
            lua_getiuservalue(L, index, slot)
            defer { stack.pop() }
            return stack.string(at: -1)
        }
        let location = field(CLUA_ERROR_WHERE)
        return FloeError(code: field(CLUA_ERROR_CODE) ?? FloeError.Code.luaError,
                         message: field(CLUA_ERROR_MESSAGE) ?? "",
                         location: location?.isEmpty == true ? nil : location,
                         traceback: field(CLUA_ERROR_TRACEBACK))
    }

    /// Converts what a failed protected call or load left on top of the stack, and pops it.
    static func pop(status: Int32, on L: OpaquePointer, runtime: LuaRuntime) -> FloeError {
        let stack = LuaStack(L)
        defer { stack.pop() }
        switch status {
        case LUA_ERRMEM:
            if runtime.context.pointee.mem_refused != 0 {
                return FloeError(code: FloeError.Code.memoryLimit,
                                 message: "memory limit of \(runtime.context.pointee.mem_limit) bytes exceeded")
            }
            return FloeError(code: FloeError.Code.outOfMemory, message: "not enough memory")
        case LUA_ERRSYNTAX:
            return FloeError(code: FloeError.Code.syntaxError, message: stack.string(at: -1) ?? "syntax error")
        case LUA_ERRFILE:
            return FloeError(code: FloeError.Code.fileError, message: stack.string(at: -1) ?? "cannot read file")
        case LUA_ERRERR:
            return FloeError(code: FloeError.Code.luaError,
                             message: "error in error handling (\(stack.string(at: -1) ?? "no message"))")
        default:
            if let error = error(at: -1, on: L) { return error }
            return FloeError(code: FloeError.Code.luaError,
                             message: stack.string(at: -1) ?? "(error object is a \(stack.typeName(at: -1)) value)")
        }
    }
}
