import Clock
import Foundation
import JobRuntime
import Lifecycle
import Testing

/// Job graphs made in Swift for the engine's tests (the Lua job scripts' loader is LuaHost's).
final class GraphLoader: CodeLoader {
    let collector = Collector()

    func exists(_ code: String) -> Bool { code != "missing.lua" }

    func graph(for application: String, configuration: ApplicationConfiguration) throws(LifecycleError) -> JobGraph {
        var graph = JobGraph(name: application, parallelism: configuration.parallelism)
        switch configuration.code {
        case "broken.lua":
            throw LifecycleError(.codeValidation, "broken.lua:1: unexpected symbol near '='")
        case "batch.lua":
            graph.add(.sink(.collect(collector)), input: graph.add(.source(.sequence(from: 1, to: 100), rate: nil)))
        case "busy.lua":  // 10 records a second, 0.09 CPU-seconds each: 90 % busy at parallelism 1
            let source = graph.add(.source(.sequence(from: 1, to: 1_000_000_000), rate: 10), uid: "numbers")
            let counts = graph.add(.aggregate(Aggregation(.count)), input: graph.add(.keyBy(.modulo(16)), input: source),
                                   uid: "counts", costPerRecord: 0.09)
            graph.add(.sink(.discard), input: counts)
        case "idle.lua":  // a record a second: days pass quickly
            let source = graph.add(.source(.sequence(from: 1, to: 1_000_000_000), rate: 1), uid: "numbers")
            graph.add(.sink(.discard), input: graph.add(.aggregate(Aggregation(.count)), input: graph.add(.keyBy(.modulo(16)), input: source), uid: "counts"))
        case "failing.lua":
            let source = graph.add(.source(.sequence(from: 1, to: 1_000_000), rate: 10))
            let fails: @Sendable (Value) throws(JobError) -> Value = { _ throws(JobError) in throw JobError(code: "IllegalStateException", message: "always") }
            let map = graph.add(.map(SwiftFunction("fails", fails)), input: source)
            graph.add(.sink(.discard), input: map)
        default:  // numbers at 100 a second (for ever, in practice), a running sum per key n % 5
            let source = graph.add(.source(.sequence(from: 1, to: 1_000_000_000_000), rate: 100), uid: "numbers")
            let pairs = graph.add(.map(SwiftFunction("pair") { v in
                guard case .int(let n) = v else { return .nil }
                return .list([.int(n % 5), .int(n)])
            }), input: source)
            let sums = graph.add(.aggregate(Aggregation(.sum, field: .index(2))), input: graph.add(.keyBy(.field(.index(1))), input: pairs), uid: "sums")
            graph.add(.sink(.collect(collector)), input: sums)
        }
        return graph
    }
}

@Suite struct EngineTests {
    let clock = VirtualClock()
    let loader = GraphLoader()
    let engine: LifecycleEngine

    init() {
        engine = LifecycleEngine.forTests(clock: clock, loader: loader)
    }

    func create(_ name: String = "orders", code: String = "orders.lua", runtime: String = "FLINK-1_20") throws -> Application {
        try engine.createApplication(CreateApplicationRequest(name: name, runtime: runtime,
                                                              serviceExecutionRole: "arn:aws:iam::123456789012:role/flink",
                                                              configuration: ApplicationConfiguration(code: code)))
    }

    func advance(_ seconds: Double) { _ = clock.advance(bySeconds: seconds) }

    /// The application's own status path.
    func path(_ name: String = "orders") -> [String] {
        engine.statusLog.filter { $0.application == name && $0.subject == .application }.map(\.to)
    }

