import JobRuntime

/// The shape of a request member, as the service model (botocore's `service-2.json`)
/// gives it: enough to check a request the way boto3 and the service check it.
public indirect enum APIShape: Sendable {
    case structure([String: APIShape], required: Set<String>)
    case list(APIShape, min: Int, max: Int)
    case map(key: APIShape, value: APIShape, min: Int, max: Int)
    case string(min: Int, max: Int, pattern: APIPattern?)
    case enumeration([String])
    case integer(min: Int64, max: Int64)
    case boolean
    case timestamp
    /// Not modeled: the operations floe refuses (`UnsupportedOperationException`) take anything.
    case unmodeled

    public static func object(_ members: [String: APIShape], required: [String] = []) -> APIShape {
        .structure(members, required: Set(required))
    }
    public static func string(_ min: Int = 0, _ max: Int = Int.max, _ pattern: APIPattern? = nil) -> APIShape {
        .string(min: min, max: max, pattern: pattern)
    }
    public static func list(_ item: APIShape, _ min: Int = 0, _ max: Int = Int.max) -> APIShape {
        .list(item, min: min, max: max)
    }
    public static func long(_ min: Int64 = Int64.min, _ max: Int64 = Int64.max) -> APIShape {
        .integer(min: min, max: max)
    }
    public static func map(key: APIShape, value: APIShape, _ min: Int = 0, _ max: Int = Int.max) -> APIShape {
        .map(key: key, value: value, min: min, max: max)
    }
}

/// The few string patterns of the model that matter here.
public enum APIPattern: String, Sendable {
    /// `[a-zA-Z0-9_.-]+`: application, snapshot and property group names.
    case name = "[a-zA-Z0-9_.-]+"
    /// `arn:.*`
    case arn = "arn:.*"
    /// `([01][0-9]|2[0-3]):[0-5][0-9]`: a maintenance window start.
    case time = "([01][0-9]|2[0-3]):[0-5][0-9]"
    /// `[a-zA-Z0-9-_+/=]+`: a ConditionalToken.
    case token = "[a-zA-Z0-9-_+/=]+"

    public func matches(_ s: String) -> Bool {
        switch self {
        case .name:
            return s.unicodeScalars.allSatisfy { isAlnum($0) || "_.-".unicodeScalars.contains($0) }
        case .arn:
            return s.hasPrefix("arn:")
        case .time:
            let u = Array(s.utf8)
            guard u.count == 5, u[2] == UInt8(ascii: ":"), u.allSatisfy({ $0 == UInt8(ascii: ":") || (48...57).contains($0) }) else { return false }
            let hours = Int(u[0] - 48) * 10 + Int(u[1] - 48)
            return hours < 24 && u[3] <= UInt8(ascii: "5")
        case .token:
            return s.unicodeScalars.allSatisfy { isAlnum($0) || "-_+/=".unicodeScalars.contains($0) }
        }
    }

    private func isAlnum(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }
}

/// Checks a request against its shape in two passes, as the real client and service do:
/// first what boto3 checks before sending (required and unknown members, types, minimum
/// lengths and values), reported all at once as `ParamValidationError`; then what the
/// service checks (maximums, patterns, enum values), reported as `InvalidArgumentException`.
struct ShapeValidator {
    private var clientProblems: [String] = []
    private var serviceProblems: [String] = []

    static func validate(_ value: Value, against shape: APIShape) throws(LifecycleError) {
        var validator = ShapeValidator()
        validator.check(value, shape, path: "")
        if !validator.clientProblems.isEmpty {
            throw LifecycleError(.paramValidation, "Parameter validation failed:\n" + validator.clientProblems.joined(separator: "\n"))
        }
        if !validator.serviceProblems.isEmpty {
            let count = validator.serviceProblems.count
            throw LifecycleError(.invalidArgument, "\(count) validation error\(count == 1 ? "" : "s") detected: " + validator.serviceProblems.joined(separator: "; "))
        }
    }

