/// Where Lua code is running, so that each binding can say where it may be called
/// (conventions, rule 9). The runtime knows its current phase; one gate in the dispatcher
/// refuses a call made in a phase its registration does not list.
public struct Phase: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// A scenario script, `-e`, or the REPL: the operator's own code.
    public static let script = Phase(rawValue: 1 << 0)
    /// A maintenance or autoscaling policy deciding something.
    public static let policy = Phase(rawValue: 1 << 1)
    /// A job script building its dataflow.
    public static let jobBuild = Phase(rawValue: 1 << 2)
    /// A user function running inside a task.
    public static let task = Phase(rawValue: 1 << 3)
    /// A `floe.on` event handler.
    public static let hook = Phase(rawValue: 1 << 4)

    public static let all: Phase = [.script, .policy, .jobBuild, .task, .hook]

    /// "inside a maintenance policy", for the gate's message.
    var whereabouts: String {
        switch self {
        case .script: "in a script"
        case .policy: "inside a policy"
        case .jobBuild: "while a job script builds its dataflow"
        case .task: "inside a running task"
        case .hook: "inside an event handler"
        default: "here"
        }
    }
}

extension LuaRuntime {
    /// Runs `body` with the runtime in `phase` (a policy callback, a hook, …), restoring
    /// the phase it was in afterwards.
    public func withPhase<T, E: Error>(_ phase: Phase, _ body: () throws(E) -> T) throws(E) -> T {
        let previous = self.phase
        self.phase = phase
        defer { self.phase = previous }
        return try body()
    }
}