    @Test func createStartStopAndStartAgainFromTheStopSnapshot() throws {
        let app = try create()
        #expect(app.status == .ready && app.versionId == 1)
        #expect(app.arn == "arn:aws:kinesisanalytics:us-east-1:123456789012:application/orders")
        let start = try engine.startApplication("orders")
        #expect(app.status == .starting)
        advance(29)
        #expect(app.status == .starting)
        advance(1)
        #expect(app.status == .running)
        #expect(app.job?.status == .running)
        #expect(app.operations.first { $0.id == start }?.status == .successful)

        advance(60)
        try engine.stopApplication("orders")
        #expect(app.status == .stopping)
        advance(30)
        #expect(app.status == .ready)
        #expect(app.snapshots.map(\.status) == [.ready])
        #expect(app.snapshots.first?.isSystem == true)
        #expect(app.jobs.last?.status == .finished)  // stopped with a savepoint

        // Start again: the latest snapshot restores the running sums; nothing is counted twice.
        try engine.startApplication("orders")
        advance(30 + 50)
        try engine.stopApplication("orders", force: true)
        advance(10)
        var last: [Value: Int64] = [:]
        for case .list(let pair) in loader.collector.values { if case .int(let s) = pair[1] { last[pair[0]] = s } }
        let total = last.values.reduce(0, +)
        #expect(total > 0)
        // Every number counted once: the sums add up to 1 + 2 + … + n for the n numbers read.
        let n = Int64((sqrt(Double(8 * total + 1)) - 1) / 2)
        #expect(n * (n + 1) / 2 == total)
        #expect(path() == ["READY", "STARTING", "RUNNING", "STOPPING", "READY", "STARTING", "RUNNING", "FORCE_STOPPING", "READY"])
    }

    @Test func aForcedStopEndsAStartThatIsStillStarting() throws {
        let app = try create()
        let start = try engine.startApplication("orders")
        advance(5)
        try engine.stopApplication("orders", force: true)
        advance(60)
        #expect(app.status == .ready)
        #expect(app.operations.first { $0.id == start }?.status == .cancelled)
        #expect(path() == ["READY", "STARTING", "FORCE_STOPPING", "READY"])
    }

    @Test func aStartWithBrokenCodeFailsBackToReady() throws {
        let app = try create(code: "broken.lua")
        let start = try engine.startApplication("orders")
        advance(30)
        #expect(app.status == .ready)
        let operation = try #require(app.operations.first { $0.id == start })
        #expect(operation.status == .failed)
        #expect(operation.errorString == "CodeValidationException: broken.lua:1: unexpected symbol near '='")
    }

    @Test func aBatchApplicationReturnsToReadyWhenItsJobFinishes() throws {
        let app = try create(code: "batch.lua")
        try engine.startApplication("orders")
        advance(30)
        #expect(app.status == .ready)
        #expect(loader.collector.values.count == 100)
        #expect(path() == ["READY", "STARTING", "RUNNING", "READY"])
    }

    @Test func aJobThatKeepsFailingLeavesTheApplicationRunning() throws {
        var request = CreateApplicationRequest(name: "flaky", runtime: "FLINK-1_20", serviceExecutionRole: "arn:aws:iam::1:role/r",
                                               configuration: ApplicationConfiguration(code: "failing.lua"))
        request.configuration.restartStrategy = ["restart-strategy.type": "fixed-delay", "restart-strategy.fixed-delay.attempts": "1000"]
        let app = try engine.createApplication(request)
        try engine.startApplication("flaky")
        advance(120)
        #expect(app.status == .running)
        #expect(app.job?.status == .restarting || app.job?.status == .running)
        #expect(engine.statusLog.contains { $0.subject == .job && $0.to == "RESTARTING" })
    }

