import Clock
import Foundation
import JobRuntime
import Lifecycle
import Testing

/// Seeded random operation sequences (2,000 of them, 24 steps each, each on an
/// application of its own) against an independent model of the spec: a few
/// tables (which status allows what, what an allowed action turns the status into, what
/// it settles into) and the version rules, written here without the engine's code. After
/// every step the engine and the model must agree on status, version and error name.
///
/// Time passes only in two ways: not at all (the next action meets the transient status
/// the last one left) or a long way (every transient status has ended), so the model
/// knows the status exactly.
@Suite struct ModelTests {
    enum Step: CaseIterable { case create, start, stop, forceStop, update, rollback, delete, snapshot, scale, maintain, settle }

    /// The model of one application named "m".
    struct Model {
        var exists = false
        var status = "READY"
        /// Where a transient status ends, once time passes.
        var settlesTo: String?
        var version = 1
        var updatedFrom: Int?
        var readySnapshots = 0
        /// Snapshots started at this instant: READY once time passes, unless the job is cut off first.
        var pendingSnapshots = 0

        static let allows: [String: Set<Step>] = [
            "READY": [.start, .update, .delete],
            "STARTING": [.forceStop],
            "RUNNING": [.stop, .forceStop, .update, .rollback, .delete, .snapshot, .scale, .maintain],
            "UPDATING": [.forceStop, .rollback],
            "AUTOSCALING": [.forceStop, .rollback],
            "STOPPING": [.forceStop],
            "FORCE_STOPPING": [], "ROLLING_BACK": [], "DELETING": [], "MAINTENANCE": [],
        ]

        /// The error name the step must get, or nil when it is carried out.
        mutating func apply(_ step: Step) -> String? {
            if step == .settle {
                if let end = settlesTo { status = end; settlesTo = nil }
                if status == "GONE" { self = Model() }
                readySnapshots += pendingSnapshots
                pendingSnapshots = 0
                return nil
            }
            if step == .create {
                if exists { return "ResourceInUseException" }
                exists = true
                return nil
            }
            guard exists else { return "ResourceNotFoundException" }
            guard Model.allows[status]!.contains(step) else { return "ResourceInUseException" }
            switch step {
            case .start:
                (status, settlesTo) = ("STARTING", "RUNNING")
            case .stop:
                pendingSnapshots += 1  // the stop's system snapshot
                (status, settlesTo) = ("STOPPING", "READY")
            case .forceStop:
                pendingSnapshots = 0   // the job is cancelled before they are taken
                (status, settlesTo) = ("FORCE_STOPPING", "READY")
            case .update:
                updatedFrom = version
                version += 1
                if status == "RUNNING" { pendingSnapshots += 1 }
                settlesTo = status
                status = "UPDATING"
            case .rollback:
                guard readySnapshots > 0 else { return "InvalidRequestException" }
                guard updatedFrom != nil || version > 1 else { return "InvalidRequestException" }
                pendingSnapshots = 0
                version += 1
                (status, settlesTo) = ("ROLLING_BACK", "RUNNING")
            case .delete:
                pendingSnapshots = 0
                (status, settlesTo) = ("DELETING", "GONE")
            case .snapshot:
                pendingSnapshots += 1
            case .scale:
                pendingSnapshots += 1  // the scaling's system snapshot; the version stays
                (status, settlesTo) = ("AUTOSCALING", "RUNNING")
            case .maintain:
                (status, settlesTo) = ("MAINTENANCE", "RUNNING")
            case .create, .settle:
                break
            }
            return nil
        }
    }

    /// Steps drawn with weights that keep applications alive and running long enough to
    /// reach snapshots, updates and rollbacks, with deletes rare.
    static let weighted: [Step] = Array(repeating: .settle, count: 10) + Array(repeating: .create, count: 3) + Array(repeating: .start, count: 4)
        + Array(repeating: .stop, count: 3) + [.forceStop] + Array(repeating: .update, count: 4)
        + Array(repeating: .rollback, count: 3) + Array(repeating: .snapshot, count: 3) + [.delete]
        + Array(repeating: .scale, count: 2) + Array(repeating: .maintain, count: 2)

