import Clock
import Foundation
import JobRuntime
import Lifecycle
import Testing

/// An engine restored from what a registry kept (a server stopped or killed), one status at
/// a time: what comes back, which way a transition under way resolves, and what the status
/// log says (the table in Recovery.swift).
@Suite struct RecoveryTests {
    let loader = GraphLoader()
    let clock = VirtualClock()
    let engine: LifecycleEngine

    init() {
        engine = LifecycleEngine.forTests(clock: clock, loader: loader)
        engine.jobDefaults.durableState = true  // checkpoints on disk, as under a --state-dir
    }

    func advance(_ seconds: Double, _ clock: VirtualClock? = nil) { _ = (clock ?? self.clock).advance(bySeconds: seconds) }

    /// The registry as a store would have written it now, restored into a new engine on a
    /// new clock at the same time, with the same state folder.
    func restarted(_ given: LifecycleEngine? = nil, _ givenClock: VirtualClock? = nil) -> (engine: LifecycleEngine, clock: VirtualClock, said: [String]) {
        let engine = given ?? self.engine, clock = givenClock ?? self.clock
        let state = RegistryState(applications: engine.applicationsByName.values.map(\.record).sorted { $0.name < $1.name },
                                  statusLog: engine.statusLog, counters: engine.counters, clockSeconds: clock.now.seconds)
        engine.close()
        let next = VirtualClock(start: clock.now)
        let restored = LifecycleEngine(clock: next, backend: EmbeddedJobBackend(clock: next), codeLoader: loader, jobDefaults: engine.jobDefaults)
        let said = restored.restore(state, reason: "floe restarted")
        return (restored, next, said)
    }

    func create(_ name: String = "orders", code: String = "sums.lua") throws {
        var configuration = ApplicationConfiguration(code: code)
        configuration.checkpointIntervalMs = 10_000
        configuration.checkpointConfigurationType = .custom
        try engine.createForTests(name, configuration)
    }

    func lastCause(_ engine: LifecycleEngine) -> String? { engine.statusLog.last { $0.subject == .application }?.cause }

    @Test func aRunningApplicationRunsAgainFromItsLatestCheckpointCountingNothingTwice() throws {
        try create()
        try engine.startApplication("orders")
        advance(30 + 45)
        let oldJob = try #require(engine.application("orders").job?.jobID)
        let (restored, next, said) = restarted()
        #expect(said == ["orders: RUNNING, the job from checkpoint chk-7 of job \(oldJob.prefix(8))"])
        let app = try restored.application("orders")
        #expect(app.status == .running)
        #expect(restored.statusLog.last { $0.subject == .application }?.cause == "floe restarted: the job starts again from checkpoint chk-7 of job \(oldJob.prefix(8))")
        advance(60, next)
        #expect(app.job?.status == .running)
        #expect(app.job?.jobID != oldJob, "a new job id: the backend counts on from the old one's submissions")
        try restored.stopApplication("orders", force: true)
        advance(10, next)
        var last: [Value: Int64] = [:]
        for case .list(let pair) in loader.collector.values { if case .int(let s) = pair[1] { last[pair[0]] = s } }
        let total = last.values.reduce(0, +)
        let n = Int64((sqrt(Double(8 * total + 1)) - 1) / 2)
        #expect(n > 100 * (70 + 60 - 5), "the numbers of both runs: the second went on from the first's checkpoint")
        #expect(n * (n + 1) / 2 == total, "every number counted once across the restart")
    }

    /// Restarted again before the relaunched job wrote a checkpoint of its own, the job
    /// starts from the same checkpoint once more, not from empty state.
    @Test func aSecondRestartBeforeAnyNewCheckpointStartsFromTheSameOne() throws {
        try create()
        try engine.startApplication("orders")
        advance(30 + 45)
        let oldJob = try #require(engine.application("orders").job?.jobID)
        let (once, onceClock, _) = restarted()
        let (twice, _, said) = restarted(once, onceClock)
        #expect(said == ["orders: RUNNING, the job from checkpoint chk-7 of job \(oldJob.prefix(8))"])
        #expect(lastCause(twice) == "floe restarted: the job starts again from checkpoint chk-7 of job \(oldJob.prefix(8))")
    }

