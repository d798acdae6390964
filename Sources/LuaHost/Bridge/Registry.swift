import CLua

/// Every name floe keeps in the Lua registry or gives a metatable, in one place.
enum RegistryKey {
    /// The metatable of error values (the C shim creates these values too).
    static let errorType = CLUA_ERROR_TYPE
    /// The table of host-private Lua functions the prelude returns.
    static let internals = "floe.internal"
    /// The prefix of every userdata metatable name: `floe.Application`, `floe.Job`, …
    static let typePrefix = "floe."
}
