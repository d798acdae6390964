import CLua
import JobRuntime

/// Records between Lua and the job runtime: numbers, strings, booleans and nil as they
/// are; Lua lists as `.list`, tables with string keys as `.map`. Read raw (no metamethods).
extension LuaStack {
    func push(_ value: Value) {
        switch value {
        case .nil: lua_pushnil(L)
        case .bool(let b): lua_pushboolean(L, b ? 1 : 0)
        case .int(let i): lua_pushinteger(L, lua_Integer(i))
        case .double(let d): lua_pushnumber(L, d)
        case .string(let s): push(s)
        case .list(let items):
            guard lua_checkstack(L, 2) != 0 else { return lua_pushnil(L) }
            lua_createtable(L, Int32(clamping: items.count), 0)
            for (i, item) in items.enumerated() {
                push(item)
                lua_rawseti(L, -2, lua_Integer(i + 1))
            }
        case .map(let entries):
            guard lua_checkstack(L, 3) != 0 else { return lua_pushnil(L) }
            lua_createtable(L, 0, Int32(clamping: entries.count))
            for (key, item) in entries {
                push(item)
                rawSetField(lua_absindex(L, -2), key)
            }
        }
    }

    /// The record at `index`; a value that cannot be a record is named in the error.
    func record(at index: Int32, depth: Int = 0) throws(JobError) -> Value {
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .bool(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .int(Int64(lua_tointegerx(L, index, nil))) }
            return .double(lua_tonumberx(L, index, nil))
        case LUA_TSTRING: return .string(string(at: index) ?? "")
        case LUA_TTABLE:
            guard depth < 100, lua_checkstack(L, 3) != 0 else {
                throw JobError(code: JobError.Code.badRecord, message: "a record nested more than 100 deep (or one that contains itself)")
            }
            return try table(at: lua_absindex(L, index), depth: depth)
        default:
            throw JobError(code: JobError.Code.badRecord, message: "a \(typeName(at: index)) cannot be a record")
        }
    }

    private func table(at index: Int32, depth: Int) throws(JobError) -> Value {
        let length = Int(lua_rawlen(L, index))
        var list: [Value] = []
        list.reserveCapacity(length)
        for i in 0..<length {
            lua_rawgeti(L, index, lua_Integer(i + 1))
            defer { pop() }
            list.append(try record(at: -1, depth: depth + 1))
        }
        var map: [String: Value] = [:]
        var extra = 0
        let base = top
        lua_pushnil(L)
        while lua_next(L, index) != 0 {  // stack: … key value
            if lua_isinteger(L, -2) != 0 {
                let k = lua_tointegerx(L, -2, nil)
                if k >= 1 && k <= length {
                    pop()
                    continue
                }
            }
            guard lua_type(L, -2) == LUA_TSTRING, let key = string(at: -2) else {
                top = base
                throw JobError(code: JobError.Code.badRecord, message: "a table with keys other than 1…n or names cannot be a record")
            }
            do {
                map[key] = try record(at: -1, depth: depth + 1)
            } catch {
                top = base
                throw error
            }
            extra += 1
            pop()  // stack: … key
        }
        if extra == 0 { return .list(list) }
        guard length == 0 else {
            throw JobError(code: JobError.Code.badRecord, message: "a table with both list items and named fields cannot be a record")
        }
        return .map(map)
    }
}

extension Value {
    /// A value read into Swift from a host-side Lua value (job settings, `from_values`);
    /// `{}` is an empty list.
    init(_ value: LuaValue) throws(JobError) {
        do throws(MixedTable) { self = try Value.from(value, empty: .list([])) } catch {
            throw JobError(code: JobError.Code.badRecord, message: "a table with both list items and named fields cannot be a record")
        }
    }

    /// A table that is neither a sequence nor has only string keys: where (`[2].Tags`,
    /// built as the error comes back up) and the first key that is neither.
    struct MixedTable: Error {
        var path: String
        let key: LuaValue

        func inside(_ part: String) -> MixedTable { MixedTable(path: part + path, key: key) }
    }

    /// The one reading of a Lua value as plain data: numbers, strings, booleans and nil as
    /// they are; a sequence is a list, a table with string keys a map; `{}` is `empty` (a
    /// record's empty list, a request's empty object). Raw: no metamethods.
    static func from(_ value: LuaValue, empty: Value) throws(MixedTable) -> Value {
        switch value {
        case .nil: return .nil
        case .boolean(let b): return .bool(b)
        case .integer(let i): return .int(i)
        case .number(let d): return .double(d)
        case .string(let s): return .string(s)
        case .table(let t):
            if t.entries.isEmpty { return empty }
            let sequence = t.sequence
            if sequence.count == t.entries.count {
                var items: [Value] = []
                items.reserveCapacity(sequence.count)
                for (i, item) in sequence.enumerated() {
                    do throws(MixedTable) { items.append(try from(item, empty: empty)) } catch { throw error.inside("[\(i + 1)]") }
                }
                return .list(items)
            }
            var members: [String: Value] = [:]
            for (key, item) in t.entries {
                guard case .string(let name) = key else { throw MixedTable(path: "", key: key) }
                do throws(MixedTable) { members[name] = try from(item, empty: empty) } catch { throw error.inside(".\(name)") }
            }
            return .map(members)
        }
    }

    /// The value as a Lua value: a list is a sequence, a map a table with string keys.
    var luaValue: LuaValue {
        switch self {
        case .nil: .nil
        case .bool(let b): .boolean(b)
        case .int(let i): .integer(i)
        case .double(let d): .number(d)
        case .string(let s): .string(s)
        case .list(let items): .table(LuaTable(sequence: items.map(\.luaValue)))
        case .map(let members):
            .table(LuaTable(Dictionary(uniqueKeysWithValues: members.map { (LuaValue.string($0.key), $0.value.luaValue) })))
        }
    }
}

extension Value {
    /// A `floe.aws` request read from Lua (`{}` an empty object). Errors: BadArgument, naming
    /// where a table mixes a list with named fields.
    static func request(_ value: LuaValue) throws(FloeError) -> Value {
        do throws(MixedTable) { return try from(value, empty: .map([:])) } catch {
            throw FloeError(code: FloeError.Code.badArgument,
                            message: "request\(error.path) mixes a list with named fields (key \(error.key)); a table is either a sequence or has string keys")
        }
    }
}
