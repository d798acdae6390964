@testable import LuaHost
@testable import Lifecycle
import Testing

/// The terminal timeline's lanes, from a status log made by hand.
@Suite struct TimelineTextTests {
    func entry(_ time: Double, _ subject: String, _ from: String, _ to: String) -> StatusLogEntry {
        StatusLogEntry(time: time, application: "orders", version: 1, subject: subject, from: from, to: to, cause: nil)
    }

    @Test func steadyCheckpointsDrawALineAndARealGapStaysBlank() {
        let log = [entry(0, "application", "", "READY"), entry(0, "application", "READY", "STARTING"),
                   entry(30, "application", "STARTING", "RUNNING")]
        // A checkpoint a minute for ten minutes, none for twenty, then a minute again.
        var checkpoints = RunRecord.Checkpoints()
        checkpoints.completed = (1...10).map { Float($0 * 60) } + (30...40).map { Float($0 * 60) }
        let timeline = Timeline(application: "orders", log: log, checkpoints: checkpoints, end: 2400)
        // 80 columns of 30 s: narrower than the checkpoint interval.
        let text = TimelineText.render([timeline], from: 0, to: 2400, width: 13 + 80, colour: false)
        let lane = text.split(separator: "\n").first { $0.contains(" ckpt ") }.map { String($0.dropFirst(13)) } ?? ""
        #expect(lane.count == 80)
        let steadyFirst = lane.dropFirst(2).prefix(18), gap = lane.dropFirst(21).prefix(38), steadyAfter = lane.dropFirst(60).prefix(20)
        #expect(steadyFirst.allSatisfy { $0 == "|" }, "\(lane)")
        #expect(gap.allSatisfy { $0 == " " }, "\(lane)")
        #expect(steadyAfter.allSatisfy { $0 == "|" }, "\(lane)")
    }
}
