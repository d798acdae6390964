#if canImport(Glibc)
import Glibc
#endif
import FloeCommandLine
import FloeStore
import LuaHost

/// `floe --state-dir DIR …` and `floe --flink …`: the `floe` command line (run, the REPL)
/// on a host whose registry is DIR's, the one `floe serve --state-dir DIR` keeps, or whose
/// jar applications run on a Flink cluster. `floe` becomes this program when given either;
/// run directly it is the same.
@main
enum FloeState {
    static func main() {
        guard let invocation = CommandLineMain.invocation(CommandLine.arguments) else { exit(2) }
        // A file grown past the process's limit is a failed write the store reports, not a
        // signal that kills the run mid-change.
        signal(SIGXFSZ, SIG_IGN)
        exit(Session.run(invocation, registry: StoreDoor(), cluster: FlinkDoor()))
    }
}

/// The store behind the command line's door.
struct StoreDoor: RegistryDoor {
    func open(_ directory: String, holder: String) throws(FloeError) -> any KeptRegistry {
        do throws(StoreError) { return KeptState(try StateKeeper(directory: directory, holder: holder)) } catch {
            throw KeptState.failure(error)
        }
    }
}

final class KeptState: KeptRegistry {
    let keeper: StateKeeper

    init(_ keeper: StateKeeper) { self.keeper = keeper }

    var directory: String { keeper.directory }
    var absoluteDirectory: String { keeper.absoluteDirectory }

    func restore(into runtime: LuaRuntime) throws(FloeError) -> String? {
        do throws(StoreError) { return try keeper.restore(into: runtime.host).map { StateKeeper.summary(keeper.directory, $0) } } catch {
            throw KeptState.failure(error)
        }
    }

    func save() throws(FloeError) {
        do throws(StoreError) { try keeper.save() } catch { throw KeptState.failure(error) }
    }

    static func failure(_ error: StoreError) -> FloeError {
        FloeError(code: FloeError.Code.stateDirectory, message: error.description)
    }
}
