import CLua

/// A case a script registered with `floe.test(name, fn)`.
public struct TestCase: Equatable, Sendable {
    public let name: String
    /// The line of its `floe.test` call.
    public let line: Int
}

/// How a case ended.
public enum TestOutcome: Equatable, Sendable {
    case passed
    /// `place` is "file:line": the innermost line of the case's file running when it failed.
    case failed(message: String, place: String)
}

/// What `floe test` needs of a runtime: the cases the script registered, and running one.
extension LuaRuntime {
    /// The cases registered so far (`floe.test`), in order.
    public func testCases() throws(FloeError) -> [TestCase] {
        let stack = LuaStack(state)
        let base = stack.top
        defer { stack.top = base }
        pushInternal("test_cases")
        try call(arguments: 0, results: 1)
        guard case .table(let list) = try stack.value(at: -1) else { return [] }
        return list.sequence.map { entry in
            guard case .table(let t) = entry else { return TestCase(name: "?", line: 0) }
            let line: Int = if case .integer(let n) = t["line"] { Int(n) } else { 0 }
            return TestCase(name: t["name"].stringValue ?? "?", line: line)
        }
    }

    /// Runs case `index` (0-based) of `testCases()`, with the runtime's limits for a
    /// top-level call. An error is the case's failure; an interrupt (Ctrl-C) is thrown.
    public func runTest(_ index: Int) throws(FloeError) -> TestOutcome {
        let stack = LuaStack(state)
        let base = stack.top
        defer { stack.top = base }
        pushInternal("run_test")
        stack.push(.integer(Int64(index + 1)))
        try call(arguments: 1, results: 3)
        if case .boolean(true) = try stack.value(at: -3) { return .passed }
        return .failed(message: try stack.value(at: -2).stringValue ?? "the case failed",
                       place: try stack.value(at: -1).stringValue ?? "?")
    }
}
