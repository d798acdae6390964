import Clock
import JobRuntime
import Lifecycle

/// One run the explorer makes of the lifecycle, drawn from a seed: a few applications on
/// random runtimes, and operations and faults at random moments over a few virtual hours —
/// starts, stops, updates (to good or failing code), rollbacks, snapshots, scalings,
/// maintenance, deletes, task failures and lost TaskManagers — while the service's own
/// autoscaling and maintenance run too.
public struct LifecycleCase: Sendable, CustomStringConvertible {
    public enum Action: Sendable, CustomStringConvertible {
        case start(skipRestore: Bool), stop(force: Bool), update(parallelism: Int, failing: Bool), rollback, snapshot
        case scale(to: Int), maintain, delete, create, taskFailure(task: Int), taskManagerLost(index: Int)
        case failNextLaunch, releaseMaintenance

        public var description: String {
            switch self {
            case .start(let skip): skip ? "start (skip restore)" : "start"
            case .stop(let force): force ? "force stop" : "stop"
            case .update(let p, let failing): "update to parallelism \(p)" + (failing ? " with failing code" : "")
            case .rollback: "rollback"
            case .snapshot: "snapshot"
            case .scale(let p): "scale to \(p)"
            case .maintain: "maintenance now"
            case .delete: "delete"
            case .create: "create again"
            case .taskFailure(let task): "task \(task + 1) fails"
            case .taskManagerLost(let index): "TaskManager \(index + 1) lost"
            case .failNextLaunch: "the next launch fails"
            case .releaseMaintenance: "the service releases a maintenance"
            }
        }
    }

    public let seed: UInt64
    public let runtimes: [String]
    public let actions: [(at: Double, app: Int, action: Action)]

    static let runtimeNames = ["FLINK-1_11", "FLINK-1_13", "FLINK-1_15", "FLINK-1_18", "FLINK-1_19", "FLINK-1_20"]

    public init(seed: UInt64) {
        self.seed = seed
        var random = SeededRandom(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ 17)
        func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
        let apps = int(1...3)
        runtimes = (0..<apps).map { _ in LifecycleCase.runtimeNames[int(0...LifecycleCase.runtimeNames.count - 1)] }
        var actions: [(Double, Int, Action)] = []
        var at = 0.0
        for _ in 0..<int(4...24) {
            at += Double(int(0...900)) * (int(0...3) == 0 ? 0 : 1)   // a quarter at the same instant as the last
            let action: Action
            switch int(0...19) {
            case 0...3: action = .start(skipRestore: int(0...3) == 0)
            case 4: action = .stop(force: false)
            case 5: action = .stop(force: true)
            case 6, 7: action = .update(parallelism: int(1...4), failing: int(0...3) == 0)
            case 8: action = .rollback
            case 9: action = .snapshot
            case 10: action = .scale(to: int(1...4))
            case 11: action = .maintain
            case 12: action = .delete
            case 13: action = .create
            case 14, 15: action = .taskFailure(task: int(0...4))
            case 16: action = .taskManagerLost(index: int(0...3))
            case 17: action = .failNextLaunch
            default: action = .releaseMaintenance
            }
            actions.append((at, int(0...apps - 1), action))
        }
        self.actions = actions
    }

    public var description: String {
        (["seed \(seed): \(runtimes.count) applications on " + runtimes.joined(separator: ", ")]
            + actions.map { "  at \($0.at) s: app\($0.app) \($0.action)" }).joined(separator: "\n")
    }
}

/// Job graphs by code name, for the explorer's applications: `good.lua` counts a rated,
/// endless sequence by key; `failing.lua` fails on every record.
final class ExplorerCode: CodeLoader {
    func exists(_ code: String) -> Bool { code == "good.lua" || code == "failing.lua" }

    func graph(for application: String, configuration: ApplicationConfiguration) throws(LifecycleError) -> JobGraph {
        var graph = JobGraph(name: application, parallelism: configuration.parallelism)
        var last = graph.add(.source(.sequence(from: 1, to: 1 << 40), rate: 10), uid: "numbers", costPerRecord: 0.02)
        if configuration.code == "failing.lua" {
            let fail: @Sendable (Value) throws(JobError) -> Value = { _ throws(JobError) in
                throw JobError(code: "IllegalStateException", message: "this version cannot read its input")
            }
            last = graph.add(.map(SwiftFunction("failing", fail)), input: last)
        }
        let count = graph.add(.aggregate(Aggregation(.count)), input: graph.add(.keyBy(.modulo(16)), input: last), uid: "counts")
        graph.add(.sink(.discard), input: count)
        return graph
    }
}

/// Runs lifecycle cases and checks what must hold after each.
public struct LifecycleExplorer: Sendable {
    /// How long after its last action a run goes on, for every transient status to end.
    public var quiet: Double = 2 * 3600
    /// The longest a transient status or an operation may last.
    public var longest: Double = 3600
    public var stallEvents = 500_000

    public init() {}

    /// The violations of the case of `seed`; with `determinism`, run twice and compared.
    public func explore(seed: UInt64, determinism: Bool = false) -> [String] {
        let c = LifecycleCase(seed: seed)
        let first = run(c)
        var problems = first.problems
        if determinism, run(c).log != first.log { problems.append("the same seed gave a different status log") }
        return problems
    }

    struct Run {
        var log: [String] = []
        var problems: [String] = []
    }

