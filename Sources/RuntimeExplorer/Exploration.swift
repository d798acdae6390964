/// Seeds explored, and what failed.
public struct ExplorationReport: Sendable {
    public var seeds = 0
    /// Each failing seed with its case and what broke.
    public var failures: [(seed: UInt64, schedule: String, problems: [String])] = []

    public init() {}

    public var summary: String { "\(seeds) seeds, \(failures.count) failed" }
}

extension JobExplorer {
    /// Explores seeds `from ..< from + count`; every `determinismEvery`-th is run twice.
    public func explore(from: UInt64, count: Int, determinismEvery: Int = 8) -> ExplorationReport {
        var report = ExplorationReport()
        for i in 0..<UInt64(count) {
            let seed = from + i
            let problems = explore(seed: seed, determinism: determinismEvery > 0 && seed % UInt64(determinismEvery) == 0)
            report.seeds += 1
            if !problems.isEmpty { report.failures.append((seed, JobCase(seed: seed).description, problems)) }
        }
        return report
    }
}
