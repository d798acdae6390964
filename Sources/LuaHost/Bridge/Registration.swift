import CLua

/// A Swift function callable from Lua: the analogue of one `luaL_Reg` entry, plus the
/// phases it may run in and a line of documentation.
///
/// Lua reaches it through `clua_trampoline`, which calls `dispatch` below; the function's
/// body reports failure by throwing, and the trampoline raises the error after the body
/// has returned, so no Lua error ever unwinds through Swift.
public final class LuaFunction {
    public typealias Body = (LuaCall) throws -> Int32

    /// The name in Lua error messages: `sleep` in "bad argument #1 to 'sleep'".
    public let name: String
    public let phases: Phase
    public let doc: String
    let body: Body

    /// Phases default to the script only: a function that may run inside policies, hooks,
    /// job builds or tasks says so where it is declared.
    public init(_ name: String, phases: Phase = .script, doc: String, _ body: @escaping Body) {
        self.name = name
        self.phases = phases
        self.doc = doc
        self.body = body
    }

    /// Runs the body for the trampoline: the phase gate, then the body; errors are pushed.
    /// This is the hot path of every call from Lua: no reference counting (the state keeps
    /// the runtime and the function alive) and no exclusivity checks (the phase is read
    /// from the context block).
    @inline(__always)
    fileprivate func invoke(_ L: OpaquePointer) -> Int32 {
        let context = clua_context(L)!
        guard UInt32(phases.rawValue) & context.pointee.phase != 0 else {
            let phase = Phase(rawValue: UInt8(truncatingIfNeeded: context.pointee.phase))
            ErrorBridge.push(FloeError(code: FloeError.Code.notAllowed,
                                       message: "'\(name)' is not allowed \(phase.whereabouts)"), on: L)
            return CLUA_RAISE
        }
        return Unmanaged<LuaRuntime>.fromOpaque(context.pointee.host)._withUnsafeGuaranteedRef { runtime in
            do {
                return try body(LuaCall(L, runtime: runtime, function: self))
            } catch {
                ErrorBridge.push(error, on: L)
                return CLUA_RAISE
            }
        }
    }
}

/// The C-callable entry point the trampoline calls with the function's upvalue.
let dispatchToSwift: clua_Dispatch = { L, function in
    Unmanaged<LuaFunction>.fromOpaque(function!)._withUnsafeGuaranteedRef { $0.invoke(L!) }
}

extension LuaRuntime {
    /// Pushes `function` as a Lua function (stack: +1). The runtime keeps it alive.
    public func push(_ function: LuaFunction, on L: OpaquePointer? = nil) {
        functions[ObjectIdentifier(function)] = function
        clua_pushswift(L ?? state, Unmanaged.passUnretained(function).toOpaque())
    }

    /// Sets each function as a field of the table at `table` (luaL_setfuncs).
    public func install(_ functions: [LuaFunction], intoTableAt table: Int32) {
        let stack = LuaStack(state)
        let table = lua_absindex(state, table)
        for function in functions {
            push(function)
            stack.rawSetField(table, function.name)
        }
    }
}