    @Test func aStartUnderWayGoesOnAndEndsRunningWithItsOperationSuccessful() throws {
        try create()
        let start = try engine.startApplication("orders")
        advance(10)
        let job = try #require(engine.application("orders").job?.jobID)
        let (restored, next, said) = restarted()
        #expect(said == ["orders: STARTING, the job from checkpoint chk-1 of job \(job.prefix(8))"])
        let app = try restored.application("orders")
        #expect(app.status == .starting)
        advance(30, next)
        #expect(app.status == .running)
        #expect(lastCause(restored) == "the job is RUNNING")
        #expect(app.operations.first { $0.id == start }?.status == .successful)
    }

    @Test func anUpdateOfARunningApplicationGoesOnOnTheNewVersion() throws {
        try create()
        try engine.startApplication("orders")
        advance(40)
        var update = ApplicationUpdate()
        update.parallelism = 2
        let operation = try engine.updateApplication("orders", update: update)
        let (restored, next, _) = restarted()
        let app = try restored.application("orders")
        #expect(app.status == .updating && app.versionId == 2)
        advance(60, next)
        #expect(app.status == .running && app.currentParallelism == 2)
        #expect(app.operations.first { $0.id == operation }?.status == .successful)
    }

    @Test func anUpdateOfAReadyApplicationEndsReadyOnTheNewVersion() throws {
        try create()
        var update = ApplicationUpdate()
        update.parallelism = 3
        try engine.updateApplication("orders", update: update)
        let (restored, _, said) = restarted()
        let app = try restored.application("orders")
        #expect(said == ["orders: READY on version 2"])
        #expect(app.status == .ready && app.operations.last?.status == .successful)
        #expect(lastCause(restored) == "floe restarted while UPDATING: updated to version 2")
    }

    @Test(arguments: [false, true])
    func aStopUnderWayEndsReady(force: Bool) throws {
        try create()
        try engine.startApplication("orders")
        advance(60)
        try engine.stopApplication("orders", force: force)
        let (restored, _, said) = restarted()
        let app = try restored.application("orders")
        #expect(said == ["orders: READY (stopped)"])
        #expect(app.status == .ready && app.job == nil)
        #expect(app.operations.last?.status == .successful)
        #expect(lastCause(restored) == "floe restarted while \(force ? "FORCE_STOPPING" : "STOPPING"): the stop is done")
        // The stop's snapshot had not been written: it is FAILED, and a start goes on without it.
        #expect(app.snapshots.allSatisfy { $0.status != .creating })
    }

    @Test func aDeleteUnderWayEndsDeleted() throws {
        try create()
        try engine.deleteApplication("orders")
        let (restored, _, said) = restarted()
        #expect(said == ["orders: deleted"])
        #expect(restored.applicationNames.isEmpty)
        #expect(restored.statusLog.last?.to == "DELETED")
    }

    @Test func whatWasToldComesBackWithTheCountersGoingOn() throws {
        try create()
        try create("payments")
        try engine.startApplication("orders")
        advance(40)
        try engine.createApplicationSnapshot("orders", snapshotName: "nightly")
        advance(10)
        try engine.tagResource(arn: engine.application("orders").arn, tags: [(key: "team", value: "data")])
        let before = try engine.application("orders").record
        let log = engine.statusLog
        let (restored, next, _) = restarted()
        let app = try restored.application("orders")
        var after = app.record
        after.jobID = before.jobID  // a new job, started from the old one's checkpoint
        after.jobRestoredFrom = before.jobRestoredFrom
        #expect(after == before, "versions, snapshots, operations, tags, configuration as they were")
        #expect(Array(restored.statusLog.prefix(log.count)) == log)
        #expect(try restored.application("payments").status == .ready)
        let operation = try restored.startApplication("payments")
        #expect(Int(operation, radix: 16) == Int(try #require(before.operations.last?.id), radix: 16)! + 1, "operation ids go on")
        advance(31, next)
        #expect(try restored.application("payments").status == .running)
    }
}
