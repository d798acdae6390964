import Lifecycle

/// Lua tables to service API values and back: a sequence is a list, a table with string
/// keys an object, `{}` either; integers stay integers.
enum APIValueBridge {
    static func apiValue(_ value: LuaValue, path: String = "request") throws(FloeError) -> APIValue {
        switch value {
        case .nil: return .null
        case .boolean(let b): return .bool(b)
        case .integer(let i): return .int(i)
        case .number(let d): return .double(d)
        case .string(let s): return .string(s)
        case .table(let t):
            let sequence = t.sequence
            if !sequence.isEmpty && sequence.count == t.entries.count {
                var items: [APIValue] = []
                for (i, item) in sequence.enumerated() { items.append(try apiValue(item, path: "\(path)[\(i + 1)]")) }
                return .list(items)
            }
            var members: [String: APIValue] = [:]
            for (key, item) in t.entries {
                guard case .string(let name) = key else {
                    throw FloeError(code: FloeError.Code.badArgument,
                                    message: "\(path) mixes a list with named fields (key \(key)); a table is either a sequence or has string keys")
                }
                members[name] = try apiValue(item, path: "\(path).\(name)")
            }
            return .object(members)
        }
    }

    static func luaValue(_ value: APIValue) -> LuaValue {
        switch value {
        case .null: .nil
        case .bool(let b): .boolean(b)
        case .int(let i): .integer(i)
        case .double(let d): .number(d)
        case .string(let s): .string(s)
        case .list(let items): .table(LuaTable(sequence: items.map(luaValue)))
        case .object(let members):
            .table(LuaTable(Dictionary(uniqueKeysWithValues: members.map { (LuaValue.string($0.key), luaValue($0.value)) })))
        }
    }
}
