#if canImport(Glibc)
import Glibc
#endif

extension LuaRuntime {
    /// Every application that has had a status, in the order each first had one.
    var namesInStatusLog: [String] {
        var seen: Set<String> = []
        return lifecycle.statusLog.compactMap { seen.insert($0.application).inserted ? $0.application : nil }
    }

    /// The timelines of `names` (every application's when empty) up to now.
    func timelines(of names: [String] = []) -> [Timeline] {
        let log = lifecycle.statusLog
        let now = clock.now.seconds
        return (names.isEmpty ? namesInStatusLog : names).map {
            Timeline(application: $0, log: log, checkpoints: runRecord.checkpoints[$0] ?? .init(), end: now)
        }
    }

    /// Writes the HTML report of everything so far (`--report`, `floe.report`) to `path`.
    /// Errors: FileError (the file cannot be written).
    public func writeReport(to path: String) throws(FloeError) {
        let log = lifecycle.statusLog
        let now = clock.now.seconds
        let timelines = timelines()
        let from = timelines.map(\.start).min() ?? 0
        let page = HTMLReport.page(timelines: timelines, minutes: runRecord.minutes, log: log, from: from,
                                   to: max(now, from + 1), title: "floe report (seed \(options.seed))")
        guard let file = fopen(path, "w") else { throw Self.reportError(path) }
        var bytes = page
        let written = bytes.withUTF8 { fwrite($0.baseAddress, 1, $0.count, file) }
        let closed = fclose(file)
        guard written == page.utf8.count, closed == 0 else { throw Self.reportError(path) }
    }

    private static func reportError(_ path: String) -> FloeError {
        FloeError(code: FloeError.Code.fileError, message: "cannot write the report to \(path): \(String(cString: strerror(errno)))")
    }
}

extension LuaRuntime {
    /// The status log as lines for people (`.log` at the prompt): every entry, or those of
    /// the applications named.
    public func statusLogLines(of names: [String] = []) -> [String] {
        lifecycle.statusLog.filter { names.isEmpty || names.contains($0.application) }.map { e in
            let tenths = Int((e.time * 10).rounded())
            let time = "\(tenths / 10).\(tenths % 10)"
            let from = e.from.isEmpty ? "·" : e.from
            return String(repeating: " ", count: max(0, 9 - time.count)) + "\(time)s  \(e.application) v\(e.version)  \(e.subject): \(from) -> \(e.to)" + (e.cause.map { "  (\($0))" } ?? "")
        }
    }
}
