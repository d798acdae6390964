import Clock
import JobRuntime

/// One run the explorer makes of the job runtime, drawn from a seed: a job graph, how it is
/// configured, and the faults it meets. Everything in it follows from the seed, so printing
/// the seed is enough to run it again (`floe-bench faults --from SEED --seeds 1`).
public struct JobCase: Sendable, CustomStringConvertible {
    /// What the records go through after the source, in order.
    public enum Step: String, Sendable {
        case plusOne = "map x + 1", timesThree = "map x * 3 % 1000", dropThirds = "filter x % 3 ~= 0"
        case fifthsTwice = "flat_map x, and x + 1 when x % 5 == 0"
    }

    /// The keyed end of the graph, if any.
    public enum Keyed: Sendable, CustomStringConvertible {
        case sum(modulo: Int64), count(modulo: Int64), window(size: Double, modulo: Int64)
        public var description: String {
            switch self {
            case .sum(let m): "key_by % \(m), sum"
            case .count(let m): "key_by % \(m), count"
            case .window(let size, let m): "key_by % \(m), \(size) s windows of sums"
            }
        }
    }

    /// A fault, at a virtual time.
    public enum Fault: Sendable, CustomStringConvertible {
        /// Subtask `task` fails when `records` more records have reached it.
        case taskFailure(task: Int, records: Int)
        case taskManagerLost(index: Int)
        case declinedCheckpoint
        case slowCheckpoint(seconds: Double)
        /// A savepoint (the job goes on).
        case savepoint
        /// Stop with a savepoint, then a new job from it (at `parallelism`: a rescale when it differs).
        case stopAndResume(parallelism: Int)

        public var description: String {
            switch self {
            case .taskFailure(let task, let records): "task \(task + 1) fails after \(records) records"
            case .taskManagerLost(let index): "TaskManager \(index + 1) lost"
            case .declinedCheckpoint: "next checkpoint declined"
            case .slowCheckpoint(let s): "next checkpoint takes \(s) s"
            case .savepoint: "savepoint"
            case .stopAndResume(let p): "stop with savepoint, resume at parallelism \(p)"
            }
        }
    }

    public let seed: UInt64
    /// Records 1 … count of a sequence source.
    public let count: Int64
    /// Records per virtual second, or nil: as fast as the machine allows (a batch of rounds).
    public let rate: Double?
    public let steps: [Step]
    public let keyed: Keyed?
    /// The graph's functions in Lua (a job script) rather than Swift.
    public let inLua: Bool
    /// Its sink writes text files (`write_text`, exactly once through failovers) rather
    /// than collecting values.
    public let toFiles: Bool
    public let parallelism: Int
    public let flinkVersion: FlinkVersion
    /// Flink's restart options, empty for the version's default.
    public let restart: [String: String]
    /// Seconds, or nil for no checkpoints.
    public let checkpointInterval: Double?
    /// A map that fails on record `value` the first `times` times it sees it (so a restart
    /// that replays it fails again at once, at the very instant it restarts).
    public let poisonedRecord: (value: Int64, times: Int)?
    public let faults: [(at: Double, fault: Fault)]

    /// The versions the service runs.
    static let versions: [FlinkVersion] = [.v1_8, .v1_11, .v1_13, .v1_15, .v1_18, .v1_19, .v1_20]

    public init(seed: UInt64) {
        self.seed = seed
        var random = SeededRandom(seed: seed &* 0x2545_F491_4F6C_DD1D &+ 0x9E37)
        func chance(_ p: Double) -> Bool { Double(random.next() >> 11) / Double(1 << 53) < p }
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

        let count = Int64(pick([50, 200, 1000, 3000]))
        let rate: Double? = chance(0.6) ? pick([5.0, 20, 100, 400]) : nil
        let parallelism = int(1...4)
        self.count = count
        self.rate = rate
        self.parallelism = parallelism
        steps = (0..<int(0...3)).map { _ in pick([Step.plusOne, .timesThree, .dropThirds, .fifthsTwice]) }
        let modulo = Int64(pick([1, 3, 7, 64]))
        switch int(0...3) {
        case 0: keyed = nil
        case 1: keyed = .sum(modulo: modulo)
        case 2: keyed = .count(modulo: modulo)
        default: keyed = rate != nil ? .window(size: pick([2.0, 5]), modulo: modulo) : .sum(modulo: modulo)
        }
        inLua = chance(0.1)
        toFiles = chance(0.25)
        let version = pick(JobCase.versions)
        flinkVersion = version
        checkpointInterval = chance(0.75) ? pick([1.0, 2, 5]) : nil
        restart = JobCase.drawRestart(version: version, random: &random)
        poisonedRecord = chance(0.3) ? (Int64(int(1...Int(count))), int(1...4)) : nil

        let length = rate.map { Double(count) / $0 } ?? 0
        var faults: [(at: Double, fault: Fault)] = []
        for _ in 0..<int(0...4) {
            let at = length > 0 ? Double(int(0...Int(length * 10))) / 10 : 0
            let fault: Fault
            switch int(0...9) {
            case 0...3: fault = .taskFailure(task: int(0...(parallelism * 2)), records: int(0...40))
            case 4: fault = .taskManagerLost(index: int(0...parallelism))
            case 5: fault = .declinedCheckpoint
            case 6: fault = .slowCheckpoint(seconds: pick([0.5, 3, 12]))
            case 7: fault = .savepoint
            default:
                // A resumed job stamps its records from its own start, so event-time windows
                // would cut the input elsewhere: windowed cases take a plain savepoint instead.
                if case .window? = keyed { fault = .savepoint } else { fault = .stopAndResume(parallelism: int(1...4)) }
            }
            faults.append((at, fault))
        }
        self.faults = faults.sorted { $0.0 < $1.0 }
    }

