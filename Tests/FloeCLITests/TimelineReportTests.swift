import FloeTestSupport
import Foundation
import Testing

/// Seeing what happened: `floe.timeline` in the terminal, `--report` and `floe.report` as a page.
@Suite struct TimelineReportTests {
    @Test func theTimelineDrawsStatusesCheckpointsAndMarks() throws {
        let result = try FloeExecutable.run(["run", "scripts/timeline.lua"], in: Repository.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            timeline 2026-01-01 00:00:00 → 01:31:06, a column every 1m\u{A0}33s
            orders app   s======================================u==================p
                   job   ===================r=======================================
                   ckpt  |||||||||||||||||||||||||||||||||||||||||||||||||||||||||||
                   marks                    R                   U                  o
                                                                o                   
                   time  ^00:00             ^00:30             ^01:00               
            app: = RUNNING, s STARTING, p STOPPING, u UPDATING
            job: r RESTARTING, = RUNNING
            marks: R job restart, U update, o snapshot
            ckpt: | checkpoints completing, x one failed

            """)
    }

    @Test func onANarrowOrWideTerminalNoLineIsWiderThanIt() throws {
        for width in [20, 500] {
            let result = try FloeExecutable.run(["run", "scripts/timeline.lua", String(width)], in: Repository.root)
            #expect(result.status == 0)
            let widest = result.stdout.split(separator: "\n").map(\.count).max() ?? 0
            #expect(widest <= width, "\(width) columns: a line of \(widest)")
            #expect(result.stdout.contains("app"))
        }
    }

    /// A scenario of scripts/ run with `--report` and `--log`: what it said, the page, the log's lines.
    struct Reported {
        let dir: TemporaryDirectory
        let result: FloeExecutable.Result
        let page: String
        let entries: [String]

        init(_ script: String) throws {
            dir = try TemporaryDirectory()
            page = dir.url.appendingPathComponent("run.html").path
            let log = dir.url.appendingPathComponent("run.jsonl").path
            result = try FloeExecutable.run(["--report", page, "--log", log, "run", script], in: Repository.root)
            entries = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        }
    }

    @Test func theReportShowsEveryStatusAndMarkTheScenarioWentThrough() throws {
        let run = try Reported("scripts/timeline.lua")
        let (result, page, entries) = (run.result, run.page, run.entries)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("floe: wrote the report to \(page) (1 application, 19 status changes"), "\(result.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(!html.contains("src=") && !html.contains("href="), "self-contained: nothing fetched")
        #expect(html.contains("<title>floe report: scripts/timeline.lua</title>"))
        #expect(!html.contains("width=\"960\""), "no fixed width")
        // The DOM a browser builds, after the filter's script ran.
        let dom = try Chromium.dumpDOM(page)
        var statuses: Set<String> = []
        for line in entries where line.contains("\"subject\":\"application\"") || line.contains("\"subject\":\"job\"") {
            for key in ["from", "to"] {
                if let status = Self.field(key, of: line), !status.isEmpty, status != "DELETED" { statuses.insert(status) }
            }
        }
        #expect(statuses.isSuperset(of: ["READY", "STARTING", "RUNNING", "UPDATING", "STOPPING", "RESTARTING", "INITIALIZING"]))
        for status in statuses {
            #expect(dom.contains("data-status=\"\(status)\""), "\(status) is drawn")
        }
        // Every mark the status log calls for: a restart, an update, two snapshots.
        #expect(Self.count(of: "class=\"mark\" data-kind=\"restart\"", in: dom) == 1)
        #expect(Self.count(of: "class=\"mark\" data-kind=\"update\"", in: dom) == 1)
        #expect(Self.count(of: "class=\"mark\" data-kind=\"snapshot\"", in: dom) == 2)
        // The status log: a row per entry, each at its time in the one format, the filter shown.
        #expect(Self.count(of: "\" data-subject=\"", in: dom) == entries.count)
        #expect(dom.contains("<form class=\"filter\">"), "the script showed the filter")
        #expect(dom.contains("\(entries.count) of \(entries.count) rows"))
        #expect(dom.contains("<td class=\"time\">2026-01-01 00:30:31</td>"), "the restart's row")
        #expect(dom.contains("records in / s") && dom.contains("parallelism"))
    }

    /// A week of the example policies: every mark the status log calls for is drawn, no two
    /// on one row touch, and every status span is wide enough to see.
    @Test func aWeeksMarksAreAllDrawnAndNoneOverlaps() throws {
        let run = try Reported("scripts/policies.lua")
        #expect(run.result.status == 0, "\(run.result.stderr)")
        let dom = try Chromium.dumpDOM(run.page)
        let entries = run.entries
        // The marks the status log calls for, by kind.
        var wanted: [String: Int] = [:]
        for line in entries {
            let subject = Self.field("subject", of: line) ?? "", to = Self.field("to", of: line) ?? "", from = Self.field("from", of: line) ?? ""
            let kind: String? = switch (subject, to) {
            case ("application", "MAINTENANCE"): "maintenance"
            case ("application", "AUTOSCALING"): "scaling"
            case ("application", "UPDATING"): "update"
            case ("application", "ROLLING_BACK"): "rollback"
            case ("job", "RESTARTING") where from != "RESTARTING": "restart"
            case ("job", "FAILED"): "failure"
            case (let s, "READY") where s.hasPrefix("snapshot "): "snapshot"
            case ("policy", _): "policy"
            default: nil
            }
            if let kind { wanted[kind, default: 0] += 1 }
        }
        #expect(wanted["maintenance"] == 6 && wanted["scaling"] == 2, "\(wanted)")
        for (kind, count) in wanted {
            #expect(Self.count(of: "class=\"mark\" data-kind=\"\(kind)\"", in: dom) == count, "\(kind)")
        }
        // Marks on one row stand apart (at least 1.6 % of the width).
        var rows: [String: [Double]] = [:]
        for style in Self.values(of: "style", after: "class=\"mark\"", in: dom) {
            guard let left = Self.number(after: "left:", in: style), let top = style.components(separatedBy: "top:").last?.prefix(while: { $0 != ";" }) else { continue }
            rows[String(top), default: []].append(left)
        }
        for (top, lefts) in rows {
            let sorted = lefts.sorted()
            for (a, b) in zip(sorted, sorted.dropFirst()) { #expect(b - a >= 1.6, "marks at \(a)% and \(b)% on row \(top)") }
        }
        // Every status span at least 4 of the plot's 1,000 units wide.
        for width in Self.values(of: "width", after: "class=\"status\"", in: dom) {
            #expect((Double(width) ?? 0) >= 4, "a span \(width) wide")
        }
        #expect(dom.contains("data-status=\"AUTOSCALING\"") && dom.contains("data-status=\"MAINTENANCE\""))
    }

    /// The values of `attribute` in the elements whose tag contains `marker`.
    static func values(of attribute: String, after marker: String, in dom: String) -> [String] {
        dom.components(separatedBy: marker).dropFirst().compactMap { rest in
            let tag = rest.prefix { $0 != ">" }
            guard let start = tag.range(of: " \(attribute)=\"") else { return nil }
            return String(tag[start.upperBound...].prefix { $0 != "\"" })
        }
    }

    static func number(after key: String, in text: String) -> Double? {
        guard let start = text.range(of: key) else { return nil }
        return Double(text[start.upperBound...].prefix { $0.isNumber || $0 == "." })
    }

    static func field(_ key: String, of line: String) -> String? {
        guard let start = line.range(of: "\"\(key)\":\"") else { return nil }
        return String(line[start.upperBound...].prefix { $0 != "\"" })
    }

    static func count(of needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func aReportPathThatCannotBeWrittenIsSaidAndTheRunGoesOn() throws {
        let result = try FloeExecutable.run(["--report", "/no/such/folder/run.html", "-e", "print('ran')"])
        #expect(result.status == 0)
        #expect(result.stdout == "ran\n")
        #expect(result.stderr == "floe: cannot write the report to /no/such/folder/run.html: No such file or directory (the run goes on without it)\n")
        let fromLua = try FloeExecutable.run(["-e", "local ok, e = pcall(floe.report, '/no/such/folder/run.html') print(ok, e.code)"])
        #expect(fromLua.stdout == "false\tFileError\n")
    }
}
