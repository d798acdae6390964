import CLua

/// A Lua value the host keeps (a job function, later policy callbacks and `floe.on`
/// handlers): a `luaL_ref` in the registry, released exactly once by `release()` or when
/// the reference goes away while its state is alive.
final class LuaRef {
    private let state: OpaquePointer
    private(set) var ref: Int32

    /// Takes the value on top of the stack (stack: -1).
    init(popping state: OpaquePointer) {
        self.state = state
        ref = luaL_ref(state, clua_registryindex())
    }

    /// Pushes the value (stack: +1).
    func push(on L: OpaquePointer) { lua_rawgeti(L, clua_registryindex(), lua_Integer(ref)) }

    func release() {
        guard ref != LUA_NOREF else { return }
        luaL_unref(state, clua_registryindex(), ref)
        ref = LUA_NOREF
    }
}
