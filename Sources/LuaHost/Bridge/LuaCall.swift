import CLua

/// One call from Lua into a Swift function: its arguments, checked without raising, and
/// its results. Argument errors read like Lua's own:
/// "bad argument #1 to 'sleep' (number expected, got string)".
public struct LuaCall {
    /// The thread that made the call (the main state or a coroutine).
    public let stack: LuaStack
    /// Unowned: a call never outlives the state, which keeps both alive.
    public unowned(unsafe) let runtime: LuaRuntime
    public unowned(unsafe) let function: LuaFunction

    init(_ L: OpaquePointer, runtime: LuaRuntime, function: LuaFunction) {
        self.stack = LuaStack(L)
        self.runtime = runtime
        self.function = function
    }

    public var L: OpaquePointer { stack.L }

    /// How many arguments were passed.
    public var count: Int32 { stack.top }

    public func isNone(_ i: Int32) -> Bool { clua_isnoneornil(L, i) != 0 }

    public func argumentError(_ i: Int32, _ detail: String) -> FloeError {
        FloeError.badArgument(i, to: function.name, detail)
    }

    public func typeError(_ i: Int32, expected: String) -> FloeError {
        argumentError(i, "\(expected) expected, got \(stack.typeName(at: i))")
    }

    // MARK: arguments

    public func number(_ i: Int32) throws(FloeError) -> Double {
        var ok: Int32 = 0
        let n = lua_tonumberx(L, i, &ok)
        guard ok != 0 else { throw typeError(i, expected: "number") }
        return n
    }

    public func optionalNumber(_ i: Int32) throws(FloeError) -> Double? {
        isNone(i) ? nil : try number(i)
    }

    public func integer(_ i: Int32) throws(FloeError) -> Int64 {
        var ok: Int32 = 0
        let n = lua_tointegerx(L, i, &ok)
        guard ok != 0 else {
            if lua_type(L, i) == LUA_TNUMBER { throw argumentError(i, "number has no integer representation") }
            throw typeError(i, expected: "number")
        }
        return Int64(n)
    }

    public func optionalInteger(_ i: Int32) throws(FloeError) -> Int64? {
        isNone(i) ? nil : try integer(i)
    }

    public func string(_ i: Int32) throws(FloeError) -> String {
        guard let s = stack.string(at: i) else { throw typeError(i, expected: "string") }
        return s
    }

    public func optionalString(_ i: Int32) throws(FloeError) -> String? {
        isNone(i) ? nil : try string(i)
    }

    /// A table argument read into Swift.
    public func table(_ i: Int32) throws(FloeError) -> LuaTable {
        guard lua_type(L, i) == LUA_TTABLE else { throw typeError(i, expected: "table") }
        do {
            return try stack.value(at: i).tableValue ?? LuaTable()
        } catch {
            throw argumentError(i, error.message)
        }
    }

    /// Any argument read into Swift.
    public func value(_ i: Int32) throws(FloeError) -> LuaValue {
        do { return try stack.value(at: i) } catch { throw argumentError(i, error.message) }
    }

    // MARK: results

    /// Pushes the results and returns their count, for `return call.results(…)`.
    public func results(_ values: LuaValue...) -> Int32 {
        for value in values { stack.push(value) }
        return Int32(values.count)
    }
}
