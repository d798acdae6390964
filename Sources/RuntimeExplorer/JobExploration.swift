import Clock
import JobRuntime
import Synchronization

/// Makes the job graph of a case whose functions are Lua's (LuaHost's job scripts): the
/// explorer itself knows no Lua. Returns the graph and the collector of its `out` sink.
public typealias LuaGraphs = @Sendable (_ script: String, _ name: String, _ parallelism: Int) throws -> (JobGraph, Collector)

/// What one run of a case did: its jobs' events, what its sink committed, how it ended.
struct JobRunResult {
    var events: [String] = []
    var output: [String] = []
    var status: JobStatus = .created
    var stalled: ClockStall?
    var jobs: [JobManager] = []
    var failure: String?
}

/// Runs job cases on the embedded runtime and checks what must hold after each.
public struct JobExplorer: Sendable {
    /// How long a run may take in virtual time before it counts as stuck.
    public var limit: Double = 2 * 86_400
    /// The watchdog's bound for these runs (far below the default: these jobs are small).
    public var stallEvents = 200_000
    /// How Lua cases get their graphs; nil runs them with Swift functions instead.
    public let luaGraphs: LuaGraphs?

    public init(luaGraphs: LuaGraphs?) { self.luaGraphs = luaGraphs }

    /// The violations of the case of `seed`: empty when every invariant holds. With
    /// `determinism`, the faulty run is made twice and must give the same events.
    public func explore(seed: UInt64, determinism: Bool = false) -> [String] {
        let c = JobCase(seed: seed)
        let reference = run(c.faultFree)
        let faulty = run(c)
        var problems: [String] = []
        if let stall = reference.stalled ?? faulty.stalled { problems.append("the watchdog stopped the run: \(stall)") }
        if let failure = reference.failure ?? faulty.failure { problems.append(failure) }
        if reference.status != .finished { problems.append("the fault-free run ended \(reference.status.rawValue)") }
        switch faulty.status {
        case .finished:
            if !sameOutput(c, faulty.output, reference.output) {
                problems.append("the committed output differs from the fault-free run's: \(summary(faulty.output, against: reference.output))")
            }
        case .failed:
            if !failureAllowed(c, faulty) { problems.append("the job FAILED though its restart strategy allows more restarts") }
        default:
            problems.append("the run did not end within \(limit) s of virtual time: the job is \(faulty.status.rawValue)")
        }
        problems += RestartRules.check(c, jobs: faulty.jobs)
        if determinism {
            let again = run(c)
            if again.events != faulty.events { problems.append("the same seed gave a different event log") }
        }
        return problems
    }

