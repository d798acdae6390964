import JobRuntime

/// Builds response objects, leaving out members whose value is absent.
public struct APIObject {
    public private(set) var members: [String: Value] = [:]

    public init() {}

    public subscript(member: String) -> Value? {
        get { members[member] }
        set { members[member] = newValue == .nil ? nil : newValue }
    }

    public var value: Value { .map(members) }
}
