#if canImport(Glibc)
import Glibc
#endif

/// The few file operations the runtime needs, on the C library (no Foundation in the core:
/// it would cost every `floe` start-up several milliseconds).
public enum Files {
    /// The contents of a file, or an error with `code` that names it ("cannot open
    /// <what><path>: <reason>").
    public static func read(_ path: String, what: String = "", code: String = JobError.Code.source) throws(JobError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw JobError(code: code, message: "cannot open \(what)\(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
            if n < buffer.count {
                if ferror(file) != 0 {
                    throw JobError(code: code, message: "cannot read \(what)\(path): \(String(cString: strerror(errno)))")
                }
                break
            }
        }
        return bytes
    }

    /// Appends `bytes` to a file, creating it (and its folder) if needed.
    static func append(_ bytes: [UInt8], to path: String) throws(JobError) {
        try createDirectory(parentOf: path)
        guard let file = fopen(path, "ab") else {
            throw JobError(code: JobError.Code.sink, message: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        guard bytes.isEmpty || fwrite(bytes, 1, bytes.count, file) == bytes.count, fflush(file) == 0 else {
            throw JobError(code: JobError.Code.sink, message: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// `mkdir -p` of the folder holding `path`.
    static func createDirectory(parentOf path: String) throws(JobError) {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        try createDirectory(String(path[..<slash]))
    }

    /// `mkdir -p`.
    static func createDirectory(_ path: String) throws(JobError) {
        var partial = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, 0o755) != 0 && errno != EEXIST {
                throw JobError(code: JobError.Code.sink, message: "cannot create \(partial): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Writes a whole file, fsyncing it when `sync`.
    static func write(_ bytes: [UInt8], to path: String, sync: Bool) throws(JobError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw JobError(code: "CheckpointException", message: "cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            guard n > 0 else { throw JobError(code: "CheckpointException", message: "cannot write \(path): \(String(cString: strerror(errno)))") }
            offset += n
        }
        if sync && fsync(fd) != 0 {
            throw JobError(code: "CheckpointException", message: "cannot sync \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Renames a file or folder (atomically, on one file system), fsyncing the parent when `syncParent`.
    static func rename(_ from: String, to: String, syncParent: Bool) throws(JobError) {
        removeTree(to)
        guard Glibc.rename(from, to) == 0 else {
            throw JobError(code: "CheckpointException", message: "cannot rename \(from): \(String(cString: strerror(errno)))")
        }
        if syncParent, let slash = to.lastIndex(of: "/") {
            let fd = open(String(to[..<slash]), O_RDONLY)
            if fd >= 0 {
                fsync(fd)
                close(fd)
            }
        }
    }

    /// The names in a folder (without "." and ".."); empty when it cannot be read.
    static func names(in path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Whether a file or folder is there.
    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// `rm -rf` of a snapshot folder (files and one level of folders are all it holds).
    static func removeTree(_ path: String) {
        guard let dir = opendir(path) else {
            unlink(path)
            return
        }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name == "." || name == ".." { continue }
            let child = "\(path)/\(name)"
            if unlink(child) != 0 { removeTree(child) }
        }
        closedir(dir)
        rmdir(path)
    }

    /// A new private temporary folder in `$TMPDIR` (else /tmp): the default state directory.
    static func temporaryDirectory() throws(JobError) -> String {
        var base = getenv("TMPDIR").map { String(cString: $0) } ?? ""
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        var template = Array("\(base.isEmpty ? "/tmp" : base)/floe-state-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw JobError(code: "CheckpointException", message: "cannot create a temporary state directory: \(String(cString: strerror(errno)))")
        }
        return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Standard output, for print sinks (Lua's `print` flushes per line, so order holds).
    static func writeStandardOutput(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
    }
}
