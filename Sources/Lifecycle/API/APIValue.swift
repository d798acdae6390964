/// A request or response of the service API as plain data: what the service's JSON carries,
/// and what `floe.aws` turns Lua tables into and back. Timestamps are epoch seconds.
public enum APIValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case list([APIValue])
    case object([String: APIValue])

    /// A member of an object; `.null` when absent (or when this is not an object).
    public subscript(member: String) -> APIValue {
        if case .object(let members) = self { members[member] ?? .null } else { .null }
    }

    public var isNull: Bool { self == .null }
    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    /// An integer member: only an integer (a float such as 2.0 is no integer, as boto3 says).
    public var int: Int? { if case .int(let i) = self { Int(i) } else { nil } }
    public var int64: Int64? { if case .int(let i) = self { i } else { nil } }
    public var double: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }
    /// The items of a list (an empty object counts as an empty list: Lua's `{}` is both).
    public var items: [APIValue] {
        switch self {
        case .list(let items): items
        default: []
        }
    }
    public var members: [String: APIValue] { if case .object(let m) = self { m } else { [:] } }
}

/// Builds response objects, leaving out members whose value is absent.
public struct APIObject {
    public private(set) var members: [String: APIValue] = [:]

    public init() {}

    public subscript(member: String) -> APIValue? {
        get { members[member] }
        set { members[member] = newValue == .null ? nil : newValue }
    }

    public var value: APIValue { .object(members) }
}

extension APIValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(_ value: Int) { self = .int(Int64(value)) }
    public init(_ value: Int?) { self = value.map { .int(Int64($0)) } ?? .null }
    public init(_ value: String?) { self = value.map { .string($0) } ?? .null }
}
