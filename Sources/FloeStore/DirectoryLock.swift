#if canImport(Glibc)
import Glibc
#endif

/// One process at a time on a state directory: an exclusive `flock` on `DIR/floe.lock`,
/// which holds the holder's pid and command. The kernel lets go of it when the process
/// ends, however it ends (a `kill -9` leaves no stale lock).
final class DirectoryLock {
    private let descriptor: Int32

    /// Takes the lock, or says who holds it.
    init(directory: String, holder: String) throws(StoreError) {
        let path = "\(directory)/floe.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError("cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let who = DirectoryLock.contents(fd)
            close(fd)
            guard busy else { throw StoreError("cannot lock \(path): \(String(cString: strerror(errno)))") }
            throw StoreError("\(directory) is in use by \(who.isEmpty ? "another process" : who); one floe at a time on a state directory")
        }
        let text = Array("process \(getpid()) (\(holder))\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, text, text.count, 0)
        descriptor = fd
    }

    deinit { close(descriptor) }

    private static func contents(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = pread(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return "" }
        return String(decoding: buffer[..<n], as: UTF8.self).trimmingSuffix("\n")
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}

/// Why a state directory cannot be opened, read or written.
public struct StoreError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
