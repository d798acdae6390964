#if canImport(Glibc)
import Glibc
#endif
import FloeCommandLine
import FlinkREST
import Foundation
import LuaHost

/// `--flink URL` or `--flink local`: the host's jar applications run on a Flink cluster,
/// through `FlinkJobBackend` on the host's (wall) clock.
struct FlinkDoor: ClusterDoor {
    func attach(_ spec: String, to host: FloeHost) throws(FloeError) -> AnyObject {
        let kept = KeptCluster()
        let url: String
        let savepoints: String?
        if spec == "local" {
            do throws(FlinkError) {
                let distribution = try LocalFlinkCluster.findDistribution(projectRoot: FlinkDoor.projectRoot)
                var template = Array("/tmp/floe-flink-XXXXXX".utf8CString)
                guard let made = mkdtemp(&template) else { throw FlinkError("cannot make a folder for the local Flink cluster: \(String(cString: strerror(errno)))") }
                let folder = String(cString: made)
                // A cluster that does not start leaves its folder: the error points at its log.
                let cluster = try LocalFlinkCluster(distribution: distribution, folder: folder)
                kept.cluster = cluster
                kept.folder = folder
                url = cluster.url
                savepoints = "file://" + cluster.savepointFolder
                Console.writeError("floe: a local Flink cluster at \(url) (its log: \(cluster.logFolder)); stopped when floe ends\n")
            } catch {
                throw FloeError(code: FloeError.Code.hostError, message: error.message)
            }
        } else {
            guard spec.hasPrefix("http://") || spec.hasPrefix("https://") else {
                throw FloeError(code: FloeError.Code.badArgument, message: "'--flink' needs a cluster's REST address (http://127.0.0.1:8081) or 'local', got '\(spec)'")
            }
            url = spec
            savepoints = nil
            do throws(FlinkError) { _ = try FlinkClient(url: url, timeout: 10).overview() } catch {
                throw FloeError(code: FloeError.Code.hostError, message: error.message)
            }
        }
        host.clusterBackend = FlinkJobBackend(client: FlinkClient(url: url, timeout: 10), clock: host.clock, savepointDirectory: savepoints)
        return kept
    }

    /// The project this floe was built in (the first folder above the program with a
    /// `.venv`, where `bin/setup --flink` put the distribution), else the working folder.
    static var projectRoot: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let files = FileManager.default
        guard n > 0 else { return files.currentDirectoryPath }
        var folder = URL(fileURLWithPath: String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)).deletingLastPathComponent()
        for _ in 0..<6 {
            if files.fileExists(atPath: folder.path + "/.venv") { return folder.path }
            folder.deleteLastPathComponent()
        }
        return files.currentDirectoryPath
    }
}

/// A local cluster and its folder, stopped and removed when floe lets go of it.
final class KeptCluster {
    var cluster: LocalFlinkCluster?
    var folder: String?

    deinit {
        cluster?.stop()
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
    }
}
