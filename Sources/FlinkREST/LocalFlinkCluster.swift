import Foundation

/// A Flink session cluster floe starts from a distribution (the one `pip install
/// apache-flink` brings: `pyflink/bin/start-cluster.sh`, `pyflink/lib/*.jar`) and stops by
/// its pids: a generated configuration with every address on 127.0.0.1, and its logs, pids,
/// uploads and savepoints in a folder floe owns. Started once a TaskManager has registered.
public final class LocalFlinkCluster {
    /// The distribution's folder (with `bin/`, `lib/`, `conf/`).
    public let distribution: String
    /// floe's folder for it: `conf/`, `log/`, `pid/`, `tmp/`, `savepoints/`.
    public let folder: String
    public let restPort: Int
    public var url: String { "http://127.0.0.1:\(restPort)" }
    public var logFolder: String { folder + "/log" }
    public var savepointFolder: String { folder + "/savepoints" }
    public private(set) var stopped = false

    /// The distribution in the project's virtual environment (`bin/setup --flink` makes it),
    /// or `$FLINK_HOME`. Errors: FlinkError saying how to get one.
    public static func findDistribution(projectRoot: String) throws(FlinkError) -> String {
        if let home = ProcessInfo.processInfo.environment["FLINK_HOME"], !home.isEmpty { return home }
        let lib = projectRoot + "/.venv/lib"
        let pythons = ((try? FileManager.default.contentsOfDirectory(atPath: lib)) ?? []).filter { $0.hasPrefix("python") }.sorted()
        for python in pythons.reversed() {
            let candidate = "\(lib)/\(python)/site-packages/pyflink"
            if FileManager.default.fileExists(atPath: candidate + "/bin/start-cluster.sh") { return candidate }
        }
        throw FlinkError("no Flink distribution: run bin/setup --flink (pip install apache-flink into .venv), or set FLINK_HOME")
    }

    /// Starts the cluster in `folder` (made if missing) and waits, at most `within`
    /// seconds, for a TaskManager to register and offer its `slots` slots. Errors: FlinkError (it did
    /// not start in time: its processes are stopped, and the error says where its log is).
    public init(distribution: String, folder: String, slots: Int = 4, within: Double = 90) throws(FlinkError) {
        self.distribution = distribution
        self.folder = folder
        let ports = LocalFlinkCluster.freePorts(2)
        restPort = ports[0]
        try writeConfiguration(rpcPort: ports[1], slots: slots)
        // The script starts the daemons in the background and returns; waited for with
        // waitpid (Foundation's Process waits on for the daemons that inherit from it).
        let script = distribution + "/bin/start-cluster.sh"
        let environment = ProcessInfo.processInfo.environment.merging(["FLINK_CONF_DIR": folder + "/conf"]) { $1 }.map { "\($0)=\($1)" }
        guard LocalFlinkCluster.spawn(["/bin/bash", script], environment: environment) == 0 else {
            stop()
            throw FlinkError("\(script) failed; the local Flink cluster's log is in \(logFolder)")
        }
        let client = FlinkClient(url: url, timeout: 2)
        let deadline = Date().addingTimeInterval(within)
        while true {
            // Ready once a TaskManager has registered and offers its slots (under load the
            // registration is seen a moment before the slots are).
            if let overview = try? client.overview(), overview.taskmanagers > 0, overview.slotsTotal >= slots { return }
            if Date() >= deadline {
                stop()
                throw FlinkError("the local Flink cluster did not start within \(Int(within)) s (no TaskManager registered at \(url)); its log is in \(logFolder)")
            }
            Thread.sleep(forTimeInterval: 0.25)
        }
    }

    deinit { stop() }

    /// The project this floe was built in (the first folder above the program with a
    /// `.venv`, where `bin/setup --flink` put the distribution), else the working folder.
    public static var projectRoot: String {
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

    /// The JobManager's and the TaskManagers' pids, as the daemons wrote them.
    public var pids: [Int32] {
        let pidFolder = folder + "/pid"
        return ((try? FileManager.default.contentsOfDirectory(atPath: pidFolder)) ?? []).sorted().flatMap { name -> [Int32] in
            let text = (try? String(contentsOfFile: "\(pidFolder)/\(name)", encoding: .utf8)) ?? ""
            return text.split(whereSeparator: \.isNewline).compactMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
        }
    }

    /// Stops every process of the cluster by its pid: SIGTERM, then SIGKILL for any still
    /// there after 15 s. Idempotent.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        let running = pids.filter { kill($0, 0) == 0 }
        for pid in running { kill(pid, SIGTERM) }
        let deadline = Date().addingTimeInterval(15)
        while running.contains(where: { kill($0, 0) == 0 }), Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        for pid in running where kill(pid, 0) == 0 { kill(pid, SIGKILL) }
    }

