/// The Lua files under `Prelude/floe/`, embedded in the binary at build time
/// (`resources: [.embedInCode("Prelude")]`), so no search path is needed.
enum Prelude {
    static func source(named name: String) -> String {
        String(decoding: PackageResources.floe_lua, as: UTF8.self)
    }
}
