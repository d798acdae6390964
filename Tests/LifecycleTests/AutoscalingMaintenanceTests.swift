import Clock
import Foundation
import JobRuntime
import Lifecycle
import Testing

/// The service's own actions: autoscaling by its CPU rule and maintenance in the window,
/// each decided by a policy behind its seam.
@Suite struct AutoscalingMaintenanceTests {
    func engine() -> (LifecycleEngine, VirtualClock) {
        let clock = VirtualClock()
        // Coarse data-plane steps: days pass in these tests.
        return (LifecycleEngine.forTests(clock: clock, stepSeconds: 30), clock)
    }

    func running(_ engine: LifecycleEngine, _ clock: VirtualClock, code: String, parallelism: Int = 1,
                 perKPU: Int = 1, autoscaling: Bool = true) throws -> Application {
        var configuration = ApplicationConfiguration(code: code)
        configuration.parallelism = parallelism
        configuration.parallelismPerKPU = perKPU
        configuration.autoScalingEnabled = autoscaling
        let app = try engine.createForTests("app", configuration)
        try engine.startApplication("app")
        _ = clock.advance(bySeconds: 31)
        #expect(app.status == .running)
        return app
    }

    /// When the application entered `status`, by its log.
    func entered(_ engine: LifecycleEngine, _ status: ApplicationStatus) -> [Double] {
        engine.statusLog.filter { $0.subject == .application && $0.to == status.rawValue }.map(\.time)
    }

    @Test func aBusyApplicationDoublesAfterFifteenMinutesAndKeepsItsVersion() throws {
        let (engine, clock) = engine()
        let app = try running(engine, clock, code: "busy.lua")
        _ = clock.advance(bySeconds: 60)
        #expect(abs(engine.cpuUtilization(of: app) - 90) < 0.1)
        _ = clock.advance(bySeconds: 1500)
        // The minute ticks from the first RUNNING (30 s) on: the 15th high minute is at 930.
        #expect(entered(engine, .autoscaling) == [930])
        #expect(app.status == .running && app.currentParallelism == 2 && app.versionId == 1)
        #expect(app.configuration.parallelism == 1)
        #expect(app.operations.map(\.operation) == ["StartApplication", "ScaleUp"])
        #expect(app.operations.last?.status == .successful)
        #expect(app.snapshots.filter(\.isSystem).count == 1, "scaling takes a system snapshot")
        #expect((app.job as? JobManager)?.graph.parallelism == 2)
        // The load is shared (how evenly depends on where the 16 keys' groups fall): under 75 %.
        #expect((1..<75).contains(engine.cpuUtilization(of: app)))
    }

    @Test func scalingStopsAtTheKPULimitAndNeedsAutoscalingOn() throws {
        let (engine, clock) = engine()
        engine.settings.maxKPUs = 2
        let app = try running(engine, clock, code: "busy.lua", parallelism: 2)
        #expect(throws: LifecycleError.self) { try engine.scaleApplication("app", to: 3) }
        _ = clock.advance(bySeconds: 3 * 3600)
        #expect(app.currentParallelism == 2 && entered(engine, .autoscaling).isEmpty)

        let (other, otherClock) = self.engine()
        let off = try running(other, otherClock, code: "busy.lua", autoscaling: false)
        _ = otherClock.advance(bySeconds: 3600)
        #expect(off.currentParallelism == 1 && entered(other, .autoscaling).isEmpty)
    }

    @Test func anIdleApplicationHalvesAfterSixHoursButNotBelowItsParallelism() throws {
        let (engine, clock) = engine()
        let app = try running(engine, clock, code: "idle.lua", parallelism: 2)
        try engine.scaleApplication("app", to: 8)
        _ = clock.advance(bySeconds: 120)
        #expect(app.status == .running && app.currentParallelism == 8)
        _ = clock.advance(bySeconds: 20 * 3600)
        #expect(app.operations.map(\.operation) == ["StartApplication", "ScaleUp", "ScaleDown", "ScaleDown"])
        #expect(app.currentParallelism == 2)
        let downs = entered(engine, .autoscaling).dropFirst()
        #expect(downs.count == 2 && downs.last! - downs.first! >= 6 * 3600)
    }

