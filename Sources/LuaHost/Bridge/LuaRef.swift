import CLua

/// Whether a Lua state is still open (`LuaRuntime` clears it just before `lua_close`).
/// Read and written on the state's own thread only.
final class StateLiveness {
    var isOpen = true
}

/// A Lua value the host keeps (a job function, a policy callback, a `floe.on` handler): a
/// `luaL_ref` in the registry, released exactly once: by `release()`, or when the reference
/// goes away while its state is open. So replacing a policy lets go of everything it held.
final class LuaRef {
    private let state: OpaquePointer
    private let liveness: StateLiveness
    private(set) var ref: Int32

    /// Takes the value on top of the stack (stack: -1).
    init(popping state: OpaquePointer) {
        self.state = state
        liveness = Unmanaged<LuaRuntime>.fromOpaque(clua_context(state).pointee.host).takeUnretainedValue().liveness
        ref = luaL_ref(state, clua_registryindex())
    }

    deinit { if liveness.isOpen { release() } }

    /// Pushes the value (stack: +1).
    func push(on L: OpaquePointer) { lua_rawgeti(L, clua_registryindex(), lua_Integer(ref)) }

    func release() {
        guard ref != LUA_NOREF else { return }
        luaL_unref(state, clua_registryindex(), ref)
        ref = LUA_NOREF
    }
}
