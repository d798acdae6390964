@testable import FloeReport
@testable import LuaHost
import Clock
import FloeTestSupport
import Foundation
import Testing

/// One way to write a time wherever a person reads one (issue 13, finding 3): the status
/// log at the prompt, the terminal timeline, the report and `floe.time_text` agree.
@Suite struct TimeFormatTests {
    @Test func pointsAndStretchesOfTime() {
        #expect(TimeText.point(0) == "2026-01-01 00:00:00")
        #expect(TimeText.point(97_380) == "2026-01-02 03:03:00")
        #expect(TimeText.point(630.25) == "2026-01-01 00:10:30.25")
        #expect(TimeText.point(59 * 86400) == "2026-03-01 00:00:00")
        #expect(TimeText.point(365 * 86400 + 1) == "2027-01-01 00:00:01")
        #expect(TimeText.label(86400, interval: 21600) == "01-02")
        #expect(TimeText.label(97_200, interval: 3600) == "03:00")
        #expect(TimeText.label(97_215, interval: 15) == "03:00:15")
        #expect(TimeText.duration(0) == "0s")
        #expect(TimeText.duration(0.25) == "250ms")
        #expect(TimeText.duration(2.5) == "2.5s")
        #expect(TimeText.duration(3630) == "1h 30s")
        #expect(TimeText.duration(2 * 86400 + 3 * 3600 + 300) == "2d 3h 5m")
    }

    @Test func theLogTheTimelineAndThePageWriteTheSameTime() throws {
        let runtime = try makeRuntime()
        let job = Repository.path("scripts/jobs/running-sums.lua")
        try runtime.run("""
            app = floe.create_application{ name = "sums", code = '\(job)', parallelism = 1,
              properties = { numbers = { count = "100000", rate = "100" } } }
            floe.sleep(97200 - floe.now())   -- day 2, 03:00
            app:start()
            app:wait("RUNNING")
            said = floe.time_text(97200)
            """)
        let said = try runtime.value("return said").stringValue
        #expect(said == "2026-01-02 03:00:00")
        let log = try runtime.statusLogLines()
        #expect(log.contains { $0.hasPrefix("2026-01-02 03:00:00  sums v1  application: READY -> STARTING") }, "\(log)")
        let timeline = TimelineText.render(runtime.timelines(), from: 0, to: runtime.clock.now.seconds, width: 80, colour: .none)
        #expect(timeline.hasPrefix("timeline 2026-01-01 00:00:00 → 2026-01-02 03:00:30"), "\(timeline)")
        #expect(timeline.contains("^01-02"), "\(timeline)")
        let folder = try TemporaryDirectory()
        let page = folder.url.appendingPathComponent("run.html").path
        try runtime.writeReport(to: page)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("<td class=\"time\">2026-01-02 03:00:00</td>"))
        for line in log {
            #expect(html.contains("<td class=\"time\">\(line.prefix(19))</td>"), "\(line)")
        }
    }
}