    @Test func deleteTakesTheApplicationAndItsSnapshots() throws {
        let app = try create()
        try engine.startApplication("orders")
        advance(40)
        try engine.createApplicationSnapshot("orders", snapshotName: "before-upgrade")
        advance(5)
        let path = try #require(app.snapshots.first?.path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(throws: LifecycleError(.invalidArgument, "CreateTimestamp 1767225699.0 does not match application orders's (1767225600.0).")) {
            try engine.deleteApplication("orders", createTimestamp: 99)
        }
        try engine.deleteApplication("orders", createTimestamp: 0.7)
        #expect(app.status == .deleting)
        advance(10)
        #expect(throws: LifecycleError(.resourceNotFound, "Application orders is not found in account 123456789012.")) {
            try engine.application("orders")
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(engine.statusLog.last?.to == "DELETED")
    }

    @Test func refusedActionsChangeNothing() throws {
        let app = try create()
        let before = engine.statusLog.count
        #expect(throws: LifecycleError.self) { try engine.stopApplication("orders") }
        #expect(throws: LifecycleError.self) { try engine.createApplicationSnapshot("orders", snapshotName: "s") }
        #expect(throws: LifecycleError.self) { try engine.stopApplication("orders", force: true) }
        #expect(app.status == .ready && engine.statusLog.count == before && app.operations.isEmpty)
        try engine.startApplication("orders")
        #expect(throws: LifecycleError(.resourceInUse, "Application orders is in STARTING status; StartApplication is allowed only in READY.")) {
            try engine.startApplication("orders")
        }
    }

    @Test func aRetiredRuntimeCanNoLongerBeStarted() throws {
        engine.settings.allowDeprecatedRuntimes = true
        let app = try create(runtime: "FLINK-1_8")
        engine.settings.allowDeprecatedRuntimes = false
        #expect(throws: LifecycleError(.invalidArgument, "RuntimeEnvironment FLINK-1_8 is retired: applications on it can no longer be started; update to FLINK-1_15 or later.")) {
            try engine.startApplication("orders")
        }
        #expect(app.status == .ready)
    }

    @Test func createValidatesLikeTheService() throws {
        func refusal(_ name: String = "x", runtime: String = "FLINK-1_20", role: String = "arn:aws:iam::1:role/r",
                     code: String = "orders.lua", parallelism: Int = 1) -> LifecycleError? {
            var configuration = ApplicationConfiguration(code: code)
            configuration.parallelism = parallelism
            do {
                try engine.createApplication(CreateApplicationRequest(name: name, runtime: runtime, serviceExecutionRole: role,
                                                                      configuration: configuration))
                return nil
            } catch { return error }
        }
        #expect(refusal("bad name")?.description == "InvalidArgumentException: ApplicationName must be 1 to 128 characters of [a-zA-Z0-9_.-]; got 'bad name'.")
        #expect(refusal(runtime: "FLINK-9_9")?.code == .invalidArgument)
        #expect(refusal(runtime: "FLINK-1_13")?.message == "RuntimeEnvironment FLINK-1_13 is deprecated and cannot be used for new applications; use FLINK-1_15 or later.")
        #expect(refusal(runtime: "SQL-1_0")?.code == .unsupportedOperation)
        #expect(refusal(role: "flink")?.code == .invalidArgument)
        #expect(refusal(code: "missing.lua")?.message.hasPrefix("Please check the role provided or validity of S3 location you provided") == true)
        #expect(refusal(parallelism: 300)?.message == "Parallelism must be between 1 and 256; got 300.")
        #expect(refusal("dup") == nil)
        #expect(refusal("dup")?.description == "ResourceInUseException: Application dup already exists.")
    }
}

@Suite struct UpdateTests {
    let clock = VirtualClock()
    let loader = GraphLoader()
    let engine: LifecycleEngine

    init() {
        engine = LifecycleEngine.forTests(clock: clock, loader: loader)
    }

    func running(rollback: Bool = false) throws -> Application {
        var configuration = ApplicationConfiguration(code: "orders.lua")
        configuration.rollbackEnabled = rollback
        let app = try engine.createForTests("orders", configuration)
        try engine.startApplication("orders")
        _ = clock.advance(bySeconds: 60)
        #expect(app.status == .running)
        return app
    }

    func path() -> [String] {
        engine.statusLog.filter { $0.subject == .application }.map(\.to)
    }

