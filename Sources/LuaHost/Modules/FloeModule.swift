import CLua

/// The `floe` module: `require "floe"` and the global `floe`.
///
/// The Swift half registers what needs the host; the Lua half (`Prelude/floe.lua`,
/// embedded in the binary) adds the rest and hands back host-private helpers.
enum FloeModule {
    /// floe's version, as `floe.version` and `floe -v` show it.
    static let version = "0.1.0"

    static func install(in runtime: LuaRuntime) throws(FloeError) {
        let L = runtime.state
        let stack = LuaStack(L)
        let base = stack.top
        defer { stack.top = base }
        lua_createtable(L, 0, 8)  // stack: floe
        let module = stack.top
        stack.push(version)
        stack.rawSetField(module, "version")
        runtime.install(moduleFunctions, intoTableAt: module)
        lua_createtable(L, 0, 33)  // stack: floe aws
        runtime.install(AWSModule.functions, intoTableAt: -1)
        stack.rawSetField(module, "aws")

        // package.loaded.floe = floe, so that `require "floe"` finds it; then the global.
        lua_getfield(L, clua_registryindex(), LUA_LOADED_TABLE)  // stack: floe loaded
        lua_pushvalue(L, module)
        stack.rawSetField(module + 1, "floe")
        stack.pop()
        clua_pushglobaltable(L)  // stack: floe _G
        lua_pushvalue(L, module)
        stack.rawSetField(module + 1, "floe")
        stack.pop()  // stack: floe

        // The prelude runs as `local floe, host = ...` and returns host-private helpers.
        // The other embedded modules: package.preload["floe.<name>"] = a loader that compiles
        // the module when it is first required (most runs never show a value or run a test:
        // compiling them all at start was a third of `floe -e ''`).
        lua_getfield(L, clua_registryindex(), LUA_PRELOAD_TABLE)  // stack: floe preload
        for embedded in Prelude.modules where embedded.name != "floe" {
            runtime.push(Prelude.loader(embedded.name))
            stack.rawSetField(module + 1, "floe.\(embedded.name)")
        }
        stack.pop()  // stack: floe

        try Prelude.load("floe", into: runtime)  // stack: floe chunk
        lua_pushvalue(L, module)  // stack: floe chunk floe
        lua_createtable(L, 0, 2)  // stack: floe chunk floe host
        runtime.install(hostFunctions + PolicyModule.hostFunctions, intoTableAt: -1)
        try runtime.call(arguments: 2, results: 1)  // stack: floe internals
        stack.rawSetField(clua_registryindex(), RegistryKey.internals)
    }

    /// The Swift functions of the `floe` table (`floe.aws`'s are `AWSModule.functions`).
    static var moduleFunctions: [LuaFunction] {
        TimeModule.functions + JobModule.functions + ApplicationModule.functions + SettingsModule.functions
            + AWSModule.bucketFunctions + PolicyModule.functions + TimelineModule.functions
    }

    /// The `floe` functions the prelude defines in Lua, and where they can be reached:
    /// policies and handlers run in a sandbox whose `floe` has only `now` and `version`; job
    /// code has the whole module, but what acts refuses it.
    static let preludeFunctions: [(String, Phase)] = [
        ("seed", [.script, .jobBuild, .task]), ("pretty", [.script, .jobBuild, .task]),
        ("policy.load", .script), ("policy.autoscaling", .script), ("policy.maintenance", .script), ("on", .script),
        ("test", .script), ("expect", .script),
    ]

    /// Functions only the prelude sees.
    static var hostFunctions: [LuaFunction] { [
        LuaFunction("seed", phases: .all, doc: "host.seed([n]): sets floe's seed, or returns it") { call in
            guard let seed = try call.optionalInteger(1) else {
                return call.results(.integer(Int64(bitPattern: call.runtime.random.seed)))
            }
            call.runtime.reseed(UInt64(bitPattern: seed))
            return 0
        },
    ] }
}

extension LuaRuntime {
    /// floe's version.
    public static var floeVersion: String { FloeModule.version }
    /// Lua's release and copyright line.
    public static var luaCopyright: String { String(cString: clua_copyright()) }
}
