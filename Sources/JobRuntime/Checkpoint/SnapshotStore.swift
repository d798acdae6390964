#if canImport(Glibc)
import Glibc
#endif

/// Where a job's checkpoints and savepoints live on disk.
///
/// A snapshot is written into `<name>.inprogress/_metadata`, then the folder is renamed to
/// `<name>`: a folder without the final name was never completed and is never read. In a
/// durable state directory (`--state-dir`) the file and its folder are fsynced before the
/// rename; in the default temporary one they are not (design: Storage).
public struct SnapshotStore {
    let root: String
    let durable: Bool

    /// Writes a checkpoint (or savepoint) under `folder` and returns its path.
    func write(_ checkpoint: CompletedCheckpoint, folder: String) throws(JobError) -> (path: String, size: Int) {
        let final = "\(root)/\(folder)"
        let temporary = final + ".inprogress"
        let bytes = SnapshotFormat.encode(checkpoint)
        try Files.createDirectory(temporary)
        try Files.write(bytes, to: "\(temporary)/_metadata", sync: durable)
        try Files.rename(temporary, to: final, syncParent: durable)
        return (final, bytes.count)
    }

    /// Reads a snapshot folder (or its `_metadata` file).
    static func read(_ path: String) throws(JobError) -> CompletedCheckpoint {
        let file = path.hasSuffix("/_metadata") ? path : "\(path)/_metadata"
        let bytes: [UInt8]
        do { bytes = try Files.read(file) } catch {
            throw JobError(code: "CheckpointException", message: "cannot read the snapshot \(path): \(error.message)")
        }
        return try SnapshotFormat.decode(bytes, path: path)
    }

    /// Deletes a snapshot folder (a subsumed checkpoint).
    func delete(_ path: String) { Files.removeTree(path) }

    /// The newest complete checkpoint a job wrote under the state folder `root` (its highest
    /// `checkpoints/JOB/chk-N` with its metadata written); nil when it wrote none.
    public static func latestCheckpoint(root: String, jobID: String) -> String? {
        let folder = "\(root)/checkpoints/\(jobID)"
        let numbers = Files.names(in: folder).compactMap { name -> Int? in
            guard name.hasPrefix("chk-"), let n = Int(name.dropFirst(4)), Files.exists("\(folder)/\(name)/_metadata") else { return nil }
            return n
        }
        return numbers.max().map { "\(folder)/chk-\($0)" }
    }

    /// Whether a snapshot folder holds a complete snapshot.
    public static func isComplete(_ path: String) -> Bool { Files.exists("\(path)/_metadata") }

    /// Deletes a snapshot folder someone else keeps (an application's deleted snapshot).
    public static func remove(_ path: String) { Files.removeTree(path) }
}
