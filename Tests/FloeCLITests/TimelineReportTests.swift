import FloeTestSupport
import Foundation
import Testing

/// Seeing what happened: `floe.timeline` in the terminal, `--report` and `floe.report` as a page.
@Suite struct TimelineReportTests {
    @Test func theTimelineDrawsStatusesCheckpointsAndMarks() throws {
        let result = try FloeExecutable.run(["run", "scripts/timeline.lua"], in: Repository.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            timeline 0s → 1h 31m, a column every 1m 33s
            orders app   s======================================u==================p
                   job   ===================r=======================================
                   ckpt  |||||||||||||||||||||||||||||||||||||||||||||||||||||||||||
                   marks                    R                   U                  o
                   time  ^0s                ^30m               ^1h                  
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

    @Test func theReportShowsEveryStatusTheScenarioWentThrough() throws {
        let dir = try TemporaryDirectory()
        let page = dir.url.appendingPathComponent("run.html").path
        let log = dir.url.appendingPathComponent("run.jsonl").path
        let result = try FloeExecutable.run(["--report", page, "--log", log, "run", "scripts/timeline.lua"], in: Repository.root)
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(!html.contains("<script"), "self-contained and static")
        // Every application and job status in the status log is drawn.
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        var statuses: Set<String> = []
        for line in lines where line.contains("\"subject\":\"application\"") || line.contains("\"subject\":\"job\"") {
            for key in ["\"from\":\"", "\"to\":\""] {
                guard let start = line.range(of: key) else { continue }
                let status = line[start.upperBound...].prefix { $0 != "\"" }
                if !status.isEmpty { statuses.insert(String(status)) }
            }
        }
        #expect(statuses.isSuperset(of: ["READY", "STARTING", "RUNNING", "UPDATING", "STOPPING", "RESTARTING", "INITIALIZING"]))
        for status in statuses {
            #expect(html.contains("data-status=\"\(status)\""), "\(status) is drawn")
        }
        // The status log as a table: a row per entry, and the throughput chart.
        #expect(html.components(separatedBy: "<tr><td>").count - 1 == lines.count)
        #expect(html.contains("records in / s"))
        #expect(html.components(separatedBy: "<svg").count == html.components(separatedBy: "</svg>").count)
    }

    @Test func aReportPathThatCannotBeWrittenIsSaidAndTheRunGoesOn() throws {
        let result = try FloeExecutable.run(["--report", "/no/such/folder/run.html", "-e", "print('ran')"])
        #expect(result.status == 0)
        #expect(result.stdout == "ran\n")
        #expect(result.stderr == "floe: cannot write the report to /no/such/folder/run.html: No such file or directory (the run goes on without it)\n")
        let fromLua = try FloeExecutable.run(["-e", "local ok, e = pcall(floe.report, '/no/such/folder/run.html') print(ok, e.code)"])
        #expect(fromLua.stdout == "false\tFileError\n")
    }
}