    private mutating func check(_ value: Value, _ shape: APIShape, path: String) {
        let name = path.isEmpty ? "input" : path
        func wrongType(_ valid: String) {
            clientProblems.append("Invalid type for parameter \(name), value: \(ShapeValidator.show(value)), type: \(ShapeValidator.typeName(value)), valid types: \(valid)")
        }
        switch shape {
        case .unmodeled:
            return
        case .structure(let members, let required):
            guard case .map(let given) = value else { return wrongType("table") }
            for member in required.sorted() where given[member] == nil || given[member] == .nil {
                clientProblems.append("Missing required parameter in \(name): \"\(member)\"")
            }
            for (member, memberValue) in given.sorted(by: { $0.key < $1.key }) {
                guard let memberShape = members[member] else {
                    clientProblems.append("Unknown parameter in \(name): \"\(member)\", must be one of: \(members.keys.sorted().joined(separator: ", "))")
                    continue
                }
                check(memberValue, memberShape, path: path.isEmpty ? member : "\(path).\(member)")
            }
        case .list(let item, let min, let max):
            let items: [Value]
            switch value {
            case .list(let l): items = l
            case .map(let o) where o.isEmpty: items = []
            default: return wrongType("list (a sequence table)")
            }
            if items.count < min { clientProblems.append("Invalid length for parameter \(name), value: \(items.count), valid min length: \(min)") }
            if items.count > max { serviceProblems.append("Value at '\(name)' failed to satisfy constraint: Member must have length less than or equal to \(max)") }
            for (i, element) in items.enumerated() { check(element, item, path: "\(name)[\(i)]") }
        case .map(let keyShape, let valueShape, let min, let max):
            guard case .map(let entries) = value else { return wrongType("table") }
            if entries.count < min { clientProblems.append("Invalid length for parameter \(name), value: \(entries.count), valid min length: \(min)") }
            if entries.count > max { serviceProblems.append("Value at '\(name)' failed to satisfy constraint: Member must have at most \(max) entries") }
            for (key, entry) in entries.sorted(by: { $0.key < $1.key }) {
                check(.string(key), keyShape, path: "\(name) key '\(key)'")
                check(entry, valueShape, path: "\(name).\(key)")
            }
        case .string(let min, let max, let pattern):
            guard case .string(let s) = value else { return wrongType("string") }
            let length = s.count
            if length < min { clientProblems.append("Invalid length for parameter \(name), value: \(length), valid min length: \(min)") }
            if length > max { serviceProblems.append("Value '\(s)' at '\(name)' failed to satisfy constraint: Member must have length less than or equal to \(max)") }
            if let pattern, length >= min, !pattern.matches(s) {
                serviceProblems.append("Value '\(s)' at '\(name)' failed to satisfy constraint: Member must satisfy regular expression pattern: \(pattern.rawValue)")
            }
        case .enumeration(let allowed):
            guard case .string(let s) = value else { return wrongType("string") }
            if !allowed.contains(s) {
                serviceProblems.append("Value '\(s)' at '\(name)' failed to satisfy constraint: Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]")
            }
        case .integer(let min, let max):
            // Only an integer: boto3 refuses a float such as 2.0 before sending.
            guard let i = value.int64 else { return wrongType("integer") }
            if i < min { clientProblems.append("Invalid value for parameter \(name), value: \(i), valid min value: \(min)") }
            if i > max { serviceProblems.append("Value '\(i)' at '\(name)' failed to satisfy constraint: Member must have value less than or equal to \(max)") }
        case .boolean:
            guard value.bool != nil else { return wrongType("boolean") }
        case .timestamp:
            // boto3 turns a number into a date before sending: NaN and infinities are none.
            guard let seconds = value.double, seconds.isFinite else { return wrongType("number (epoch seconds)") }
        }
    }

    static func typeName(_ value: Value) -> String {
        switch value {
        case .nil: "nil"
        case .bool: "boolean"
        case .int, .double: "number"
        case .string: "string"
        case .list, .map: "table"
        }
    }

    static func show(_ value: Value) -> String {
        switch value {
        case .nil: "nil"
        case .bool(let b): String(b)
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .string(let s): s
        case .list, .map: "table"
        }
    }
}
