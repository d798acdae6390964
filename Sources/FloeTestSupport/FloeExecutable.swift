import Foundation

/// Runs the built `floe` binary, as a user would, and captures what it did
/// (ArgumentParser's `AssertExecuteCommand`, for floe).
public enum FloeExecutable {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The `floe` binary beside the test bundle (`swift build` puts them together), or
    /// `$FLOE_BINARY`.
    public static var url: URL {
        if let path = ProcessInfo.processInfo.environment["FLOE_BINARY"] { return URL(fileURLWithPath: path) }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("floe")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/floe")
    }

    /// Runs `floe arguments…` with `stdin` as standard input (empty when nil) in `directory`.
    public static func run(_ arguments: [String], stdin: String? = nil, in directory: URL? = nil,
                           environment: [String: String] = [:]) throws -> Result {
        let child = try Child(arguments, stdin: stdin, in: directory, environment: environment)
        // Drain standard output on its own thread too, so a chatty child never blocks on a full pipe.
        let out = Drain(child.output)
        return child.finish(stdout: out.wait())
    }

    /// Runs `floe arguments…`, sends it SIGINT (Ctrl-C) once its standard output contains
    /// `marker`, and waits for it to end.
    public static func runInterrupting(_ arguments: [String], stdin: String? = nil, after marker: String) throws -> Result {
        let child = try Child(arguments, stdin: stdin)
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains(marker) {
            let chunk = child.output.availableData
            if chunk.isEmpty { break }  // the child ended before saying it was ready
            seen.append(chunk)
        }
        kill(child.process.processIdentifier, SIGINT)
        // A safety net, not a timing assumption: a child that ignores Ctrl-C fails the test
        // (terminated) instead of hanging the suite.
        let watched = Watched(child.process)
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 60)
            if watched.process.isRunning { watched.process.terminate() }
        }
        seen.append(child.output.readDataToEndOfFile())
        return child.finish(stdout: seen)
    }

    /// A started `floe` whose standard input is being written (then closed) and whose
    /// standard error is being drained.
    private struct Child {
        let process = Process()
        let output: FileHandle
        let errors: Drain

        init(_ arguments: [String], stdin: String?, in directory: URL? = nil, environment: [String: String] = [:]) throws {
            process.executableURL = url
            process.arguments = arguments
            if let directory { process.currentDirectoryURL = directory }
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            let input = Pipe(), output = Pipe(), error = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = error
            try process.run()
            self.output = output.fileHandleForReading
            errors = Drain(error.fileHandleForReading)
            // Written on its own thread, so a child that prints before it reads never deadlocks;
            // a child that never reads must not kill the test process with SIGPIPE.
            signal(SIGPIPE, SIG_IGN)
            let writer = Writer(input.fileHandleForWriting)
            Thread.detachNewThread {
                if let stdin { writer.handle.write(Data(stdin.utf8)) }
                try? writer.handle.close()
            }
        }

        func finish(stdout: Data) -> Result {
            process.waitUntilExit()
            return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                          stderr: String(decoding: errors.wait(), as: UTF8.self))
        }
    }

    private final class Writer: @unchecked Sendable {
        let handle: FileHandle
        init(_ handle: FileHandle) { self.handle = handle }
    }

    private final class Watched: @unchecked Sendable {
        let process: Process
        init(_ process: Process) { self.process = process }
    }

    private final class Drain: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                data = handle.readDataToEndOfFile()
                done.signal()
            }
        }

        func wait() -> Data {
            done.wait()
            return data
        }
    }
}

/// The repository's root (for `scripts/`), found from this file's place in it.
public enum Repository {
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}

/// A scratch directory removed when the value goes away.
public final class TemporaryDirectory {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("floe-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `contents` to `name` inside the directory and returns its path.
    @discardableResult
    public func write(_ name: String, _ contents: String) throws -> String {
        try write(name, Data(contents.utf8))
    }

    @discardableResult
    public func write(_ name: String, _ contents: Data) throws -> String {
        let file = url.appendingPathComponent(name)
        try contents.write(to: file)
        return file.path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