    func run(_ c: LifecycleCase) -> Run {
        var result = Run()
        let clock = VirtualClock()
        clock.stallLimit = stallEvents
        var defaults = JobConfiguration()
        defaults.seed = c.seed
        defaults.stepSeconds = 60
        defaults.output = { _ in }
        let engine = LifecycleEngine(clock: clock, backend: EmbeddedJobBackend(clock: clock), codeLoader: ExplorerCode(),
                                     jobDefaults: defaults)
        engine.settings.maintenanceInterval = 6 * 3600
        // Operations that FAILED, by application and start: the service leaves an application
        // in the transient status such a one put it in (a stop or update whose snapshot
        // could not be taken) until a forced stop or a rollback.
        var failed: Set<String> = []
        engine.onOperationEnd.append { app, op in if op.status == .failed { failed.insert("\(app.name)@\(op.startTime)") } }
        let names = c.runtimes.indices.map { "app\($0)" }
        func create(_ i: Int) {
            var configuration = ApplicationConfiguration(code: "good.lua")
            configuration.parallelism = 1 + i % 2
            configuration.checkpointIntervalMs = 10_000
            configuration.rollbackEnabled = i % 2 == 0
            _ = try? engine.createApplication(CreateApplicationRequest(name: names[i], runtime: c.runtimes[i],
                                                                       serviceExecutionRole: "arn:aws:iam::123456789012:role/flink",
                                                                       configuration: configuration))
        }
        names.indices.forEach(create)
        var snapshots = 0, patches = 0
        for (at, i, action) in c.actions {
            clock.schedule(at: Instant(seconds: at)) {
                let name = names[i]
                do throws(LifecycleError) {
                    switch action {
                    case .start(let skip): _ = try engine.startApplication(name, restore: skip ? .skip : .latest)
                    case .stop(let force): _ = try engine.stopApplication(name, force: force)
                    case .update(let parallelism, let failing):
                        var update = ApplicationUpdate()
                        update.parallelism = parallelism
                        update.code = failing ? "failing.lua" : "good.lua"
                        _ = try engine.updateApplication(name, update: update)
                    case .rollback: _ = try engine.rollbackApplication(name, currentVersionId: (try? engine.application(name).versionId) ?? 0)
                    case .snapshot:
                        snapshots += 1
                        try engine.createApplicationSnapshot(name, snapshotName: "s\(snapshots)")
                    case .scale(let parallelism): _ = try engine.scaleApplication(name, to: parallelism)
                    case .maintain: _ = try engine.performMaintenance(name)
                    case .delete: try engine.deleteApplication(name)
                    case .create: create(i)
                    // The embedded backend injects every fault (it has `.faultInjection`).
                    case .taskFailure(let task): try? engine.application(name).job?.inject(.taskFailure(task: task, afterRecords: 3))
                    case .taskManagerLost(let index):
                        try? engine.application(name).job?.inject(.taskManagerLost(index: index, at: clock.now.seconds))
                    case .failNextLaunch: try engine.failNextLaunch(name, reason: "the explorer's injected launch failure")
                    case .releaseMaintenance:
                        patches += 1
                        engine.releaseMaintenance(patch: "patch-\(patches)")
                    }
                } catch {
                    // Refusals are the service's answers; what matters is that nothing traps or sticks.
                }
            }
        }
        let end = (c.actions.last?.at ?? 0) + quiet
        if case .stalled(let stall) = clock.advance(to: Instant(seconds: end)) {
            result.problems.append("the watchdog stopped the run: \(stall)")
        }
        result.log = engine.statusLog.map(\.jsonLine)
        // No transient status lasts: each one is left within `longest` — unless its operation
        // FAILED, where the service too leaves the application (a stop or update whose
        // snapshot cannot be taken stays STOPPING or UPDATING until a forced stop), and
        // then a forced stop must still bring it back to READY.
        for name in names {
            if let app = try? engine.application(name), app.status.isTransient, app.operations.last?.status == .failed,
               (try? engine.stopApplication(name, force: true)) != nil {
                _ = clock.advance(bySeconds: longest)
                let after = (try? engine.application(name))?.status
                if after != .ready { result.problems.append("\(name): a forced stop of a stuck application left it \(after?.rawValue ?? "gone")") }
                continue
            }
            let entries = engine.statusLog.filter { $0.application == name && $0.subject == .application }
            let nexts: [StatusLogEntry?] = entries.dropFirst().map { $0 } + [nil]
            for (entry, next) in zip(entries, nexts) {
                guard let status = ApplicationStatus(rawValue: entry.to), status.isTransient else { continue }
                let left = next?.time ?? end
                if left - entry.time > longest, !failed.contains("\(name)@\(entry.time)") {
                    result.problems.append("\(name) stayed \(entry.to) from \(entry.time) s to \(next.map { "\($0.time) s" } ?? "the end")")
                }
            }
            guard let app = try? engine.application(name) else { continue }
            for op in app.operations where op.status == .inProgress && end - op.startTime > longest {
                result.problems.append("\(name)'s \(op.operation) (started at \(op.startTime) s) never ended")
            }
        }
        engine.close()  // the engine, its jobs, the backend and its thread go with the run
        return result
    }
}

extension LifecycleExplorer {
    /// Explores seeds `from ..< from + count`; every `determinismEvery`-th is run twice.
    public func explore(from: UInt64, count: Int, determinismEvery: Int = 4) -> ExplorationReport {
        .of(from: from, count: count, determinismEvery: determinismEvery, explore: { explore(seed: $0, determinism: $1) },
            schedule: { LifecycleCase(seed: $0).description })
    }
}

extension LifecycleExplorer {
    /// The status log of the case of `seed`, for reading a failure.
    public func statusLog(seed: UInt64) -> [String] { run(LifecycleCase(seed: seed)).log }
}
