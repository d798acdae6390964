import CLua
import Synchronization

/// The Lua files under `Prelude/floe/`, embedded in the binary at build time
/// (`resources: [.embedInCode("Prelude")]`), so that no search path is needed.
enum Prelude {
    /// `floe.lua` runs once per state as the module's Lua half; the others are preloaded as
    /// `require "floe.<name>"`.
    static let modules: [(name: String, source: [UInt8])] = [
        ("floe", PackageResources.floe_lua),
        ("job", PackageResources.job_lua),
        ("pretty", PackageResources.pretty_lua),
        ("test", PackageResources.test_lua),
        ("host", PackageResources.host_lua),
    ]

    static func source(named name: String) -> String {
        String(decoding: modules.first { $0.name == name }?.source ?? [], as: UTF8.self)
    }

    /// Each module compiled once per process, as Lua bytecode (with its debug information):
    /// a new state loads that instead of parsing the source again, which was most of a
    /// state's start-up (and an application's job graph is built in a state of its own).
    private static let compiled = Mutex<[String: [UInt8]]>([:])

    /// `package.preload["floe.<name>"]`: compiles module `name` and runs it with the
    /// arguments `require` passes, returning what it returns (the module).
    static func loader(_ name: String) -> LuaFunction {
        LuaFunction("floe.\(name)", phases: .all, doc: "require 'floe.\(name)'") { call in
            let L = call.L
            let arguments = lua_gettop(L)
            try load(name, into: call.runtime)  // stack: args… chunk
            clua_insert(L, 1)  // stack: chunk args…
            try call.runtime.call(arguments: arguments, results: 1, on: L)
            return 1
        }
    }

    /// Pushes module `name`'s chunk, named `@floe/<name>.lua` (stack: +1).
    static func load(_ name: String, into runtime: LuaRuntime) throws(FloeError) {
        let chunkName = "@floe/\(name).lua"
        if let bytes = compiled.withLock({ $0[name] }) {
            try runtime.loadCompiled(bytes, name: chunkName)
            return
        }
        try runtime.load(source(named: name), name: chunkName)
        var bytes: [UInt8] = []
        let status = withUnsafeMutablePointer(to: &bytes) { buffer in
            lua_dump(runtime.state, { _, data, size, context in
                guard let data, let context else { return 1 }
                context.assumingMemoryBound(to: [UInt8].self).pointee
                    .append(contentsOf: UnsafeRawBufferPointer(start: data, count: size))
                return 0
            }, buffer, 0)
        }
        if status == 0 { compiled.withLock { $0[name] = bytes } }
    }
}
