import Clock
import Foundation

/// What `--flink URL|local` gives a host, for `floe run`, the REPL and `floe serve` alike:
/// the cluster's address, checked to answer, or a local cluster started for this floe; and a
/// folder of its own under /tmp (the jobs' runtime properties, the local cluster's files),
/// removed when the connection goes. A local cluster is stopped then too; and, however floe
/// ends (a signal, SIGKILL), by a watcher process that waits for floe's pid to go and then
/// does the same.
public final class ClusterConnection {
    public let url: String
    /// Where savepoints go: the local cluster's folder (nil: the cluster's own
    /// `state.savepoints.dir`).
    public let savepointDirectory: String?
    public let local: LocalFlinkCluster?
    /// floe's folder for this cluster: `properties/`, and a local cluster's own.
    public let folder: String

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
            folder = try ClusterConnection.makeFolder("floe-run")
            ClusterConnection.watch(folder: folder)
            return
        }
        let distribution = try LocalFlinkCluster.findDistribution(projectRoot: LocalFlinkCluster.projectRoot)
        let folder = try ClusterConnection.makeFolder("floe-flink")
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
        FlinkJobBackend(client: FlinkClient(url: url, timeout: 10), clock: clock, savepointDirectory: savepointDirectory,
                        propertiesFolder: folder + "/properties")
    }

    deinit {
        local?.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A new folder `/tmp/<prefix>-XXXXXX`.
    static func makeFolder(_ prefix: String) throws(FlinkError) -> String {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw FlinkError("cannot make a folder for the Flink cluster's files: \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }

    /// Starts a shell, in a session of its own and with no stream of floe's, that waits for
    /// this process to end and then stops whatever of a local cluster in `folder` still runs
    /// and removes the folder: the cluster goes with floe even when no code of floe's runs at
    /// its end. When floe ends well its folder is gone already and the watcher just ends.
    static func watch(folder: String) {
        let script = """
            alive() { [ -e "/proc/$1" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]; }
            while alive "$1"; do sleep 1; done
            [ -d "$2" ] || exit 0
            pids=$(cat "$2"/pid/*.pid 2>/dev/null)
            if [ -n "$pids" ]; then
              kill $pids 2>/dev/null
              for i in $(seq 30); do kill -0 $pids 2>/dev/null || break; sleep 0.5; done
              kill -9 $pids 2>/dev/null
            fi
            rm -rf "$2"
            """
        LocalFlinkCluster.spawn(["/bin/sh", "-c", script, "floe-flink-watcher", String(getpid()), folder],
                                environment: ["PATH=/usr/bin:/bin"], wait: false, ownSession: true)
    }
}
