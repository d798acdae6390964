@testable import FloeReport
@testable import LuaHost
@testable import Lifecycle
import Foundation
import Testing

/// The terminal timeline's lanes, from a status log made by hand.
@Suite struct TimelineTextTests {
    func entry(_ time: Double, _ subject: StatusSubject, _ from: String, _ to: String) -> StatusLogEntry {
        StatusLogEntry(time: time, application: "orders", version: 1, subject: subject, from: from, to: to, cause: nil)
    }

    @Test func steadyCheckpointsDrawALineAndARealGapStaysBlank() {
        let log = [entry(0, .application, "", "READY"), entry(0, .application, "READY", "STARTING"),
                   entry(30, .application, "STARTING", "RUNNING")]
        // A checkpoint a minute for ten minutes, none for twenty, then a minute again.
        var checkpoints = RunRecord.Checkpoints()
        checkpoints.completed = (1...10).map { Float($0 * 60) } + (30...40).map { Float($0 * 60) }
        let timeline = Timeline(application: "orders", log: log, checkpoints: checkpoints, end: 2400)
        // 80 columns of 30 s: narrower than the checkpoint interval.
        let text = TimelineText.render([timeline], from: 0, to: 2400, width: 13 + 80, colour: .none)
        let lane = text.split(separator: "\n").first { $0.contains(" ckpt ") }.map { String($0.dropFirst(13)) } ?? ""
        #expect(lane.count == 80)
        let steadyFirst = lane.dropFirst(2).prefix(18), gap = lane.dropFirst(21).prefix(38), steadyAfter = lane.dropFirst(60).prefix(20)
        #expect(steadyFirst.allSatisfy { $0 == "|" }, "\(lane)")
        #expect(gap.allSatisfy { $0 == " " }, "\(lane)")
        #expect(steadyAfter.allSatisfy { $0 == "|" }, "\(lane)")
    }

    /// The issue's 22-hour run: a start, an update, a failed update and a rollback within
    /// 43 s, and a maintenance whose job restarts, all in the first column or so.
    func crowded() -> Timeline {
        func cause(_ e: StatusLogEntry, _ c: String) -> StatusLogEntry {
            StatusLogEntry(time: e.time, application: e.application, version: e.version, subject: e.subject, from: e.from, to: e.to, cause: c)
        }
        let log = [
            entry(0, .application, "", "READY"), entry(630, .application, "READY", "STARTING"),
            entry(640, .job, "", "INITIALIZING"), entry(640, .job, "INITIALIZING", "RUNNING"),
            entry(650, .application, "STARTING", "RUNNING"),
            entry(655, .application, "RUNNING", "UPDATING"), entry(660, .application, "UPDATING", "RUNNING"),
            entry(665, .application, "RUNNING", "UPDATING"), cause(entry(668, .job, "RUNNING", "FAILED"), "boom"),
            entry(670, .application, "UPDATING", "ROLLING_BACK"), entry(673, .application, "ROLLING_BACK", "RUNNING"),
            entry(700, .application, "RUNNING", "MAINTENANCE"), entry(700, .job, "FAILED", "RESTARTING"),
            entry(702, .job, "RESTARTING", "RUNNING"), entry(720, .application, "MAINTENANCE", "RUNNING"),
        ]
        return Timeline(application: "orders", log: log, checkpoints: RunRecord.Checkpoints(), end: 22 * 3600)
    }

    @Test(arguments: [20, 80, 500])
    func everyMarkOfACrowdedColumnShows(width: Int) {
        let timeline = crowded()
        let text = TimelineText.render([timeline], from: 0, to: 22 * 3600, width: width, colour: .none)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.firstIndex(where: { $0.contains(" marks ") }) else {
            Issue.record("no marks lane:\n\(text)")
            return
        }
        let rows = lines[first...].prefix { !$0.contains(" time ") }
        let labels = lines[first].distance(from: lines[first].startIndex, to: lines[first].range(of: " marks ")!.upperBound)
        let drawn = Set(rows.flatMap { $0.dropFirst(labels) })
        for kind in [Timeline.MarkKind.update, .failure, .rollback, .maintenance, .restart] {
            #expect(drawn.contains(kind.symbol), "\(kind) at \(width) columns:\n\(text)")
        }
        #expect(lines.allSatisfy { $0.count <= max(20, width) }, "\(text)")
        let legend = lines.drop { !$0.hasPrefix("marks:") }.joined(separator: " ")
        #expect(legend.contains("M maintenance") && legend.contains("U update") && legend.contains("B rollback"), "\(text)")
    }

    @Test func theTerminalPaintsEachStatusInThePagesColour() {
        let text = TimelineText.render([crowded()], from: 0, to: 3600, width: 80, colour: .xterm256)
        for status in ["RUNNING", "UPDATING", "ROLLING_BACK", "MAINTENANCE"] {
            #expect(text.contains("38;5;\(Palette.xterm256(Palette.status[status]!))m"), "\(status)")
        }
    }

    @Test func aDeletedApplicationsJobEndsWithIt() {
        let log = [entry(0, .application, "", "READY"), entry(0, .application, "READY", "STARTING"),
                   entry(1, .job, "INITIALIZING", "RUNNING"), entry(30, .application, "STARTING", "RUNNING"),
                   entry(100, .job, "RUNNING", "CANCELED"), entry(100, .application, "RUNNING", "DELETING"),
                   entry(110, .application, "DELETING", "DELETED")]
        let timeline = Timeline(application: "orders", log: log, checkpoints: RunRecord.Checkpoints(), end: 1000)
        #expect(timeline.job.last == Timeline.Span(start: 100, end: 110, status: "CANCELED"), "\(timeline.job)")
    }
}