    /// Sequences per seed, and steps per sequence: 4 × 500 sequences of 24 steps.
    static let sequences = 500
    static let steps = 24

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func randomSequencesNeverDivergeFromTheModel(seed: UInt64) throws {
        let clock = VirtualClock()
        // Coarser data-plane steps: the lifecycle is what is under test.
        let engine = LifecycleEngine.forTests(clock: clock, stepSeconds: 30)
        // The service's own scaling and maintenance come from the steps, not from its rules.
        engine.autoscalingPolicy = NeverScale()
        engine.settings.maintenanceInterval = .infinity
        var random = SeededRandom(seed: seed)
        var snapshotNumber = 0
        var carriedOut: [String: Int] = [:]
        var refused = 0
        for sequence in 0..<Self.sequences {
            // Each sequence has an application of its own, and a model of it.
            let name = "m\(sequence)"
            var model = Model()
            var trace: [String] = []
            for _ in 0..<Self.steps {
                let step = Self.weighted.randomElement(using: &random)!
                var update = ApplicationUpdate()
                update.parallelism = Int.random(in: 1...3, using: &random)
                let expected = model.apply(step)
                var actual: String?
                do throws(LifecycleError) {
                    switch step {
                    case .create:
                        try engine.createForTests(name, ApplicationConfiguration(code: "idle.lua"))
                    case .start: try engine.startApplication(name)
                    case .stop: try engine.stopApplication(name)
                    case .forceStop: try engine.stopApplication(name, force: true)
                    case .update: try engine.updateApplication(name, update: update)
                    case .rollback: try engine.rollbackApplication(name, currentVersionId: (try? engine.application(name).versionId) ?? 0)
                    case .delete: try engine.deleteApplication(name)
                    case .snapshot:
                        snapshotNumber += 1
                        try engine.createApplicationSnapshot(name, snapshotName: "s\(snapshotNumber)")
                    case .scale:
                        let current = (try? engine.application(name).currentParallelism) ?? 1
                        try engine.scaleApplication(name, to: current % 3 + 1)
                    case .maintain: try engine.performMaintenance(name)
                    case .settle: _ = clock.advance(bySeconds: 120)  // longer than any transient status lasts
                    }
                } catch {
                    actual = error.code.rawValue
                }
                trace.append("\(step) -> \(actual ?? "ok")")
                if actual == nil { carriedOut["\(step)", default: 0] += 1 } else { refused += 1 }
                let app = try? engine.application(name)
                let status = app?.status.rawValue ?? "GONE"
                let modelStatus = model.exists ? model.status : "GONE"
                guard actual == expected, status == modelStatus, !model.exists || app?.versionId == model.version else {
                    Issue.record("""
                        diverged at step \(trace.count) of sequence \(sequence) (seed \(seed)): \(step)
                        engine: \(actual ?? "ok"), \(status), v\(app?.versionId ?? 0)
                        model:  \(expected ?? "ok"), \(modelStatus), v\(model.version)
                        trace: \(trace.suffix(12).joined(separator: "; "))
                        """)
                    return
                }
            }
            // Out of the way of the next sequence: stopped and deleted.
            _ = try? engine.stopApplication(name, force: true)
            _ = clock.advance(bySeconds: 120)
            try? engine.deleteApplication(name)
            _ = clock.advance(bySeconds: 120)
        }
        // The sequences reach the interesting paths, not only refusals.
        for step in ["start", "stop", "forceStop", "update", "rollback", "delete", "snapshot", "scale", "maintain"] {
            #expect(carriedOut[step, default: 0] >= 20, "seed \(seed): \(step) carried out \(carriedOut[step, default: 0]) times")
        }
        #expect(refused > 1000, "seed \(seed): \(refused) refusals")
    }
}

/// Leaves scaling to the steps.
final class NeverScale: AutoscalingPolicy {
    func parallelism(for app: Application, input: ScalingInput) -> Int? { nil }
}
