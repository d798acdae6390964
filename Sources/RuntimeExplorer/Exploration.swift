/// Seeds explored, and what failed.
public struct ExplorationReport: Sendable {
    public var seeds = 0
    /// Each failing seed with its case and what broke.
    public var failures: [(seed: UInt64, schedule: String, problems: [String])] = []

    public init() {}

    public var summary: String { "\(seeds) seeds, \(failures.count) failed" }
}

extension ExplorationReport {
    /// Explores seeds `from ..< from + count` with `explore(seed, determinism)`, asking for a
    /// second run of every `determinismEvery`-th; `schedule` describes a failing seed's case.
    static func of(from: UInt64, count: Int, determinismEvery: Int, explore: (UInt64, Bool) -> [String],
                   schedule: (UInt64) -> String) -> ExplorationReport {
        var report = ExplorationReport()
        for seed in from..<from + UInt64(count) {
            let problems = explore(seed, determinismEvery > 0 && seed % UInt64(determinismEvery) == 0)
            report.seeds += 1
            if !problems.isEmpty { report.failures.append((seed, schedule(seed), problems)) }
        }
        return report
    }
}

extension JobExplorer {
    /// Explores seeds `from ..< from + count`; every `determinismEvery`-th is run twice.
    public func explore(from: UInt64, count: Int, determinismEvery: Int = 8) -> ExplorationReport {
        .of(from: from, count: count, determinismEvery: determinismEvery, explore: { explore(seed: $0, determinism: $1) },
            schedule: { JobCase(seed: $0).description })
    }
}
