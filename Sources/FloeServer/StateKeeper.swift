import FloeStore
import Lifecycle
import LuaHost

/// A server's registry on its state directory: restored into the host at start, saved
/// after every request and clock step that changed anything, before any answer leaves.
final class StateKeeper {
    let store: RegistryStore
    let runtime: LuaRuntime

    init(store: RegistryStore, runtime: LuaRuntime) {
        self.store = store
        self.runtime = runtime
    }

    /// Brings back what the directory holds: the clock to where it stood, the service's
    /// epoch, the applications with what was under way settled (see `Recovery`). Returns
    /// a line per application it brought back, or nil for a new directory.
    func restore(wallEpoch: Double?) throws(StoreError) -> [String]? {
        let (state, epoch) = try store.load()
        let engine = runtime.lifecycleEngine
        guard let epoch else {
            if let wallEpoch { runtime.serviceEpoch = wallEpoch }
            return nil
        }
        runtime.serviceEpoch = epoch
        let resume = max(state.clockSeconds, state.statusLog.last?.time ?? 0) - runtime.clock.now.seconds
        if resume > 0 {
            do throws(FloeError) { try runtime.advanceClock(bySeconds: resume) } catch {
                throw StoreError("cannot move the clock to where \(store.path) left it: \(error.description)")
            }
        }
        let settled = engine.restore(state, reason: "floe restarted")
        return state.applications.map { record in
            settled.first { $0.hasPrefix(record.name + ":") } ?? "\(record.name): \(record.status.rawValue)"
        }
    }

    /// Writes what changed (see `RegistryStore.save`).
    func save(clockMoved: Bool = false) throws(StoreError) {
        try store.save(runtime.lifecycleEngine, clockSeconds: runtime.clock.now.seconds, epoch: runtime.serviceEpoch, clockMoved: clockMoved)
    }
}
