import CLua

/// How a Swift class appears in Lua: a userdata with a named metatable (`floe.Job`, …)
/// whose `__index` serves computed fields and methods, whose `__tostring` gives a
/// one-line summary and whose `__gc` releases the Swift object (conventions, rules 5–6).
///
/// The userdata is a box holding one retained reference. It is created empty and filled
/// only once its metatable is set, and `__gc` empties it, so a box is released exactly
/// once whatever fails in between; no engine effect may depend on when `__gc` runs.
public struct UserdataType<Object: AnyObject> {
    public typealias Body = (Object, LuaCall) throws -> Int32

    /// `obj:method(…)`, declared with where it may run. A method runs in the script only
    /// unless its declaration names more phases: one that acts (changes the engine or lets
    /// time pass) must stay out of policies, hooks and tasks, which must not re-enter a
    /// transition, and a new method is safe by default.
    public struct Method {
        public let name: String
        public let phases: Phase
        public let doc: String
        public let body: Body

        public init(_ name: String, phases: Phase = .script, doc: String, _ body: @escaping Body) {
            self.name = name
            self.phases = phases
            self.doc = doc
            self.body = body
        }
    }

    /// The metatable name and `__name`: `floe.` followed by the Swift type's name.
    public let name: String
    /// `obj:method(…)`, in the order the reference lists them: called with the object and
    /// the call (argument 1 is the object).
    public var methods: [Method]
    /// `obj.field`: computed on each read (with the runtime, to resolve handles).
    public var fields: [String: (Object, LuaRuntime) -> LuaValue]
    /// `obj.field` whose value is not plain data (another floe object): pushes it itself.
    public var objectFields: [String: Body] = [:]
    /// What `tostring(obj)` shows: `Application(orders, RUNNING, v3)`.
    public var summary: (Object) -> String
    /// Whether two objects stand for the same thing (`a == b`): the same application, say,
    /// whichever push made each userdata. Identity of the Swift object unless given.
    public var same: (Object, Object) -> Bool = { $0 === $1 }

    public init(name: String, methods: [Method] = [], fields: [String: (Object, LuaRuntime) -> LuaValue] = [:],
                summary: @escaping (Object) -> String) {
        self.name = name
        self.methods = methods
        self.fields = fields
        self.summary = summary
    }
}

extension LuaRuntime {
    /// Creates the type's metatable. Register each type once, before pushing its objects.
    public func register<Object>(_ type: UserdataType<Object>) {
        let L = state
        let stack = LuaStack(L)
        let base = stack.top
        defer { stack.top = base }
        luaL_newmetatable(L, type.name)  // stack: mt (with __name)
        let metatable = stack.top

        lua_createtable(L, 0, Int32(type.methods.count))  // stack: mt methods
        install(type.methods.map { method in
            LuaFunction(method.name, phases: method.phases, doc: "\(type.name):\(method.name) \(method.doc)") { call in
                guard let object = call.runtime.object(at: 1, as: type, on: call.L) else {
                    if clua_testbox(call.L, 1, type.name) != nil { throw call.argumentError(1, "\(type.name) has been released") }
                    throw call.typeError(1, expected: type.name)
                }
                return try method.body(object, call)
            }
        }, intoTableAt: -1)
        stack.rawSetField(metatable, "__methods")

        install([
            LuaFunction("__index", phases: .all, doc: "fields and methods of \(type.name)") { call in
                guard let key = call.stack.string(at: 2) else { return call.results(.nil) }
                if let field = type.objectFields[key] {
                    guard let object = call.runtime.object(at: 1, as: type, on: call.L) else { return call.results(.nil) }
                    return try field(object, call)
                }
                if let field = type.fields[key] {
                    // A released box has no fields left; its methods still answer, with an error.
                    let object = call.runtime.object(at: 1, as: type, on: call.L)
                    return call.results(object.map { field($0, call.runtime) } ?? .nil)
                }
                lua_getmetatable(call.L, 1)  // stack: self key mt
                call.stack.rawGetField(-1, "__methods")  // stack: self key mt methods
                call.stack.rawGetField(-1, key)  // stack: self key mt methods method|nil
                return 1
            },
            LuaFunction("__tostring", phases: .all, doc: "one-line summary") { call in
                guard let object = call.runtime.object(at: 1, as: type, on: call.L) else {
                    throw call.typeError(1, expected: type.name)
                }
                return call.results(.string(type.summary(object)))
            },
            LuaFunction("__eq", phases: .all, doc: "the same application, job, …") { call in
                guard let a = call.runtime.object(at: 1, as: type, on: call.L),
                      let b = call.runtime.object(at: 2, as: type, on: call.L) else { return call.results(.boolean(false)) }
                return call.results(.boolean(type.same(a, b)))
            },
            LuaFunction("__gc", phases: .all, doc: "releases the Swift object") { call in
                if let slot = clua_testbox(call.L, 1, type.name), let object = slot.pointee {
                    slot.pointee = nil
                    Unmanaged<AnyObject>.fromOpaque(object).release()
                }
                return 0
            },
        ], intoTableAt: metatable)
    }

    /// Pushes `object` as a userdata of `type` (stack: +1), retaining it until `__gc`.
    public func push<Object>(_ object: Object, as type: UserdataType<Object>, on thread: OpaquePointer? = nil) {
        let L = thread ?? state
        let slot = clua_newbox(L)  // stack: box (empty); Lua raises on failure, never returns nil
        luaL_setmetatable(L, type.name)
        slot?.pointee = Unmanaged<AnyObject>.passRetained(object).toOpaque()
    }

    /// The object of a userdata of `type` at `index`; nil for anything else or a released box.
    public func object<Object>(at index: Int32, as type: UserdataType<Object>, on thread: OpaquePointer? = nil) -> Object? {
        guard let slot = clua_testbox(thread ?? state, index, type.name), let pointer = slot.pointee else { return nil }
        return Unmanaged<AnyObject>.fromOpaque(pointer).takeUnretainedValue() as? Object
    }
}
