/// The Lua files under `Prelude/floe/`, embedded in the binary at build time
/// (`resources: [.embedInCode("Prelude")]`), so that no search path is needed.
enum Prelude {
    /// `floe.lua` runs once per state as the module's Lua half; the others are preloaded as
    /// `require "floe.<name>"`.
    static let modules: [(name: String, source: [UInt8])] = [
        ("floe", PackageResources.floe_lua),
        ("job", PackageResources.job_lua),
    ]

    static func source(named name: String) -> String {
        String(decoding: modules.first { $0.name == name }?.source ?? [], as: UTF8.self)
    }
}