    /// `conf/config.yaml` (every address 127.0.0.1, the distribution's Java options, small
    /// memory), `masters` and `workers`, the distribution's log4j files.
    private func writeConfiguration(rpcPort: Int, slots: Int) throws(FlinkError) {
        let files = FileManager.default
        do {
            for sub in ["conf", "log", "pid", "tmp", "savepoints"] {
                try files.createDirectory(atPath: "\(folder)/\(sub)", withIntermediateDirectories: true)
            }
            for name in try files.contentsOfDirectory(atPath: distribution + "/conf") where name.hasPrefix("log4j") {
                let target = "\(folder)/conf/\(name)"
                if files.fileExists(atPath: target) { try files.removeItem(atPath: target) }
                try files.copyItem(atPath: "\(distribution)/conf/\(name)", toPath: target)
            }
            // The distribution's Java options (the --add-opens Java 17 needs) are its config's
            // env.java.opts.all, one line.
            let shipped = (try? String(contentsOfFile: distribution + "/conf/config.yaml", encoding: .utf8)) ?? ""
            let javaOptions = shipped.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .first { $0.hasPrefix("all: ") }.map { String($0.dropFirst(5)) }
            let settings: [(String, String)] = [
                ("env.pid.dir", folder + "/pid"), ("env.log.dir", folder + "/log"),
                ("jobmanager.bind-host", "127.0.0.1"), ("jobmanager.rpc.address", "127.0.0.1"), ("jobmanager.rpc.port", String(rpcPort)),
                ("jobmanager.memory.process.size", "1024m"),
                ("taskmanager.bind-host", "127.0.0.1"), ("taskmanager.host", "127.0.0.1"),
                ("taskmanager.numberOfTaskSlots", String(slots)), ("taskmanager.memory.process.size", "1280m"),
                ("rest.address", "127.0.0.1"), ("rest.bind-address", "127.0.0.1"), ("rest.port", String(restPort)),
                ("web.tmpdir", folder + "/tmp"), ("web.upload.dir", folder + "/tmp"), ("io.tmp.dirs", folder + "/tmp"),
                ("state.savepoints.dir", "file://" + folder + "/savepoints"),
                // The task metrics (records, busy time, back pressure) fresh each second, not
                // every 10 s: what floe's samples read.
                ("metrics.fetcher.update-interval", "1000"),
                ("execution.checkpointing.dir", "file://" + folder + "/checkpoints"),
            ] + (javaOptions.map { [("env.java.opts.all", $0)] } ?? [])
            try settings.map { "\($0.0): \($0.1)\n" }.joined().write(toFile: folder + "/conf/config.yaml", atomically: true, encoding: .utf8)
            try "127.0.0.1:\(restPort)\n".write(toFile: folder + "/conf/masters", atomically: true, encoding: .utf8)
            try "127.0.0.1\n".write(toFile: folder + "/conf/workers", atomically: true, encoding: .utf8)
        } catch {
            throw FlinkError("cannot write the local Flink cluster's configuration in \(folder): \(error.localizedDescription)")
        }
    }

    /// Runs `arguments` with nothing on its standard streams and, with `wait`, waits for
    /// it: its exit status (-1 if it could not start; 0 when not waited for). With
    /// `ownSession`, in a session of its own (no terminal's signals reach it).
    @discardableResult
    static func spawn(_ arguments: [String], environment: [String], wait: Bool = true, ownSession: Bool = false) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // glibc's POSIX_SPAWN_SETSID (0x80), which Swift does not see without _GNU_SOURCE.
        if ownSession { posix_spawnattr_setflags(&attributes, 0x80) }
        for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp) == 0 else { return -1 }
        guard wait else { return 0 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
    }

    /// `count` ports free on 127.0.0.1 now (bound and let go: the cluster takes them next).
    static func freePorts(_ count: Int) -> [Int] {
        var sockets: [Int32] = [], ports: [Int] = []
        for _ in 0..<count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
            ports.append(Int(UInt16(bigEndian: address.sin_port)))
            sockets.append(fd)
        }
        for fd in sockets { close(fd) }
        return ports
    }
}
