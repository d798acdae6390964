#if canImport(Glibc)
import FloeReport
import Glibc
#endif

/// `floe.timeline(…)`: the applications' statuses over (virtual) time, drawn in the
/// terminal; `floe.report(path)`: the same and more as an HTML page.
enum TimelineModule {
    static var functions: [LuaFunction] { [
        /// floe.timeline([app or name, …], [{from = s, to = s, width = columns}]): prints each
        /// application's statuses, its job's, its checkpoints and marks (restarts, failures,
        /// maintenance, scaling, updates, rollbacks, snapshots, policies that fell back) from
        /// `from` (its first status) to `to` (now), `width` columns wide (the terminal's).
        /// No applications named: every one there has been. Scripts only. Errors:
        /// BadArgument (not an application, a name or an options table; an unknown name).
        LuaFunction("timeline", phases: .script, doc: "floe.timeline([app, …], [options]): applications' statuses over time") { call in
            let runtime = call.runtime
            var names: [String] = []
            var options = LuaTable()
            for i in stride(from: Int32(1), through: call.count, by: 1) {
                if let handle = runtime.object(at: i, as: ApplicationType.type, on: call.L) {
                    names.append(handle.name)
                    continue
                }
                switch try call.value(i) {
                case .string(let name): names.append(name)
                case .table(let t) where i == call.count: options = t
                default: throw call.typeError(i, expected: "floe.Application, name or options table")
                }
            }
            let known = Set(runtime.namesInStatusLog)
            for name in names where !known.contains(name) {
                throw call.argumentError(1, "no application named '\(name)' has a status yet")
            }
            let now = runtime.clock.now.seconds
            let timelines = runtime.timelines(of: names)
            let from = options["from"].doubleValue ?? (timelines.map(\.start).min() ?? 0)
            let to = options["to"].doubleValue ?? now
            guard to > from else { throw call.argumentError(call.count, "'to' (\(to)) must come after 'from' (\(from))") }
            let terminal = isatty(STDOUT_FILENO) != 0
            let width = options["width"].doubleValue.map { Int($0) } ?? (terminal ? Console.columns : 100)
            Console.write(TimelineText.render(timelines, from: from, to: to, width: width,
                                              colour: terminal ? Console.colour : .none, epoch: runtime.epoch))
            return 0
        },
        /// floe.report(path) -> string: writes the HTML report of the run so far — each
        /// application's timeline, parallelism and throughput, the status log — to `path`,
        /// and returns what it holds ("1 application, 19 status changes, 2026-01-01 00:00:00
        /// to …"). Scripts only. Errors: BadArgument, FileError (the file cannot be written).
        LuaFunction("report", phases: .script, doc: "floe.report(path): writes the run's HTML report") { call in
            call.results(.string(try call.runtime.writeReport(to: try call.string(1))))
        },
    ] }
}
