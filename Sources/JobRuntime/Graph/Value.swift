/// A record's value as it flows through a job: what a Lua job function sees and returns,
/// without Lua. Lists and string-keyed maps carry structured records (`{word, count}`,
/// `{user = "a", amount = 3}`).
public enum Value: Hashable, Sendable, CustomStringConvertible {
    case `nil`
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case list([Value])
    case map([String: Value])

    /// The number inside, for arithmetic aggregations (sum, min, max).
    public var number: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    public var typeName: String {
        switch self {
        case .nil: "nil"
        case .bool: "boolean"
        case .int, .double: "number"
        case .string: "string"
        case .list: "list"
        case .map: "map"
        }
    }

    /// Java's `hashCode` of the same value, so that keys fall into the key groups Flink
    /// would put them in: `Integer`/`Long`, `String`, `Boolean`, `Double`, `List`, `Map`.
    /// A float with an integral value hashes as that integer (Lua treats 2.0 and 2 as one key).
    public var javaHashCode: Int32 {
        switch self {
        case .nil: return 0
        case .bool(let b): return JavaHash.of(b)
        case .int(let i): return JavaHash.of(i)
        case .double(let d):
            if let i = Int64(exactly: d) { return JavaHash.of(i) }
            return JavaHash.of(d)
        case .string(let s): return JavaHash.of(s)
        case .list(let items):
            var h: Int32 = 1
            for item in items { h = 31 &* h &+ item.javaHashCode }
            return h
        case .map(let entries):
            var h: Int32 = 0
            for (key, item) in entries { h = h &+ (JavaHash.of(key) ^ item.javaHashCode) }
            return h
        }
    }

    /// How the value prints in a text sink: Lua's way for scalars, `(a,b)` for lists as
    /// Flink prints tuples, `{k=v,…}` with sorted keys for maps.
    public var description: String {
        switch self {
        case .nil: "nil"
        case .bool(let b): String(b)
        case .int(let i): String(i)
        case .double(let d): Value.format(d)
        case .string(let s): s
        case .list(let items): "(" + items.map(\.description).joined(separator: ",") + ")"
        case .map(let entries):
            "{" + entries.keys.sorted().map { "\($0)=\(entries[$0]!.description)" }.joined(separator: ",") + "}"
        }
    }

    /// Lua's `%.14g` for floats, keeping a `.0` on integral values as Lua 5.4 prints them.
    static func format(_ d: Double) -> String {
        if d.isNaN { return d.sign == .minus ? "-nan" : "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if let i = Int64(exactly: d), abs(d) < 1e15 { return String(i) + ".0" }
        return String(d)
    }
}

extension Value: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral
{
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: Value...) { self = .list(elements) }
}

/// One record in flight: its value, its key once the stream is keyed (with the key's
/// murmur hash, computed once at `key_by`), and its event time (nanoseconds on the job's
/// clock; sources stamp it).
public struct Record: Sendable, Equatable {
    public var value: Value
    public var key: Value
    public var keyHash: Int32
    public var timestamp: Int64

    public init(_ value: Value, key: Value = .nil, timestamp: Int64 = 0) {
        self.value = value
        self.key = key
        self.keyHash = 0
        self.timestamp = timestamp
    }

    /// Sets the key and its hash (Flink's `murmurHash(key.hashCode())`).
    mutating func setKey(_ key: Value) {
        self.key = key
        keyHash = KeyGroups.murmurHash(key.javaHashCode)
    }
}
