#if canImport(Glibc)
import FloeReport
import Glibc
#endif
import Clock
import FloeReport
import JobRuntime
import Lifecycle

/// The run handed to the report and the timelines (`FloeReport` draws them): the host's
/// status log, run record and clock, and what the page says about the run.
extension FloeHost {
    /// Every application that has had a status, in the order each first had one.
    var namesInStatusLog: [String] {
        var seen: Set<String> = []
        return statusLog.compactMap { seen.insert($0.application).inserted ? $0.application : nil }
    }

    /// The timelines of `names` (every application's when empty) up to now.
    func timelines(of names: [String] = []) -> [Timeline] {
        let log = statusLog
        let now = clock.now.seconds
        return (names.isEmpty ? namesInStatusLog : names).map {
            Timeline(application: $0, log: log, checkpoints: runRecord.checkpoints[$0] ?? .init(), end: now)
        }
    }

    /// Writes the HTML report of everything so far (`--report`, `floe.report`) to `path`,
    /// and says what it holds: "3 applications, 42 status changes, 2026-01-01 00:00:00 to …".
    /// Errors: FileError (the file cannot be written).
    @discardableResult
    public func writeReport(to path: String) throws(FloeError) -> String {
        let (page, summary) = report()
        guard let file = fopen(path, "w") else { throw Self.reportError(path) }
        var bytes = page
        let written = bytes.withUTF8 { fwrite($0.baseAddress, 1, $0.count, file) }
        let closed = fclose(file)
        guard written == page.utf8.count, closed == 0 else { throw Self.reportError(path) }
        return summary
    }

    /// The report's page, and what it holds ("1 application, 19 status changes, … to …").
    func report(refreshSeconds: Int? = nil) -> (page: String, summary: String) {
        let log = statusLog
        let timelines = timelines()
        let from = timelines.map(\.start).min() ?? 0
        let to = max(clock.now.seconds, from + 1)
        var about = reportAbout()
        about.refreshSeconds = refreshSeconds
        let page = HTMLReport.page(timelines: timelines, minutes: runRecord.minutes, log: log, from: from, to: to, about: about)
        let summary = "\(timelines.count) application\(timelines.count == 1 ? "" : "s"), \(log.count) status change\(log.count == 1 ? "" : "s"), "
            + "\(timeText(from)) to \(timeText(to))"
        return (page, summary)
    }

    /// What a report says of this run: its script, seed, floe's version, when it was made,
    /// and the folders its causes shorten (the state folder, the temporary one, the working one).
    func reportAbout() -> HTMLReport.About {
        var folders: [(path: String, name: String)] = []
        if let state = options.stateDirectory { folders.append((state, "state")) }
        if let temporary = TemporaryState.path { folders.append((temporary, "tmp")) }
        var buffer = [CChar](repeating: 0, count: 4096)
        if getcwd(&buffer, buffer.count) != nil {
            folders.append((String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self), "."))
        }
        folders.sort { $0.path.count > $1.path.count }
        let made = TimeText.point(0, epoch: Double(time(nil))) + " UTC"
        var about = HTMLReport.About(script: firstScript ?? "the prompt", seed: options.seed, version: "floe \(LuaRuntime.floeVersion)",
                                     made: made, epoch: serviceEpoch, folders: folders)
        if let engine = engineIfMade {
            about.applications = engine.applicationNames.compactMap { name in
                guard let app = try? engine.application(name) else { return nil }
                return HTMLReport.Row(name: name, status: app.status.rawValue, version: app.versionId,
                                      parallelism: app.currentParallelism, job: app.job?.status.rawValue)
            }
        }
        return about
    }

    private static func reportError(_ path: String) -> FloeError {
        FloeError(code: FloeError.Code.fileError, message: "cannot write the report to \(path): \(String(cString: strerror(errno)))")
    }
}

extension FloeHost {
    /// The HTML report of everything so far, as `floe.report` writes it; a page that
    /// fetches itself again every `refreshSeconds` and updates in place, when given (a
    /// live view: `floe serve`'s `GET /`).
    public func reportPage(refreshSeconds: Int? = nil) -> String { report(refreshSeconds: refreshSeconds).page }

    /// The status log as lines for people (`.log` at the prompt): every entry, or those of
    /// the applications named. Errors: BadArgument (a name with no status yet, as
    /// `floe.timeline` says it).
    public func statusLogLines(of names: [String] = []) throws(FloeError) -> [String] {
        let known = Set(namesInStatusLog)
        for name in names where !known.contains(name) {
            throw FloeError(code: FloeError.Code.badArgument, message: "no application named '\(name)' has a status yet")
        }
        return statusLog.filter { names.isEmpty || names.contains($0.application) }.map { e in
            let from = e.from.isEmpty ? "·" : e.from
            return "\(timeText(e.time))  \(e.application) v\(e.version)  \(e.subject): \(from) -> \(e.to)" + (e.cause.map { "  (\($0))" } ?? "")
        }
    }
}

/// The same, at the Lua runtime's door (`floe.timeline`, `floe.report`, `.log`, `--report`).
extension LuaRuntime {
    var namesInStatusLog: [String] { host.namesInStatusLog }
    func timelines(of names: [String] = []) -> [Timeline] { host.timelines(of: names) }
    /// The Unix time of the clock's zero (the lifecycle's, which may be set; else the default).
    var epoch: Double { host.serviceEpoch }
    /// A clock time in the one form floe writes for people: "2026-01-01 00:10:30".
    public func timeText(_ seconds: Double) -> String { host.timeText(seconds) }
    @discardableResult
    public func writeReport(to path: String) throws(FloeError) -> String { try host.writeReport(to: path) }
    public func statusLogLines(of names: [String] = []) throws(FloeError) -> [String] { try host.statusLogLines(of: names) }
}
