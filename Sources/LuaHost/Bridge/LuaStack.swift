import CLua

/// The Lua stack of one thread (the main state or a coroutine), with the non-raising
/// operations floe's Swift code is allowed to use on it (conventions, rule 2).
///
/// Every method here is safe to call from Swift: none runs a metamethod or raises,
/// except that a push may fail on a real out-of-memory (which the panic handler reports).
public struct LuaStack {
    public let L: OpaquePointer

    public init(_ L: OpaquePointer) { self.L = L }

    public var top: Int32 {
        get { lua_gettop(L) }
        nonmutating set { lua_settop(L, newValue) }
    }

    public func pop(_ n: Int32 = 1) { clua_pop(L, n) }

    /// The Lua type name of the value at `index` ("no value" past the top), as Lua's errors say it.
    public func typeName(at index: Int32) -> String {
        let t = lua_type(L, index)
        if t == LUA_TNONE { return "no value" }
        if let name = luaL_testudata_name(at: index) { return name }
        return String(cString: lua_typename(L, t))
    }

    /// The `__name` of a userdata's metatable, as luaL_typeerror reports it.
    private func luaL_testudata_name(at index: Int32) -> String? {
        guard lua_type(L, index) == LUA_TUSERDATA, lua_getmetatable(L, index) != 0 else { return nil }
        defer { pop() }  // stack: … mt
        lua_pushstring(L, "__name")
        defer { pop() }  // stack: … mt name
        guard lua_rawget(L, -2) == LUA_TSTRING else { return nil }
        return string(at: -1)
    }

    // MARK: strings

    /// The string at `index` without conversion (nil unless it is a string).
    public func string(at index: Int32) -> String? {
        guard lua_type(L, index) == LUA_TSTRING else { return nil }
        var length = 0
        guard let bytes = clua_tostring(L, index, &length) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
    }

    public func push(_ string: String) {
        var string = string
        string.withUTF8 { buffer in _ = lua_pushlstring(L, buffer.baseAddress, buffer.count) }
    }

    // MARK: values

    /// Pushes a Swift value (tables are built with raw sets).
    public func push(_ value: LuaValue) {
        switch value {
        case .nil: lua_pushnil(L)
        case .boolean(let b): lua_pushboolean(L, b ? 1 : 0)
        case .integer(let i): lua_pushinteger(L, lua_Integer(i))
        case .number(let d): lua_pushnumber(L, d)
        case .string(let s): push(s)
        case .table(let t):
            guard lua_checkstack(L, 3) != 0 else { lua_pushnil(L); return }
            let count = t.sequence.count
            lua_createtable(L, Int32(clamping: count), Int32(clamping: t.entries.count - count))
            for (key, item) in t.entries {
                push(key)
                push(item)
                lua_rawset(L, -3)  // stack: … table
            }
        }
    }

    /// Reads the value at `index` into Swift. Tables are read raw, recursively; a table
    /// that contains itself, or a function, userdata or thread anywhere, cannot be read.
    public func value(at index: Int32) throws(FloeError) -> LuaValue {
        var path: [UnsafeRawPointer] = []
        return try value(at: index, path: &path)
    }

    private func value(at index: Int32, path: inout [UnsafeRawPointer]) throws(FloeError) -> LuaValue {
        let index = lua_absindex(L, index)  // nested reads push keys and values above it
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(Int64(lua_tointegerx(L, index, nil))) }
            return .number(lua_tonumberx(L, index, nil))
        case LUA_TSTRING: return .string(string(at: index) ?? "")
        case LUA_TTABLE: return .table(try table(at: index, path: &path))
        default:
            throw FloeError(code: FloeError.Code.conversion,
                            message: "a \(typeName(at: index)) value cannot be carried into the host")
        }
    }

    private func table(at index: Int32, path: inout [UnsafeRawPointer]) throws(FloeError) -> LuaTable {
        guard let identity = lua_topointer(L, index) else { return LuaTable() }
        if path.contains(identity) {
            throw FloeError(code: FloeError.Code.conversion, message: "a table that contains itself cannot be carried into the host")
        }
        guard path.count < 100, lua_checkstack(L, 4) != 0 else {
            throw FloeError(code: FloeError.Code.conversion, message: "tables nested more than 100 deep cannot be carried into the host")
        }
        path.append(identity)
        defer { path.removeLast() }
        var result = LuaTable()
        let base = top
        lua_pushnil(L)  // stack: … nil (first key)
        while lua_next(L, index) != 0 {  // stack: … key value
            let key: LuaValue
            let item: LuaValue
            do {
                key = try value(at: -2, path: &path)
                item = try value(at: -1, path: &path)
            } catch {
                top = base
                throw error
            }
            result.entries[key] = item
            pop()  // stack: … key
        }
        return result
    }

    // MARK: raw table access on host-owned tables

    /// `t[name] = <top>` without metamethods; pops the value. `table` is an absolute index.
    /// Pops a value into field `name` of the table below it, the name a literal (no
    /// C string is made for it: for tables the host builds every simulated minute).
    /// stack: … t v  →  … t
    public func setField(_ name: StaticString) {
        name.withUTF8Buffer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count + 1) { lua_setfield(L, -2, $0) }
        }
    }

    public func rawSetField(_ table: Int32, _ name: String) {
        let table = lua_absindex(L, table)  // a relative index would move with the push
        push(name)
        lua_rotate(L, -2, 1)  // stack: … name value
        lua_rawset(L, table)
    }

    /// Pushes `t[name]` without metamethods and returns its type.
    @discardableResult
    public func rawGetField(_ table: Int32, _ name: String) -> Int32 {
        let table = lua_absindex(L, table)
        push(name)
        return lua_rawget(L, table)
    }
}
