import LuaHost

/// How a command-line host opens a state directory's registry. `floe` itself links no
/// store (SQLite through GRDB needs Foundation, which would cost every `floe -e` its
/// start-up): given `--state-dir`, it becomes `floe-state`, this same command line with
/// the store behind this door, as it becomes `floe-serve` for `floe serve`.
public protocol RegistryDoor {
    /// Takes `directory` for this process (one floe at a time on it; `holder`, such as
    /// "floe repl", is what a second one is told) and gives back its registry.
    func open(_ directory: String, holder: String) throws(FloeError) -> any KeptRegistry
}

/// How a command-line host reaches a Flink cluster (`--flink`): `floe-state` links the
/// cluster's client; `floe` becomes it when given `--flink`.
public protocol ClusterDoor {
    /// Connects `host` to the cluster `spec` names — a URL, or "local": one started for this
    /// run — so that its jar applications run there. Returns what keeps the cluster (a local
    /// one stops, by its pids, when that goes).
    func attach(_ spec: String, to host: FloeHost) throws(FloeError) -> AnyObject
}

/// A state directory's registry, open for one host.
public protocol KeptRegistry: AnyObject {
    /// The directory as given, for messages.
    var directory: String { get }
    /// Its absolute path: where the host keeps snapshots.
    var absoluteDirectory: String { get }
    /// Brings the registry into the host's engine and clock; what it brought back
    /// ("DIR: 2 applications kept" and a line each), or nil for a new directory.
    func restore(into runtime: LuaRuntime) throws(FloeError) -> String?
    /// Writes what changed since the last save, in one transaction.
    func save() throws(FloeError)
}
