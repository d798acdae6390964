import Clock
import Foundation
import JobRuntime
import Lifecycle
import Testing

/// The status × operation matrix walked with the real engine: the application is brought
/// into each status an application can be in (the service's own AUTOSCALING and MAINTENANCE
/// through the engine's scaling and maintenance actions), every action is tried, and the outcome
/// (allowed or refused with ResourceInUseException) and the status after are checked
/// against the spec's table, typed in here again.
@Suite struct MatrixWalkTests {
    /// The spec's rows (Start, Stop, Stop Force, Update, Rollback, Delete, CreateSnap, UpdMaint).
    static let spec: [ApplicationStatus: String] = [
        .ready: "Y N N Y N Y N Y", .starting: "N N Y N N N N N", .running: "N Y Y Y Y Y Y Y",
        .updating: "N N Y N Y N N N", .stopping: "N N Y N N N N N", .forceStopping: "N N N N N N N N",
        .rollingBack: "N N N N N N N N", .deleting: "N N N N N N N N",
        .autoscaling: "N N Y N Y N N N", .maintenance: "N N N N N N N N",
    ]
    static let actions: [LifecycleAction] = [.start, .stop, .forceStop, .update, .rollback, .delete, .createSnapshot, .updateMaintenance]

    /// The status an allowed action leaves the application in at once.
    static let after: [LifecycleAction: ApplicationStatus?] = [
        .start: .starting, .stop: .stopping, .forceStop: .forceStopping, .update: .updating,
        .rollback: .rollingBack, .delete: .deleting, .createSnapshot: nil, .updateMaintenance: nil,
    ]

    func engine() -> (LifecycleEngine, VirtualClock) {
        let clock = VirtualClock()
        return (LifecycleEngine.forTests(clock: clock), clock)
    }

    /// A fresh application brought into `status` (at version 2 and with a READY snapshot
    /// whenever it has run, so that a rollback is possible where the status allows it).
    func application(in status: ApplicationStatus) throws -> (LifecycleEngine, Application) {
        let (engine, clock) = engine()
        let app = try engine.createForTests("walk", ApplicationConfiguration(code: "orders.lua"))
        /// RUNNING at version 2 (so there is a version to roll back to), with a snapshot.
        func run() throws {
            var first = ApplicationUpdate()
            first.parallelism = 1
            try engine.updateApplication("walk", update: first)
            _ = clock.advance(bySeconds: 30)
            try engine.startApplication("walk")
            _ = clock.advance(bySeconds: 40)
            try engine.createApplicationSnapshot("walk", snapshotName: "base")
            _ = clock.advance(bySeconds: 5)
        }
        var update = ApplicationUpdate()
        update.parallelism = 2
        switch status {
        case .ready: break
        case .starting: try engine.startApplication("walk")
        case .running: try run()
        case .updating:
            try run()
            try engine.updateApplication("walk", update: update)
        case .stopping:
            try run()
            try engine.stopApplication("walk")
        case .forceStopping:
            try run()
            try engine.stopApplication("walk", force: true)
        case .rollingBack:
            try run()
            try engine.updateApplication("walk", update: update)
            _ = clock.advance(bySeconds: 60)
            try engine.rollbackApplication("walk", currentVersionId: app.versionId)
        case .deleting: try engine.deleteApplication("walk")
        case .autoscaling:
            try run()
            try engine.scaleApplication("walk", to: 2)
        case .maintenance:
            try run()
            try engine.performMaintenance("walk")
        default: Issue.record("the engine does not reach \(status) yet")
        }
        #expect(app.status == status)
        return (engine, app)
    }

    func attempt(_ action: LifecycleAction, _ engine: LifecycleEngine, _ app: Application) throws(LifecycleError) {
        var update = ApplicationUpdate()
        update.parallelism = 3
        switch action {
        case .start: try engine.startApplication("walk")
        case .stop: try engine.stopApplication("walk")
        case .forceStop: try engine.stopApplication("walk", force: true)
        case .update: try engine.updateApplication("walk", update: update)
        case .rollback: try engine.rollbackApplication("walk", currentVersionId: app.versionId)
        case .delete: try engine.deleteApplication("walk")
        case .createSnapshot: try engine.createApplicationSnapshot("walk", snapshotName: "walk-snapshot")
        case .updateMaintenance: try engine.updateMaintenanceConfiguration("walk", windowStart: "22:30")
        }
    }

    @Test(arguments: Array(spec.keys))
    func everyActionInThisStatusIsAllowedOrRefusedAsTheSpecSays(_ status: ApplicationStatus) throws {
        let cells = Self.spec[status]!.split(separator: " ").map { $0 == "Y" }
        for (action, allowed) in zip(Self.actions, cells) {
            let (engine, app) = try application(in: status)
            let version = app.versionId
            let log = engine.statusLog.count
            do throws(LifecycleError) {
                try attempt(action, engine, app)
                #expect(allowed, "\(status.rawValue) × \(action.rawValue) should be refused")
                #expect(app.status == (Self.after[action]! ?? status), "\(status.rawValue) × \(action.rawValue)")
            } catch {
                #expect(!allowed, "\(status.rawValue) × \(action.rawValue) should be allowed: \(error)")
                #expect(error.code == .resourceInUse, "\(status.rawValue) × \(action.rawValue): \(error)")
                #expect(app.status == status && app.versionId == version && engine.statusLog.count == log,
                        "a refusal changed something: \(status.rawValue) × \(action.rawValue)")
            }
        }
    }

    @Test func theMaintenanceWindowIsEightHoursAndValidated() throws {
        let (engine, _) = try application(in: .ready)
        #expect(try engine.updateMaintenanceConfiguration("walk", windowStart: "22:30") == ("22:30", "06:30"))
        #expect(throws: LifecycleError(.invalidArgument, "ApplicationMaintenanceWindowStartTimeUpdate must be HH:MM (00:00 to 23:59); got '24:00'.")) {
            try engine.updateMaintenanceConfiguration("walk", windowStart: "24:00")
        }
    }
}
