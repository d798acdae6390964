import Foundation

/// `floe serve` started as a process for a test, on a free port of 127.0.0.1: its
/// endpoint once it says it listens, stopped (SIGTERM, then waited for) when the value goes.
public final class ServeProcess {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private let process = Process()
    private let output = Pipe()
    private let errors = Pipe()
    public private(set) var endpoint = ""
    public private(set) var port = 0
    private var errorDrain: ErrorDrain?
    private var outputDrain: ErrorDrain?
    /// Standard output up to and with the "listening on" line.
    private var beforeListening = ""

    /// What the server wrote to standard error, once it has stopped.
    public var errorOutput: String {
        stop()
        return errorDrain?.wait() ?? ""
    }

    /// Starts `floe serve --port 0 arguments…` in `directory`, waiting (at most `deadline`
    /// seconds) for its "listening on" line; with `fileSizeLimit`, under `ulimit -f` of that
    /// many KiB (a disk that fills).
    public init(_ arguments: [String], in directory: URL = Repository.root, deadline: Double = 60, fileSizeLimit: Int? = nil) throws {
        let serve = ["serve", "--port", "0"] + arguments
        if let fileSizeLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", "ulimit -f \(fileSizeLimit) && exec \"$0\" \"$@\"", FloeExecutable.url.path] + serve
        } else {
            process.executableURL = FloeExecutable.url
            process.arguments = serve
        }
        process.currentDirectoryURL = directory
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let end = Date().addingTimeInterval(deadline)
        var seen = ""
        while Date() < end {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty {
                let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                throw Failure(description: "floe serve ended before it listened: \(seen)\(said)")
            }
            seen += String(decoding: chunk, as: UTF8.self)
            if let range = seen.range(of: "listening on http://127.0.0.1:") {
                port = Int(seen[range.upperBound...].prefix { $0.isNumber }) ?? 0
                endpoint = "http://127.0.0.1:\(port)"
                beforeListening = seen
                // Both pipes drained from now on: a server that prints never blocks on a full one.
                errorDrain = ErrorDrain(errors)
                outputDrain = ErrorDrain(output)
                return
            }
        }
        throw Failure(description: "floe serve did not say it listens within \(deadline) s: \(seen)")
    }

    /// What the server wrote to standard output, once it has stopped.
    public var standardOutput: String {
        stop()
        return beforeListening + (outputDrain?.wait() ?? "")
    }

    /// What the server wrote to standard output before it listened (what it kept, …),
    /// while it goes on serving.
    public var startOutput: String { beforeListening }

    /// The server's process id.
    public var pid: Int32 { process.processIdentifier }

    /// Kills the server outright (SIGKILL: no handler runs, nothing is flushed) and waits for it.
    public func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Stops the server and returns its exit status.
    @discardableResult
    public func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { stop() }
}

/// The Python of the git-ignored virtual environment `bin/setup` makes, with boto3 and the
/// AWS CLI: the real clients `floe serve` is tested with.
public enum PythonClients {
    public static var python: String { Repository.path(".venv/bin/python") }
    public static var aws: String { Repository.path(".venv/bin/aws") }

    /// Runs `program arguments…`; its status, standard output and error.
    public static func run(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws -> FloeExecutable.Result {
        guard FileManager.default.isExecutableFile(atPath: program) else {
            throw ServeProcess.Failure(description: "\(program) is missing: bin/setup makes .venv with boto3 and the AWS CLI")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["AWS_ACCESS_KEY_ID"] = "testing"
        env["AWS_SECRET_ACCESS_KEY"] = "testing"
        env["AWS_DEFAULT_REGION"] = "us-east-1"
        env["AWS_CONFIG_FILE"] = "/dev/null"
        env["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let errorData = ErrorDrain(err)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return FloeExecutable.Result(status: process.terminationStatus, stdout: stdout, stderr: errorData.wait())
    }
}

/// A pipe read to its end on a thread of its own, so that neither pipe fills while the other is read.
private final class ErrorDrain: @unchecked Sendable {
    private var data = Data()
    private var finished = false
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        Thread.detachNewThread { [self] in
            data = pipe.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> String {
        if !finished {
            done.wait()
            finished = true
        }
        return String(decoding: data, as: UTF8.self)
    }
}
