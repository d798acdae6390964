import CLua

/// `floe.Error`: the value every floe error is in Lua. Fields `code`, `message`, `where`
/// (`file:line: ` of the call that raised it) and `traceback`; `tostring` gives
/// `Code: message`. The values are created in C (`clua_pusherror`) so that the limits
/// hook and the message handler can raise them without calling Swift.
enum ErrorType {
    static func register(in runtime: LuaRuntime) {
        let L = runtime.state
        let stack = LuaStack(L)
        luaL_newmetatable(L, RegistryKey.errorType)  // stack: mt (its __name is set)
        let metatable = stack.top
        runtime.install([
            LuaFunction("__index", phases: .all, doc: "err.code, err.message, err.where, err.traceback") { call in
                let slot: Int32
                switch call.stack.string(at: 2) {
                case "code": slot = CLUA_ERROR_CODE
                case "message": slot = CLUA_ERROR_MESSAGE
                case "traceback": slot = CLUA_ERROR_TRACEBACK
                case "where": slot = CLUA_ERROR_WHERE
                default: return call.results(.nil)
                }
                lua_getiuservalue(call.L, 1, slot)
                return 1
            },
            LuaFunction("__tostring", phases: .all, doc: "Code: message") { call in
                guard let error = ErrorBridge.error(at: 1, on: call.L) else { throw call.typeError(1, expected: RegistryKey.errorType) }
                return call.results(.string(error.description))
            },
        ], intoTableAt: metatable)
        stack.pop()
    }
}
