import FloeCommandLine
import FlinkREST
import LuaHost

/// `--flink URL` or `--flink local`: the host's jar applications run on a Flink cluster,
/// through `FlinkJobBackend` on the host's (wall) clock.
struct FlinkDoor: ClusterDoor {
    func attach(_ spec: String, to host: FloeHost) throws(FloeError) -> AnyObject {
        do throws(FlinkError) {
            let connection = try ClusterConnection(spec) { cluster in
                Console.writeError("floe: a local Flink cluster at \(cluster.url) (its log: \(cluster.logFolder)); stopped when floe ends\n")
            }
            host.clusterBackend = connection.backend(clock: host.clock)
            return connection
        } catch {
            throw FloeError(code: error.isBadArgument ? FloeError.Code.badArgument : FloeError.Code.hostError, message: error.message)
        }
    }
}
