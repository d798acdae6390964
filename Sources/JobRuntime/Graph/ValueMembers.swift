/// `Value` as JSON-shaped data: the service API's requests and answers are values too (a
/// map is a JSON object, a list an array, `.nil` null), read member by member.
extension Value {
    /// A member of a map; `.nil` when absent (or when this is not a map).
    public subscript(member: String) -> Value {
        if case .map(let members) = self { members[member] ?? .nil } else { .nil }
    }

    public var isNil: Bool { self == .nil }
    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    /// An integer member: only an integer (a float such as 2.0 is no integer, as boto3 says).
    public var int: Int? { if case .int(let i) = self { Int(i) } else { nil } }
    public var int64: Int64? { if case .int(let i) = self { i } else { nil } }
    public var double: Double? { number }
    /// The items of a list (an empty map counts as an empty list: Lua's `{}` is both).
    public var items: [Value] { if case .list(let items) = self { items } else { [] } }
    public var members: [String: Value] { if case .map(let m) = self { m } else { [:] } }

    public init(_ value: Int) { self = .int(Int64(value)) }
    public init(_ value: Int?) { self = value.map { .int(Int64($0)) } ?? .nil }
    public init(_ value: String?) { self = value.map { .string($0) } ?? .nil }
}
