/// The limits one Lua state runs under. They live in the C context block (not in Swift
/// variables) so that the count hook and the allocator read them without calling Swift.
public struct LuaLimits: Sendable, Equatable {
    /// Bytes the state may hold while Lua code runs; nil for no cap.
    public var memoryBytes: Int?
    /// Instructions one top-level call may run; nil for no limit.
    public var instructions: Int?
    /// How often the count hook fires, in instructions. Smaller is more precise and slower.
    public var hookStep: Int

    public init(memoryBytes: Int? = nil, instructions: Int? = nil, hookStep: Int = 1000) {
        self.memoryBytes = memoryBytes
        self.instructions = instructions
        self.hookStep = hookStep
    }

    /// No caps; the hook still runs, for Ctrl-C.
    public static let none = LuaLimits()
}

extension LuaRuntime {
    /// The limits in force. Setting them takes effect from the next top-level call.
    public var limits: LuaLimits {
        get {
            let c = context.pointee
            return LuaLimits(memoryBytes: c.mem_limit == 0 ? nil : Int(c.mem_limit),
                             instructions: c.budget_limit == 0 ? nil : Int(c.budget_limit),
                             hookStep: Int(c.hook_step))
        }
        set {
            context.pointee.mem_limit = newValue.memoryBytes.map { Int(max(1, $0)) } ?? 0
            context.pointee.budget_limit = newValue.instructions.map { Int64(max(1, $0)) } ?? 0
            context.pointee.hook_step = Int32(clamping: max(1, newValue.hookStep))
        }
    }

    /// Bytes the state holds now.
    public var memoryInUse: Int { Int(context.pointee.mem_used) }

    /// The most bytes the state has held at once.
    public var memoryPeak: Int { Int(context.pointee.mem_peak) }
}
