import CLua

/// How a line typed at the prompt ended.
public enum InteractiveOutcome: Equatable, Sendable {
    /// The statement is unfinished (its syntax error is at `<eof>`): read another line.
    case incomplete
    /// It ran; its results, if any, were printed.
    case done
}

/// lua.c's REPL, minus the terminal: compiling what was typed, continuing incomplete
/// statements, printing results through the global `print`.
extension LuaRuntime {
    /// Compiles and runs `source` (one or more typed lines joined by "\n"). A single line is
    /// tried first as an expression (`return <line>;`), as lua.c does. Chunks are `=stdin`,
    /// their lines numbered from `firstLine` (a piped session counts its input's lines, so
    /// that an error names the line it is on; lua.c's says `stdin:1` for every one).
    public func evaluateInteractive(_ source: String, firstLine: Int = 1) throws(FloeError) -> InteractiveOutcome {
        let stack = LuaStack(state)
        let base = stack.top
        defer { stack.top = base }
        let lines = String(repeating: "\n", count: max(0, firstLine - 1))
        let isExpression = !source.contains("\n") && (try? load(lines + "return \(source);", name: "=stdin")) != nil
        if !isExpression {
            do {
                try load(lines + source, name: "=stdin")
            } catch where error.code == FloeError.Code.syntaxError && error.message.hasSuffix("<eof>") {
                return .incomplete
            }
        }
        try call(arguments: 0, results: LUA_MULTRET)  // stack: base results…
        let results = stack.top - base
        guard results > 0 else { return .done }
        lua_getfield(state, clua_registryindex(), RegistryKey.internals)
        stack.rawGetField(-1, "print_results")  // stack: base results… internals print
        clua_remove(state, -2)
        clua_insert(state, base + 1)  // stack: base print results…
        try call(arguments: results, results: 0)
        return .done
    }
}

extension LuaRuntime {
    /// Shows the results of expression lines through `floe.pretty` at `width` columns, in
    /// colour if `colour` (a REPL on a terminal), instead of `print`'s `tostring` (piped
    /// input, as lua.c does).
    public func showResultsPretty(width: Int, colour: Bool = false) {
        let stack = LuaStack(state)
        lua_getfield(state, clua_registryindex(), RegistryKey.internals)
        stack.push(.boolean(true))
        stack.rawSetField(-2, "pretty_results")
        stack.push(.integer(Int64(max(20, width))))
        stack.rawSetField(-2, "width")
        stack.push(.boolean(colour))
        stack.rawSetField(-2, "colour")
        stack.pop()
    }

    /// Calls the prelude's host-private helper `name` with no arguments and no results.
    func callInternal(_ name: String) throws(FloeError) {
        pushInternal(name)
        try call(arguments: 0, results: 0)
    }

    /// Pushes the prelude's host-private helper `name` (stack: +1).
    func pushInternal(_ name: String) {
        let stack = LuaStack(state)
        lua_getfield(state, clua_registryindex(), RegistryKey.internals)  // stack: internals
        stack.rawGetField(-1, name)  // stack: internals f
        clua_remove(state, -2)
    }
}
