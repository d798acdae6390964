import CLua

/// The single path by which the host runs Lua code (conventions, rule 4; Lua's `docall`).
///
/// Every call runs under `clua_msghandler`, which leaves a `floe.Error` with a traceback;
/// the memory cap is enforced only inside; the outermost call resets the instruction
/// budget when it starts and the limits hook when it ends.
extension LuaRuntime {
    /// Calls the function below `arguments` arguments on the stack of `thread`.
    /// stack: … f a1 … an  →  … r1 … r(results)   (results may be LUA_MULTRET)
    public func call(arguments: Int32, results: Int32, on thread: OpaquePointer? = nil) throws(FloeError) {
        let L = thread ?? state
        let base = lua_gettop(L) - arguments  // index of the function
        lua_pushcclosure(L, clua_msghandler, 0)
        clua_insert(L, base)  // stack: … handler f a1 … an
        let status = protected(L) { clua_pcall(L, arguments, results, base) }
        clua_remove(L, base)  // stack: … results, or … error
        if status != LUA_OK { throw ErrorBridge.pop(status: status, on: L, runtime: self) }
    }

    /// Calls the function below `arguments` arguments with a budget of its own, whatever call
    /// it runs inside: at most `instructions` instructions and `memoryBytes` more bytes of
    /// Lua heap (0: no cap). For user code the engine calls back — policies and hooks — so
    /// that a runaway one is stopped with a clear error and the caller goes on.
    /// stack: … f a1 … an  →  … r1 … r(results)
    public func callGuarded(arguments: Int32, results: Int32, instructions: Int, memoryBytes: Int) throws(FloeError) {
        let c = context
        let saved = (limit: c.pointee.budget_limit, left: c.pointee.budget_left, memory: c.pointee.mem_limit)
        c.pointee.budget_limit = Int64(instructions)
        c.pointee.budget_left = Int64(instructions)
        if memoryBytes > 0 {
            let cap = c.pointee.mem_used + memoryBytes
            c.pointee.mem_limit = saved.memory == 0 ? cap : min(saved.memory, cap)
        }
        defer {
            c.pointee.budget_limit = saved.limit
            c.pointee.budget_left = saved.left
            c.pointee.mem_limit = saved.memory
            // A budget spent here stops only this call; an interrupt (Ctrl-C) stops the caller too.
            if c.pointee.tripped == CLUA_TRIP_INSTRUCTIONS {
                c.pointee.tripped = CLUA_TRIP_NONE
                clua_armhook(state)
            }
        }
        try call(arguments: arguments, results: results)
    }

    /// Compiles `source` as a chunk named `name` (`=stdin`, `@path`, `@floe/…`).
    /// stack: +1 (the function). Text only: binary chunks are refused.
    public func load(_ source: String, name: String) throws(FloeError) {
        var source = source
        let status = protected(state) {
            source.withUTF8 { buffer in
                luaL_loadbufferx(state, buffer.baseAddress, buffer.count, name, "t")
            }
        }
        if status != LUA_OK { throw ErrorBridge.pop(status: status, on: state, runtime: self) }
    }

    /// Loads bytecode the host compiled itself (`Prelude`'s modules): never anything a
    /// script or a file hands in, which stay text only. stack: +1 (the function).
    func loadCompiled(_ bytes: [UInt8], name: String) throws(FloeError) {
        let status = protected(state) {
            bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { luaL_loadbufferx(state, $0.baseAddress, $0.count, name, "b") }
            }
        }
        if status != LUA_OK { throw ErrorBridge.pop(status: status, on: state, runtime: self) }
    }

    /// Compiles a file (nil: standard input, named `=stdin`). A `#!` first line is skipped.
    /// stack: +1 (the function).
    public func loadFile(_ path: String?) throws(FloeError) {
        let status = protected(state) { luaL_loadfilex(state, path, "t") }
        if status != LUA_OK { throw ErrorBridge.pop(status: status, on: state, runtime: self) }
    }

    /// Compiles and runs `source`, returning its results read into Swift.
    @discardableResult
    public func run(_ source: String, name: String = "=(host)") throws(FloeError) -> [LuaValue] {
        let stack = LuaStack(state)
        let base = stack.top
        try load(source, name: name)
        try call(arguments: 0, results: LUA_MULTRET)
        defer { stack.top = base }
        var values: [LuaValue] = []
        for index in stride(from: base + 1, through: stack.top, by: 1) {
            values.append(try stack.value(at: index))
        }
        return values
    }

    /// Runs `body` (a protected call or a load, which never raise) with the memory cap
    /// enforced; the outermost one resets and re-arms the limits around itself.
    private func protected(_ L: OpaquePointer, _ body: () -> Int32) -> Int32 {
        let c = context
        if callDepth == 0 {
            c.pointee.tripped = CLUA_TRIP_NONE
            c.pointee.budget_left = c.pointee.budget_limit
            c.pointee.mem_refused = 0
            listenForInterrupts(true)
        }
        callDepth += 1
        let enforced = c.pointee.mem_enforced
        c.pointee.mem_enforced = 1
        let status = body()
        c.pointee.mem_enforced = enforced
        callDepth -= 1
        if callDepth == 0 {
            listenForInterrupts(false)
            c.pointee.tripped = CLUA_TRIP_NONE
            c.pointee.interrupt = 0
            clua_armhook(state)
        }
        return status
    }
}
