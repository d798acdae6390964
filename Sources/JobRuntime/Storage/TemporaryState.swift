#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The default state folder: one private temporary folder per process (`/tmp/floe-state-*`),
/// made when the first job without a `--state-dir` needs one, with a folder of its own for
/// each such job inside, and removed when the process exits, however it exits through
/// `exit` (the end of a run, an error, Ctrl-C, Lua's `os.exit`). Only a signal that kills
/// the process outright (SIGKILL, or SIGTERM) leaves it behind.
public enum TemporaryState {
    private struct Root {
        var path: String?
        var folders = 0
    }
    private static let root = Mutex(Root())

    /// A new, empty folder for one job's snapshots, inside the process's temporary folder.
    public static func newFolder() throws(JobError) -> String {
        let made: Result<String, JobError> = root.withLock { root in
            if root.path == nil {
                do throws(JobError) {
                    root.path = try Files.temporaryDirectory()
                } catch {
                    return .failure(error)
                }
                atexit { TemporaryState.removeAll() }
            }
            root.folders += 1
            return .success("\(root.path!)/job-\(root.folders)")
        }
        let folder = try made.get()
        try Files.createDirectory(folder)
        return folder
    }

    /// The process's temporary folder, if one was made.
    public static var path: String? { root.withLock { $0.path } }

    /// Removes the temporary folder and everything in it (at exit).
    public static func removeAll() {
        let path = root.withLock { root -> String? in
            defer { root.path = nil }
            return root.path
        }
        if let path { Files.removeTree(path) }
    }
}
