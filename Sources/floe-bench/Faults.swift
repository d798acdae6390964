// `floe-bench faults [--seeds N] [--from S] [--events]`: the runtime explorer over many
// seeds (the suite runs 2,000). Prints each failing seed with the case and fault schedule
// that reproduce it (`--from SEED --seeds 1` runs it alone; `--events` adds its job events).
#if canImport(Glibc)
import Glibc
#endif
import JobRuntime
import LuaHost
import RuntimeExplorer

/// `floe-bench faults --digest`: one hash of every seed's event log and status log, to show a
/// refactoring of the scheduler changed nothing a job or an application does.
func digestFaults(seeds: Int, from: UInt64) {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    func mix(_ line: String) { for b in line.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 } }
    let jobs = JobExplorer(luaGraphs: nil)
    for seed in from..<from + UInt64(seeds) { jobs.outcome(seed: seed).forEach(mix) }
    let lifecycle = LifecycleExplorer()
    for seed in from..<from + UInt64(max(1, seeds / 10)) { lifecycle.statusLog(seed: seed).forEach(mix) }
    print("faults digest (seeds \(from) to \(from + UInt64(seeds) - 1)): \(String(h, radix: 16))")
}

func benchFaults(seeds: Int, from: UInt64, events: Bool) {
    let luaGraphs: LuaGraphs = { script, name, parallelism in
        let (graph, collectors) = try JobScripts.graph(source: script, name: name, parallelism: parallelism)
        return (graph, collectors["out"] ?? Collector())
    }
    let explorer = JobExplorer(luaGraphs: luaGraphs)
    let start = nanoseconds()
    var report = ExplorationReport()
    let chunk = 500
    var next = from
    while report.seeds < seeds {
        let part = explorer.explore(from: next, count: min(chunk, seeds - report.seeds))
        report.seeds += part.seeds
        report.failures += part.failures
        next += UInt64(part.seeds)
        show(part, events ? { explorer.events(seed: $0) } : nil)
    }
    let seconds = Double(nanoseconds() - start) / 1e9
    print("faults, jobs: \(report.summary) (seeds \(from) to \(from + UInt64(seeds) - 1), \(String(format: seconds)) s, \(String(format: Double(seeds) / seconds)) seeds/s)")

    print("threads left after the jobs: \(threadCount())")
    // Applications: a tenth as many seeds (each is a few applications over hours).
    let lifecycle = LifecycleExplorer()
    let lifecycleSeeds = seeds == 1 ? 1 : max(1, seeds / 10)
    let lifecycleStart = nanoseconds()
    let apps = lifecycle.explore(from: from, count: lifecycleSeeds)
    show(apps, events ? { lifecycle.statusLog(seed: $0) } : nil)
    let appSeconds = Double(nanoseconds() - lifecycleStart) / 1e9
    print("faults, applications: \(apps.summary) (seeds \(from) to \(from + UInt64(lifecycleSeeds) - 1), \(String(format: appSeconds)) s)")
    print("threads left: \(threadCount())")
}

/// The process's threads now (/proc/self/status): what the runs left behind.
func threadCount() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return -1 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("Threads:") { return Int(text.dropFirst(8).filter { !$0.isWhitespace }) ?? -1 }
    }
    return -1
}

/// Each failing seed: its case and schedule, what broke, and (`log`) what it did.
private func show(_ report: ExplorationReport, _ log: ((UInt64) -> [String])?) {
    for failure in report.failures {
        print(failure.schedule)
        for problem in failure.problems { print("  - \(problem)") }
        for line in log?(failure.seed) ?? [] { print("    \(line)") }
    }
}
