import CLua
import JobRuntime

/// A job script and what it runs with: the application code of the design, a Lua file
/// that builds a dataflow from the environment it is given (see `Prelude/floe/job.lua`).
///
/// It runs once in a state of its own to learn the graph (the build phase), and once more
/// in each subtask's Lua state, where its functions then run on that subtask's thread.
final class JobScript: @unchecked Sendable {
    /// The path as given, for messages and chunk names.
    let path: String
    let source: String
    /// The property groups the script sees as `env.properties`.
    let properties: LuaTable
    /// Seed and limits of every state the script runs in.
    let options: HostOptions

    init(path: String, properties: LuaTable, options: HostOptions) throws(FloeError) {
        self.path = path
        self.properties = properties
        self.options = options
        source = try JobScript.read(path)
    }

    /// A script given as text, named `name` in messages.
    init(name: String, source: String, properties: LuaTable, options: HostOptions) {
        path = name
        self.source = source
        self.properties = properties
        self.options = options
    }

    /// Runs the script in `runtime` with a fresh environment, in `phase`, and leaves the
    /// environment on the stack (stack: +1).
    func run(in runtime: LuaRuntime, phase: Phase) throws(FloeError) {
        let L = runtime.state
        let stack = LuaStack(L)
        let base = stack.top
        do {
            try runtime.requireModule("floe.job", onto: stack)  // stack: M
            try runtime.callInternal("restrict")  // after floe.job, which keeps debug.getinfo
            stack.rawGetField(-1, "environment")  // stack: M environment
            stack.push(.table(properties))
            try runtime.call(arguments: 1, results: 1)  // stack: M env
            try runtime.load(source, name: "@" + path)  // stack: M env chunk
            lua_pushvalue(L, -2)  // stack: M env chunk env
            try runtime.withPhase(phase) { () throws(FloeError) in try runtime.call(arguments: 1, results: 0) }
            clua_remove(L, -2)  // stack: env
        } catch {
            stack.top = base
            throw error
        }
    }

    /// The graph the script builds, its user functions backed by per-subtask Lua states.
    func buildGraph(name: String, parallelism: Int, collectors: inout [String: Collector]) throws(FloeError) -> JobGraph {
        let runtime = try LuaRuntime(options: options)
        let stack = LuaStack(runtime.state)
        try run(in: runtime, phase: .jobBuild)  // stack: env
        try runtime.requireModule("floe.job", onto: stack)  // stack: env M
        stack.rawGetField(-1, "describe")  // stack: env M describe
        lua_pushvalue(runtime.state, -3)
        try runtime.call(arguments: 1, results: 1)  // stack: env M description
        let description = try stack.value(at: -1).tableValue ?? LuaTable()
        stack.pop(3)
        return try JobGraphReader(script: self, description: description, name: name, parallelism: parallelism)
            .graph(collectors: &collectors)
    }

    /// A file's text, or a `FileError` naming it.
    static func read(_ path: String) throws(FloeError) -> String {
        do {
            return String(decoding: try Files.read(path, what: "job script ", code: FloeError.Code.fileError), as: UTF8.self)
        } catch {
            throw FloeError(code: error.code, message: error.message)
        }
    }
}

extension LuaRuntime {
    /// Pushes `require(name)` (stack: +1).
    func requireModule(_ name: String, onto stack: LuaStack) throws(FloeError) {
        clua_pushglobaltable(state)
        stack.rawGetField(-1, "require")  // stack: _G require
        clua_remove(state, -2)
        stack.push(name)
        try call(arguments: 1, results: 1)
    }
}

/// Job scripts from outside the host (the runtime explorer): a script's text made into the
/// job graph it builds, its functions backed by per-subtask Lua states as always.
public enum JobScripts {
    /// The graph `source` builds, and the collectors of its `collect` sinks by name.
    public static func graph(source: String, name: String, parallelism: Int,
                             options: HostOptions = HostOptions()) throws(FloeError) -> (JobGraph, [String: Collector]) {
        let script = JobScript(name: name, source: source, properties: LuaTable(), options: options)
        var collectors: [String: Collector] = [:]
        let graph = try script.buildGraph(name: name, parallelism: parallelism, collectors: &collectors)
        return (graph, collectors)
    }
}