    /// Runs a case to its end (or the limit), applying its faults at their times.
    func run(_ c: JobCase) -> JobRunResult {
        var result = JobRunResult()
        let clock = VirtualClock()
        clock.stallLimit = stallEvents
        let backend = EmbeddedJobBackend(clock: clock, workers: 2)
        var configuration = JobConfiguration()
        configuration.flinkVersion = c.flinkVersion
        configuration.restart = c.restart
        configuration.checkpointInterval = c.checkpointInterval
        configuration.seed = c.seed
        configuration.output = { _ in }
        let built: (JobGraph, Collector)
        // A file sink's folder, removed with the run.
        let directory = (try? TemporaryState.newFolder()) ?? "/tmp"
        defer { SnapshotStore.remove(directory) }
        do {
            // Without LuaHost at hand a Lua case runs its Swift twin.
            if c.inLua, let luaGraphs {
                built = try luaGraphs(c.luaScript(directory: directory), "explored", c.parallelism)
            } else {
                built = JobGraphs.graph(of: c, directory: directory)
            }
        } catch {
            result.failure = "the graph could not be built: \(error)"
            return result
        }
        let (graph, collector) = built
        var current: JobManager
        do {
            guard let job = try backend.submit(graph, configuration: configuration) as? JobManager else { return result }
            current = job
        } catch {
            result.failure = "the job was refused: \(error)"
            return result
        }
        result.jobs = [current]
        // The faults, each at its time, to whichever job is current then.
        for (at, fault) in c.faults {
            clock.schedule(at: Instant(seconds: at)) {
                let job = current
                switch fault {
                case .taskFailure(let task, let records):
                    job.inject(.taskFailure(task: task, afterRecords: records))
                case .taskManagerLost(let index):
                    job.inject(.taskManagerLost(index: index, at: at))
                case .declinedCheckpoint:
                    job.inject(.checkpointFailure)
                case .slowCheckpoint(let seconds):
                    job.inject(.slowCheckpoint(seconds: seconds))
                case .savepoint:
                    job.triggerSavepoint(stop: false) { _ in }
                case .stopAndResume(let parallelism):
                    job.triggerSavepoint(stop: true) { outcome in
                        guard case .success(let savepoint) = outcome else { return }
                        var next = graph
                        next.parallelism = parallelism
                        var restore = configuration
                        restore.restorePath = savepoint.path
                        if let resumed = try? backend.submit(next, configuration: restore) as? JobManager {
                            current = resumed
                            result.jobs.append(resumed)
                        }
                    }
                }
            }
        }
        let outcome = clock.advance(to: Instant(seconds: limit), stop: {
            current.status.isTerminal && (current.status != .finished || !pendingResume(current))
        })
        if case .stalled(let stall) = outcome { result.stalled = stall }
        result.status = current.status
        // A file sink is named by its folder, a fresh one each run: the events say OUT.
        result.events = result.jobs.flatMap { job in job.events.map { $0.description.replacing(directory, with: "OUT") } }
        result.output = c.toFiles ? JobGraphs.lines(in: directory) : collector.values.map(\.description).sorted()
        clock.cancelAll()  // the jobs, the backend and its thread go with the run
        return result
    }

    /// A job stopped with a savepoint is FINISHED and about to be followed by its resumed one.
    private func pendingResume(_ job: JobManager) -> Bool {
        job.events.last { $0.subject == .job }?.cause == "stopped with a savepoint"
    }

    /// Whether the case's strategy says the job may fail: it allows no restart, or its
    /// attempts (fixed-delay, 1.19+ exponential-delay) or rate (failure-rate) ran out.
    private func failureAllowed(_ c: JobCase, _ run: JobRunResult) -> Bool {
        guard let strategy = try? RestartRules.strategy(of: c) else { return true }
        switch strategy {
        case .none, .failureRate: return true
        case .fixedDelay(let attempts, _): return run.jobs.last.map { $0.numRestarts >= attempts } ?? true
        case .exponentialDelay(let options): return options.mergesFailures && options.attemptsBeforeReset < Int(Int32.max)
        }
    }

    /// Whether a run's committed output is the fault-free run's: the same records, each
    /// once. A job resumed from a savepoint is a new job whose rolling sums see each key's
    /// records in another interleaving (its sources split anew), so there the sums are held
    /// to what order cannot change: one output per record, and each key's final total (the
    /// largest output) the same.
    private func sameOutput(_ c: JobCase, _ got: [String], _ expected: [String]) -> Bool {
        let resumed = c.faults.contains { if case .stopAndResume = $0.fault { true } else { false } }
        guard resumed, case .sum? = c.keyed else { return got == expected }
        func largest(_ values: [String]) -> Double? { values.compactMap(Double.init).max() }
        return got.count == expected.count && largest(got) == largest(expected)
    }

    private func summary(_ got: [String], against expected: [String]) -> String {
        var counts: [String: Int] = [:]
        for v in got { counts[v, default: 0] += 1 }
        for v in expected { counts[v, default: 0] -= 1 }
        let extra = counts.filter { $0.value > 0 }.keys.sorted().prefix(5)
        let missing = counts.filter { $0.value < 0 }.keys.sorted().prefix(5)
        let total = { (values: [String]) in values.compactMap(Double.init).reduce(0, +) }
        return "\(got.count) records against \(expected.count), summing to \(total(got)) against \(total(expected)); extra \(Array(extra)), missing \(Array(missing))"
    }
}

