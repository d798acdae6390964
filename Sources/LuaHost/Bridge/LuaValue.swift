/// A Lua value carried into Swift: the plain data a binding reads from its arguments and
/// hands back as results. Functions, userdata and threads stay in Lua.
public enum LuaValue: Hashable, Sendable, CustomStringConvertible {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    /// Lua strings are bytes; invalid UTF-8 is repaired with U+FFFD on the way into Swift.
    case string(String)
    case table(LuaTable)

    public var description: String {
        switch self {
        case .nil: "nil"
        case .boolean(let b): String(b)
        case .integer(let i): String(i)
        case .number(let d): String(d)
        case .string(let s): String(reflecting: s)
        case .table(let t): "table(\(t.entries.count) entries)"
        }
    }

    /// The Lua type name, as `type()` says it.
    public var typeName: String {
        switch self {
        case .nil: "nil"
        case .boolean: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .table: "table"
        }
    }

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var doubleValue: Double? {
        switch self {
        case .integer(let i): Double(i)
        case .number(let d): d
        default: nil
        }
    }
    public var tableValue: LuaTable? { if case .table(let t) = self { t } else { nil } }
}

/// A Lua table read into Swift (raw: metamethods are not consulted).
public struct LuaTable: Hashable, Sendable {
    public var entries: [LuaValue: LuaValue]

    public init(_ entries: [LuaValue: LuaValue] = [:]) { self.entries = entries }

    /// A sequence `{a, b, c}`.
    public init(sequence: [LuaValue]) {
        entries = [:]
        for (i, value) in sequence.enumerated() where value != .nil { entries[.integer(Int64(i + 1))] = value }
    }

    public subscript(key: String) -> LuaValue {
        get { entries[.string(key)] ?? .nil }
        set { entries[.string(key)] = newValue == .nil ? nil : newValue }
    }

    public subscript(index: Int) -> LuaValue {
        get { entries[.integer(Int64(index))] ?? .nil }
        set { entries[.integer(Int64(index))] = newValue == .nil ? nil : newValue }
    }

    /// The values at 1, 2, … up to the first nil (what `ipairs` walks).
    public var sequence: [LuaValue] {
        var result: [LuaValue] = []
        while let value = entries[.integer(Int64(result.count + 1))] { result.append(value) }
        return result
    }
}

extension LuaValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(nilLiteral: ()) { self = .nil }
}