    /// A restart strategy: the version's default a quarter of the time, else one of Flink's
    /// four with options drawn (the era's option names and limits).
    static func drawRestart(version: FlinkVersion, random: inout SeededRandom) -> [String: String] {
        let draw = random.next() % 8
        func ms(_ choices: [Int]) -> String { "\(choices[Int(random.next() % UInt64(choices.count))]) ms" }
        switch draw {
        case 0, 1: return [:]
        case 2: return ["restart-strategy.type": "none"]
        case 3, 4:
            return ["restart-strategy.type": "fixed-delay", "restart-strategy.fixed-delay.attempts": "\(random.next() % 6)",
                    "restart-strategy.fixed-delay.delay": ms([0, 10, 1000, 5000])]
        case 5:
            return ["restart-strategy.type": "failure-rate",
                    "restart-strategy.failure-rate.max-failures-per-interval": "\(1 + random.next() % 4)",
                    "restart-strategy.failure-rate.failure-rate-interval": ms([1000, 10_000, 60_000]),
                    "restart-strategy.failure-rate.delay": ms([0, 500, 2000])]
        default:
            guard version >= .v1_13 else { return ["restart-strategy.type": "fixed-delay"] }
            var options = ["restart-strategy.type": "exponential-delay",
                           "restart-strategy.exponential-delay.initial-backoff": ms([1, 100, 1000]),
                           "restart-strategy.exponential-delay.max-backoff": ms([2000, 10_000, 60_000]),
                           "restart-strategy.exponential-delay.jitter-factor": ["0", "0.1", "0.5"][Int(random.next() % 3)]]
            if version >= .v1_19, random.next() % 2 == 0 {
                options["restart-strategy.exponential-delay.attempts-before-reset-backoff"] = "\(1 + random.next() % 5)"
            }
            return options
        }
    }

    /// The same case with no faults: what its output must equal.
    public var faultFree: JobCase { JobCase(self, faults: [], poisoned: nil) }

    private init(_ other: JobCase, faults: [(at: Double, fault: Fault)], poisoned: (value: Int64, times: Int)?) {
        seed = other.seed
        count = other.count
        rate = other.rate
        steps = other.steps
        keyed = other.keyed
        inLua = other.inLua
        toFiles = other.toFiles
        parallelism = other.parallelism
        flinkVersion = other.flinkVersion
        restart = other.restart
        checkpointInterval = other.checkpointInterval
        poisonedRecord = poisoned
        self.faults = faults
    }

    public var description: String {
        var lines = ["seed \(seed): sequence 1…\(count)" + (rate.map { " at \($0)/s" } ?? " unrated")
                     + (steps.isEmpty ? "" : ", " + steps.map(\.rawValue).joined(separator: ", "))
                     + (keyed.map { ", \($0)" } ?? "") + (toFiles ? ", write_text" : ", collect")
                     + "; parallelism \(parallelism)" + (inLua ? ", functions in Lua" : "")]
        lines.append("  Flink \(flinkVersion), checkpoints " + (checkpointInterval.map { "every \($0) s" } ?? "off")
                     + ", restart " + (restart.isEmpty ? "(the version's default)" : restart.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")))
        if let poisonedRecord { lines.append("  record \(poisonedRecord.value) fails its map \(poisonedRecord.times) times") }
        for (at, fault) in faults { lines.append("  at \(at) s: \(fault)") }
        return lines.joined(separator: "\n")
    }
}

extension JobCase {
    /// The case's graph as a job script, for the runs whose functions are Lua's: the same
    /// dataflow, a `collect("out")` sink at its end (`write_text` into `directory`).
    public func luaScript(directory: String) -> String {
        var lines = ["local env = ...",
                     "local s = env:from_sequence(1, \(count)\(rate.map { ", { rate = \($0) }" } ?? ""))"]
        for step in steps {
            switch step {
            case .plusOne: lines.append("s = s:map(function(x) return x + 1 end)")
            case .timesThree: lines.append("s = s:map(function(x) return x * 3 % 1000 end)")
            case .dropThirds: lines.append("s = s:filter(function(x) return x % 3 ~= 0 end)")
            case .fifthsTwice: lines.append("s = s:flat_map(function(x) if x % 5 == 0 then return { x, x + 1 } end return { x } end)")
            }
        }
        switch keyed {
        case nil: break
        case .sum(let m)?: lines.append("s = s:key_by{ modulo = \(m) }:sum()")
        case .count(let m)?: lines.append("s = s:key_by{ modulo = \(m) }:count()")
        case .window(let size, let m)?: lines.append("s = s:key_by{ modulo = \(m) }:window(\(size)):sum()")
        }
        lines.append(toFiles ? "s:write_text(\"\(directory)\")" : "s:collect(\"out\")")
        return lines.joined(separator: "\n") + "\n"
    }
}
