import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The built `floe` on a pseudo-terminal, as a person at a keyboard has it: its standard
/// input, output and error are the terminal, which is its controlling terminal (so Ctrl-C
/// typed there is SIGINT). Keys go in with `send`; `read(until:)` waits for text to show.
public final class PseudoTerminal {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Linux's TIOCSPTLCK and TIOCGPTN (`_IOW('T', 0x31, int)`, `_IOR('T', 0x30, unsigned)`),
    /// macros Swift cannot import.
    private static let setLock = UInt(0x4004_5431), getNumber = UInt(0x8004_5430)
    /// glibc's POSIX_SPAWN_SETSID (behind _GNU_SOURCE, so not imported).
    private static let setSession: Int32 = 0x80

    private let master: Int32
    private var pid: pid_t = 0
    /// Everything the terminal has shown so far, and how much of it `read` has handed out.
    public private(set) var screen = ""
    private var consumed = 0

    /// Starts `floe arguments…` with `environment` added to this process's, on a terminal
    /// `columns` wide, in `directory` (this process's working folder when nil).
    public init(_ arguments: [String], environment: [String: String] = [:], columns: Int = 80, directory: String? = nil) throws {
        // posix_openpt and friends are not in Swift's Glibc module: what they do on Linux.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        var unlocked: Int32 = 0, number: UInt32 = 0
        guard master >= 0, ioctl(master, PseudoTerminal.setLock, &unlocked) == 0,
              ioctl(master, PseudoTerminal.getNumber, &number) == 0 else {
            throw Failure(description: "no pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        let slave = "/dev/pts/\(number)"
        var size = winsize(ws_row: 24, ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // After setsid, the first terminal opened becomes the controlling one.
        posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        posix_spawn_file_actions_addclose(&actions, master)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(PseudoTerminal.setSession | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        var env = ProcessInfo.processInfo.environment
        env["TERM"] = "xterm"
        env["NO_COLOR"] = nil  // the test runner's own choice is not the terminal's
        env["FLOE_HISTORY"] = nil
        for (key, value) in environment { env[key] = value }
        // A working folder of its own: through a shell that changes to it and becomes floe.
        let argv = directory.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0, FloeExecutable.url.path] + arguments }
            ?? [FloeExecutable.url.path] + arguments
        let cArgv = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (cArgv + cEnv).forEach { free($0) } }
        let status = posix_spawn(&pid, argv[0], &actions, &attributes, cArgv, cEnv)
        guard status == 0 else { throw Failure(description: "cannot start floe: \(String(cString: strerror(status)))") }
    }

    deinit {
        if pid > 0 { kill(pid, SIGKILL); _ = waitForExit() }
        close(master)
    }

    /// Types `keys` (use "\r" for Enter, "\u{03}" for Ctrl-C, "\u{04}" for Ctrl-D, "\t" for Tab).
    /// What floe shows meanwhile is read as it comes, so that a long paste cannot leave both
    /// sides waiting on full buffers.
    public func send(_ keys: String) { send(bytes: Array(keys.utf8)) }

    /// Types raw bytes, UTF-8 or not.
    public func send(bytes keys: [UInt8]) {
        var bytes = keys
        while !bytes.isEmpty {
            var fd = pollfd(fd: master, events: Int16(POLLIN | POLLOUT), revents: 0)
            guard poll(&fd, 1, 1000) >= 0 else { continue }
            if fd.revents & Int16(POLLIN) != 0 { drain() }
            guard fd.revents & Int16(POLLOUT) != 0 else {
                if fd.revents & Int16(POLLHUP | POLLERR) != 0 { return }
                continue
            }
            let n = write(master, bytes, min(bytes.count, 256))
            if n <= 0 { return }
            bytes.removeFirst(n)
        }
    }

    /// Reads what floe has shown and is waiting: false once it is gone.
    @discardableResult
    private func drain() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = Glibc.read(master, &buffer, buffer.count)
        guard n > 0 else { return false }
        screen += String(decoding: buffer[..<n], as: UTF8.self)
        return true
    }

    /// What the terminal shows from the last `read` on, once it includes `marker`. A
    /// generous deadline turns a floe that never shows it into a failure, not a hang.
    @discardableResult
    public func read(until marker: String, deadline seconds: Double = 60) throws -> String {
        let end = Date().addingTimeInterval(seconds)
        while true {
            let unread = String(screen.dropFirst(consumed))
            if let range = unread.range(of: marker) {
                consumed += unread.distance(from: unread.startIndex, to: range.upperBound)
                return String(unread[..<range.upperBound])
            }
            let left = end.timeIntervalSinceNow
            guard left > 0 else { throw Failure(description: "never saw \(marker.debugDescription); the terminal shows:\n\(screen)") }
            var fd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&fd, 1, Int32(min(left, 1) * 1000)) > 0 else { continue }
            guard drain() else { throw Failure(description: "floe ended before showing \(marker.debugDescription); it showed:\n\(screen)") }
        }
    }

    /// Waits for floe to end and returns its exit status (128 + the signal if one ended it).
    /// A floe still there after `deadline` seconds is killed (the status says so), so that a
    /// stuck one fails its test instead of hanging the suite.
    @discardableResult
    public func waitForExit(deadline seconds: Double = 60) -> Int32 {
        var status: Int32 = 0
        let end = Date().addingTimeInterval(seconds)
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid || (done < 0 && errno != EINTR) { break }
            if Date() > end { kill(pid, SIGKILL) }
            // Reading keeps floe from blocking on a full terminal while it ends.
            var fd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&fd, 1, 20) > 0 && fd.revents & Int16(POLLIN) != 0 { drain() }
        }
        pid = 0
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