    @Test func updatingAReadyApplicationMakesANewVersion() throws {
        let app = try engine.createApplication(CreateApplicationRequest(name: "orders", runtime: "FLINK-1_20",
                                                                        serviceExecutionRole: "arn:aws:iam::1:role/r",
                                                                        configuration: ApplicationConfiguration(code: "orders.lua")))
        let token = app.conditionalToken
        var update = ApplicationUpdate()
        update.parallelism = 4
        try engine.updateApplication("orders", conditionalToken: token, update: update)
        #expect(app.status == .updating && app.versionId == 2 && app.configuration.parallelism == 4)
        #expect(app.conditionalToken != token)
        _ = clock.advance(bySeconds: 20)
        #expect(app.status == .ready)
        #expect(throws: LifecycleError(.concurrentModification, "Application orders is at version 2, not 1.")) {
            try engine.updateApplication("orders", currentVersionId: 1, update: update)
        }
        #expect(throws: LifecycleError(.concurrentModification, "The ConditionalToken of application orders has changed.")) {
            try engine.updateApplication("orders", conditionalToken: token, update: update)
        }
    }

    @Test func updatingARunningApplicationCarriesItsStateOver() throws {
        let app = try running()
        var update = ApplicationUpdate()
        update.parallelism = 3
        try engine.updateApplication("orders", currentVersionId: 1, update: update)
        #expect(app.status == .updating)
        _ = clock.advance(bySeconds: 60)
        #expect(app.status == .running && app.versionId == 2)
        #expect(app.snapshots.map(\.name) == ["floe-system-update-v2-1"])
        #expect(app.jobs.count == 2 && app.jobs[0].status == .finished)
        // The new job restored the old one's sums: every number counted once.
        _ = clock.advance(bySeconds: 60)
        try engine.stopApplication("orders", force: true)
        var last: [Value: Int64] = [:]
        for case .list(let pair) in loader.collector.values { if case .int(let s) = pair[1] { last[pair[0]] = s } }
        #expect(!last.isEmpty)
        #expect(path() == ["READY", "STARTING", "RUNNING", "UPDATING", "RUNNING", "FORCE_STOPPING"])
    }

    @Test func anUpdateWithBrokenCodeRollsBackWhenRollbackIsEnabled() throws {
        let app = try running(rollback: true)
        var update = ApplicationUpdate()
        update.code = "broken.lua"
        let operation = try engine.updateApplication("orders", update: update)
        _ = clock.advance(bySeconds: 120)
        #expect(app.status == .running)
        #expect(app.versionId == 3 && app.configuration.code == "orders.lua")
        #expect(app.versions.map(\.rolledBack) == [false, true, false])
        #expect(app.versionRolledBackFrom == 2 && app.versionRolledBackTo == 1)
        #expect(app.operations.first { $0.id == operation }?.status == .failed)
        #expect(app.operations.last?.operation == "RollbackApplication" && app.operations.last?.status == .successful)
        #expect(path() == ["READY", "STARTING", "RUNNING", "UPDATING", "ROLLING_BACK", "RUNNING"])
    }

    @Test func anUpdateWithBrokenCodeEndsReadyWithoutRollback() throws {
        let app = try running(rollback: false)
        var update = ApplicationUpdate()
        update.code = "broken.lua"
        try engine.updateApplication("orders", update: update)
        _ = clock.advance(bySeconds: 120)
        #expect(app.status == .ready && app.versionId == 2)
    }

    @Test func aManualRollbackReturnsToThePreviousVersion() throws {
        let app = try running()
        var update = ApplicationUpdate()
        update.parallelism = 2
        try engine.updateApplication("orders", update: update)
        _ = clock.advance(bySeconds: 60)
        #expect(throws: LifecycleError(.concurrentModification, "Application orders is at version 2, not 1.")) {
            try engine.rollbackApplication("orders", currentVersionId: 1)
        }
        try engine.rollbackApplication("orders", currentVersionId: 2)
        #expect(app.status == .rollingBack)
        _ = clock.advance(bySeconds: 60)
        #expect(app.status == .running && app.versionId == 3 && app.configuration.parallelism == 1)
    }

    @Test func rollbackNeedsASnapshot() throws {
        _ = try running()
        #expect(throws: LifecycleError(.invalidRequest, "Application orders has no snapshot to roll back from.")) {
            try engine.rollbackApplication("orders", currentVersionId: 1)
        }
    }
}