/// The Swift graphs of the cases whose functions are Swift's.
enum JobGraphs {
    /// Every line the file sink committed into `directory` (part-0 … part-3), sorted.
    static func lines(in directory: String) -> [String] {
        (0..<8).flatMap { part -> [String] in
            guard let bytes = try? Files.read("\(directory)/part-\(part)") else { return [] }
            return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        }.sorted()
    }

    static func graph(of c: JobCase, directory: String) -> (JobGraph, Collector) {
        var graph = JobGraph(name: "explored", parallelism: c.parallelism)
        var last = graph.add(.source(.sequence(from: 1, to: c.count), rate: c.rate))
        if let poisoned = c.poisonedRecord {
            last = graph.add(.map(PoisonedMap(value: poisoned.value, times: poisoned.times)), input: last, name: "Poisoned Map")
        }
        for step in c.steps {
            switch step {
            case .plusOne:
                last = graph.add(.map(SwiftFunction("x + 1") { v throws(JobError) in .int((v.integer) + 1) }), input: last)
            case .timesThree:
                last = graph.add(.map(SwiftFunction("x * 3 % 1000") { v throws(JobError) in .int((v.integer) &* 3 % 1000) }), input: last)
            case .dropThirds:
                last = graph.add(.filter(SwiftFunction("x % 3 ~= 0") { v throws(JobError) in .bool((v.integer) % 3 != 0) }), input: last)
            case .fifthsTwice:
                last = graph.add(.flatMap(SwiftFunction("fifths twice", expanding: { v throws(JobError) in
                    let x = v.integer
                    return x % 5 == 0 ? [.int(x), .int(x + 1)] : [.int(x)]
                })), input: last)
            }
        }
        switch c.keyed {
        case nil: break
        case .sum(let m)?:
            last = graph.add(.aggregate(Aggregation(.sum)), input: graph.add(.keyBy(.modulo(m)), input: last))
        case .count(let m)?:
            last = graph.add(.aggregate(Aggregation(.count)), input: graph.add(.keyBy(.modulo(m)), input: last))
        case .window(let size, let m)?:
            last = graph.add(.window(size: size, .aggregate(Aggregation(.sum))), input: graph.add(.keyBy(.modulo(m)), input: last))
        }
        let collector = Collector()
        graph.add(.sink(c.toFiles ? .file(directory: directory) : .collect(collector)), input: last)
        return (graph, collector)
    }
}

/// A map that fails on one record the first `times` times it sees it, across restarts.
final class PoisonedMap: UserFunction, UserFunctionInstance, @unchecked Sendable {
    let value: Int64
    let times: Int
    /// Subtasks run on several threads: the count is shared.
    private let failures = Atomic<Int>(0)
    let name = "poisoned map"
    var isThreadBound: Bool { false }

    init(value: Int64, times: Int) {
        self.value = value
        self.times = times
    }

    func instantiate(in task: TaskContext) throws(JobError) -> any UserFunctionInstance { self }
    func apply(_ v: Value) throws(JobError) -> Value {
        if case .int(value) = v, failures.add(1, ordering: .relaxed).newValue <= times {
            throw JobError(code: "IllegalStateException", message: "record \(value) is poisoned")
        }
        return v
    }
    func combine(_ a: Value, _ b: Value) throws(JobError) -> Value { a }
    func expand(_ v: Value, into results: inout [Value]) throws(JobError) { results.append(try apply(v)) }
    func close() {}
}

extension Value {
    /// The integer inside (the explorer's records are integers).
    var integer: Int64 {
        switch self {
        case .int(let i): i
        case .double(let d): Int64(exactly: d.rounded()) ?? 0
        default: 0
        }
    }
}

extension JobExplorer {
    /// The event log of the faulty run of `seed`, for reading a failure.
    public func events(seed: UInt64) -> [String] { run(JobCase(seed: seed)).events }

    /// Everything the faulty run of `seed` shows: its events, each job's restarts, status
    /// and failure, and the committed output.
    public func outcome(seed: UInt64) -> [String] {
        let result = run(JobCase(seed: seed))
        return result.events + result.jobs.map { "\($0.numRestarts) restarts, \($0.status.rawValue), \($0.failureCause?.description ?? "-")" }
            + result.output
    }
}
