#if canImport(Glibc)
import Glibc
#endif
import Lifecycle
import LuaHost

/// A host's registry on its state directory: taken (one floe at a time on it) before the
/// host runs anything, restored into the host's engine and clock, saved after every change
/// before anyone hears of it. `floe serve` and `floe run` / the REPL (through `floe-state`)
/// keep the same directory the same way.
public final class StateKeeper {
    public let store: RegistryStore
    /// The directory as given (what messages name).
    public var directory: String { store.directory }
    /// Its absolute path: snapshots are kept by path, so a host started again from another
    /// working folder finds them.
    public let absoluteDirectory: String
    private var host: FloeHost?

    /// Opens and locks `directory` (made if missing) for `holder` ("floe serve").
    public init(directory: String, holder: String) throws(StoreError) {
        store = try RegistryStore(directory: directory, holder: holder)
        if let resolved = realpath(directory, nil) {
            absoluteDirectory = String(cString: resolved)
            free(resolved)
        } else {
            absoluteDirectory = directory
        }
    }

    /// Brings back what the directory holds into `host`: the clock to where it stood, the
    /// service's epoch, the applications with what was under way settled (see `Recovery`).
    /// A new directory takes `wallEpoch` as its epoch, if given. Returns a line per
    /// application it brought back, or nil for a new directory.
    public func restore(into host: FloeHost, wallEpoch: Double? = nil) throws(StoreError) -> [String]? {
        self.host = host
        let (state, epoch) = try store.load()
        let engine = host.engine
        guard let epoch else {
            if let wallEpoch { host.serviceEpoch = wallEpoch }
            return nil
        }
        host.serviceEpoch = epoch
        let resume = max(state.clockSeconds, state.statusLog.last?.time ?? 0) - host.clock.now.seconds
        if resume > 0 {
            do throws(FloeError) { try host.advance(bySeconds: resume) } catch {
                throw StoreError("cannot move the clock to where \(store.path) left it: \(error.description)")
            }
        }
        let settled = engine.restore(state, reason: "floe restarted")
        // What the relaunches set going at this instant runs now (a job restored gets to
        // RUNNING), so the first request finds it as a client would a moment later.
        do throws(FloeError) { try host.advance(bySeconds: 0) } catch {
            throw StoreError("cannot start what \(store.path) left running: \(error.description)")
        }
        return state.applications.map { record in
            settled.first { $0.hasPrefix(record.name + ":") } ?? "\(record.name): \(record.status.rawValue)"
        }
    }

    /// Writes what changed since the last save (see `RegistryStore.save`); nothing before
    /// `restore`.
    public func save(clockMoved: Bool = false) throws(StoreError) {
        guard let host else { return }
        try store.save(host.engine, clockSeconds: host.clock.now.seconds, epoch: host.serviceEpoch, clockMoved: clockMoved)
    }

    /// "DIR: 2 applications kept" and a line for each.
    public static func summary(_ directory: String, _ restored: [String]) -> String {
        "\(directory): \(restored.count) application\(restored.count == 1 ? "" : "s") kept" + restored.map { "\n  \($0)" }.joined()
    }
}
