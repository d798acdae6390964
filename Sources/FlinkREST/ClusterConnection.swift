import Clock
import Foundation

/// What `--flink URL|local` gives a host, for `floe run`, the REPL and `floe serve` alike:
/// the cluster's address, checked to answer, or a local cluster started for this floe in a
/// folder of its own under /tmp. A local cluster is stopped, and its folder removed, when the
/// connection goes; and, however floe ends (a signal, SIGKILL), by a watcher process that
/// waits for floe's pid to go and then does the same.
public final class ClusterConnection {
    public let url: String
    /// Where savepoints go: the local cluster's folder (nil: the cluster's own
    /// `state.savepoints.dir`).
    public let savepointDirectory: String?
    public let local: LocalFlinkCluster?
    private let folder: String?

    /// Connects to `spec`: an `http://` or `https://` REST address (which must answer), or
    /// `local`. `started` hears the local cluster's address and log folder once it runs.
    /// Errors: FlinkError (a bad spec, with `isBadArgument`; no answer; a start that failed).
    public init(_ spec: String, started: (LocalFlinkCluster) -> Void = { _ in }) throws(FlinkError) {
        guard spec == "local" else {
            guard spec.hasPrefix("http://") || spec.hasPrefix("https://") else {
                throw FlinkError("'--flink' needs a cluster's REST address (http://127.0.0.1:8081) or 'local', got '\(spec)'", badArgument: true)
            }
            _ = try FlinkClient(url: spec, timeout: 10).overview()
            url = spec
            savepointDirectory = nil
            local = nil
            folder = nil
            return
        }
        let distribution = try LocalFlinkCluster.findDistribution(projectRoot: LocalFlinkCluster.projectRoot)
        var template = Array("/tmp/floe-flink-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw FlinkError("cannot make a folder for the local Flink cluster: \(String(cString: strerror(errno)))")
        }
        let folder = String(cString: made)
        // A cluster that does not start leaves its folder: the error points at its log.
        let cluster = try LocalFlinkCluster(distribution: distribution, folder: folder)
        ClusterConnection.watch(folder: folder)
        url = cluster.url
        savepointDirectory = "file://" + cluster.savepointFolder
        local = cluster
        self.folder = folder
        started(cluster)
    }

    /// A backend for the host's jar applications, on `clock` (the wall clock).
    public func backend(clock: any Clock) -> FlinkJobBackend {
        FlinkJobBackend(client: FlinkClient(url: url, timeout: 10), clock: clock, savepointDirectory: savepointDirectory)
    }

    deinit {
        local?.stop()
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// Starts a shell, in a session of its own and with no stream of floe's, that waits for
    /// this process to end and then stops whatever of the cluster in `folder` still runs and
    /// removes the folder: the cluster goes with floe even when no code of floe's runs at
    /// its end. When floe ends well its folder is gone already and the watcher just ends.
    static func watch(folder: String) {
        let script = """
            alive() { [ -e "/proc/$1" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]; }
            while alive "$1"; do sleep 1; done
            [ -d "$2/pid" ] || exit 0
            pids=$(cat "$2"/pid/*.pid 2>/dev/null)
            [ -n "$pids" ] && kill $pids 2>/dev/null
            for i in $(seq 30); do kill -0 $pids 2>/dev/null || break; sleep 0.5; done
            [ -n "$pids" ] && kill -9 $pids 2>/dev/null
            rm -rf "$2"
            """
        LocalFlinkCluster.spawn(["/bin/sh", "-c", script, "floe-flink-watcher", String(getpid()), folder],
                                environment: ["PATH=/usr/bin:/bin"], wait: false, ownSession: true)
    }
}