    @Test func autoscalingAllowsOnlyAForcedStopOrARollback() throws {
        let (engine, clock) = engine()
        let app = try running(engine, clock, code: "idle.lua")
        try engine.scaleApplication("app", to: 2)
        #expect(app.status == .autoscaling)
        #expect(throws: LifecycleError.self) { try engine.updateMaintenanceConfiguration("app", windowStart: "01:00") }
        try engine.stopApplication("app", force: true)
        _ = clock.advance(bySeconds: 10)
        #expect(app.status == .ready)
        #expect(app.operations.first { $0.operation == "ScaleUp" }?.status == .cancelled)
    }

    @Test func maintenanceComesInTheWindowAfterTheIntervalAndRestartsTheJob() throws {
        let (engine, clock) = engine()
        engine.settings.maintenanceInterval = 86_400
        let app = try running(engine, clock, code: "idle.lua")
        let job = try #require(app.job)
        _ = clock.advance(bySeconds: 2 * 86_400)
        // The clock's zero is midnight UTC; a patch comes each day at midnight and waits for
        // the window, 03:00: the first minute tick (every minute from 30 s on) after 27 h.
        #expect(entered(engine, .maintenance) == [97_230])
        #expect(app.status == .running && app.job === job)
        #expect(job.metrics.numRestarts == 1, "maintenance restarts the job (fullRestarts)")
        #expect(app.operations.map(\.operation) == ["StartApplication", "ApplicationMaintenance"])
        let maintenance = try #require(app.operations.last)
        #expect(maintenance.status == .successful && maintenance.endTime! - maintenance.startTime >= 20)
        #expect(app.versionId == 1)
    }

    @Test func movingTheWindowMovesTheMaintenance() throws {
        let (engine, clock) = engine()
        engine.settings.maintenanceInterval = 86_400
        _ = try running(engine, clock, code: "idle.lua")
        try engine.updateMaintenanceConfiguration("app", windowStart: "22:30")
        _ = clock.advance(bySeconds: 2 * 86_400)
        // 22:30–06:30: each day's patch comes at midnight, inside the window.
        #expect(entered(engine, .maintenance) == [86_430, 172_830])
    }

    @Test func aJobThatCannotComeBackFromMaintenanceEndsReady() throws {
        let (engine, clock) = engine()
        var none = ApplicationUpdate()
        none.restartStrategy = ["restart-strategy.type": "none"]
        let app = try running(engine, clock, code: "idle.lua")
        try engine.stopApplication("app")
        _ = clock.advance(bySeconds: 120)
        try engine.updateApplication("app", update: none)
        _ = clock.advance(bySeconds: 30)
        try engine.startApplication("app")
        _ = clock.advance(bySeconds: 31)
        try engine.performMaintenance("app")
        _ = clock.advance(bySeconds: 60)
        #expect(app.status == .ready)
        #expect(app.operations.last?.status == .failed)
    }

    /// A policy behind the seam decides instead of the service's rule.
    @Test func aPolicyTakesTheRulesPlace() throws {
        final class Always3: AutoscalingPolicy {
            func parallelism(for app: Application, input: ScalingInput) -> Int? { 3 }
        }
        final class Never: MaintenancePolicy {
            func decide(_ app: Application, input: MaintenanceInput) -> MaintenanceDecision { .skip }
        }
        let (engine, clock) = engine()
        engine.autoscalingPolicy = Always3()
        engine.maintenancePolicy = Never()
        engine.settings.maintenanceInterval = 3600
        let app = try running(engine, clock, code: "idle.lua")
        _ = clock.advance(bySeconds: 86_400)
        #expect(app.currentParallelism == 3 && entered(engine, .autoscaling).count == 1 && entered(engine, .maintenance).isEmpty)
        #expect(engine.statusLog.filter { $0.subject == .maintenance && $0.to == "SKIPPED" }.count == 24)
    }
}
