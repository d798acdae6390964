/// A function the job's author wrote (in Lua, for floe's job scripts). The runtime sees only
/// this protocol: `LuaHost` implements it with one Lua state per subtask.
public protocol UserFunction: AnyObject, Sendable {
    /// How errors name it: "map (wordcount.lua:7)".
    var name: String { get }
    /// Makes the instance one subtask uses, on the thread that will run that subtask.
    func instantiate(in task: TaskContext) throws(JobError) -> any UserFunctionInstance
    /// Whether an instance must stay on the thread that made it (a Lua state must). The data
    /// plane runs the rounds of a job without such functions on one thread when they are small.
    var isThreadBound: Bool { get }
}

extension UserFunction {
    public var isThreadBound: Bool { true }
}

/// One subtask's instance of a user function. Called only from that subtask's thread.
public protocol UserFunctionInstance: AnyObject {
    /// `f(value)`: map, filter (truthiness), key selectors.
    func apply(_ value: Value) throws(JobError) -> Value
    /// `f(a, b)`: reduce.
    func combine(_ a: Value, _ b: Value) throws(JobError) -> Value
    /// `f(value)` returning any number of values: flat_map.
    func expand(_ value: Value, into results: inout [Value]) throws(JobError)
    /// Releases what the instance holds (its Lua state). Called once, on its thread.
    func close()
}

/// A user function written in Swift: for tests and built-in helpers.
public final class SwiftFunction: UserFunction, UserFunctionInstance, @unchecked Sendable {
    public let name: String
    public var isThreadBound: Bool { false }
    private let body: (Value, Value) throws(JobError) -> Value
    private let many: ((Value) throws(JobError) -> [Value])?

    /// A one-argument function (map, filter, key selector); for reduce it gets both values.
    public init(_ name: String, _ body: @escaping @Sendable (Value) throws(JobError) -> Value) {
        self.name = name
        self.body = { a, _ throws(JobError) in try body(a) }
        self.many = nil
    }

    /// A two-argument function (reduce).
    public init(_ name: String, combining body: @escaping @Sendable (Value, Value) throws(JobError) -> Value) {
        self.name = name
        self.body = body
        self.many = nil
    }

    /// A function returning many values (flat_map).
    public init(_ name: String, expanding body: @escaping @Sendable (Value) throws(JobError) -> [Value]) {
        self.name = name
        self.body = { a, _ throws(JobError) in a }
        self.many = body
    }

    public func instantiate(in task: TaskContext) throws(JobError) -> any UserFunctionInstance { self }
    public func apply(_ value: Value) throws(JobError) -> Value { try body(value, .nil) }
    public func combine(_ a: Value, _ b: Value) throws(JobError) -> Value { try body(a, b) }
    public func expand(_ value: Value, into results: inout [Value]) throws(JobError) {
        if let many { results.append(contentsOf: try many(value)) } else { results.append(try body(value, .nil)) }
    }
    public func close() {}
}
