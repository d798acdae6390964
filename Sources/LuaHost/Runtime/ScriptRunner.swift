import CLua

/// What the command line asks of a state, lua.c's way: the `arg` table, `-l`, scripts.
extension LuaRuntime {
    /// Builds the global `arg` exactly as lua.c's `createargtable` does: the script name at
    /// index 0, its arguments at 1…n, the interpreter and its options at negative indices.
    /// `script` is the index of the script in `argv` (0 when there is none).
    public func setArgumentTable(_ argv: [String], script: Int) {
        var table = LuaTable()
        for (i, argument) in argv.enumerated() { table[i - script] = .string(argument) }
        setGlobal("arg", .table(table))
    }

    /// Runs a script file (nil: standard input) with `arguments` as its `...`.
    public func runScript(_ path: String?, arguments: [String]) throws(FloeError) {
        if firstScript == nil { firstScript = path ?? "stdin" }
        try loadFile(path)
        let stack = LuaStack(state)
        for argument in arguments { stack.push(argument) }
        try call(arguments: Int32(arguments.count), results: 0)
    }

    /// `-l g=mod` / `-l mod`: `g = require(mod)` (lua.c's `dolibrary`).
    public func requireModule(_ module: String, as global: String) throws(FloeError) {
        let stack = LuaStack(state)
        clua_pushglobaltable(state)
        stack.rawGetField(-1, "require")  // stack: _G require
        stack.push(module)
        try call(arguments: 1, results: 1)  // stack: _G value
        stack.rawSetField(lua_absindex(state, -2), global)
        stack.pop()
    }
}
