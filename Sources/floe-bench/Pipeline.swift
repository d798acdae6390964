#if canImport(Glibc)
import Glibc
#endif
import Clock
import JobRuntime

// Issue #3's figure: records per second through
// sequence(1…10,000,000) → key_by(x % 1000) → sum → discard, built-in operators only,
// from submission to FINISHED (virtual time stands still; this is wall time).
func benchPipeline() throws {
    let records: Int64 = 10_000_000
    print("pipeline sequence → key_by(x % 1000) → sum → discard, \(records) records (best of 3):")
    for parallelism in [1, 2] {
        var best = Double.infinity
        for _ in 0..<3 {
            var graph = JobGraph(name: "bench", parallelism: parallelism)
            let source = graph.add(.source(.sequence(from: 1, to: records), rate: nil))
            let keyed = graph.add(.keyBy(.modulo(1000)), input: source)
            let sum = graph.add(.aggregate(Aggregation(.sum)), input: keyed)
            graph.add(.sink(.discard), input: sum)
            let clock = VirtualClock()
            let job = try JobManager(graph: graph, clock: clock)
            let start = nanoseconds()
            job.submit()
            _ = clock.advance(to: Instant(seconds: 1), stop: { job.status.isTerminal })
            let seconds = Double(nanoseconds() - start) / 1e9
            precondition(job.status == .finished, "the benchmark job ended \(job.status)")
            best = min(best, seconds)
        }
        print("  parallelism \(parallelism): \(String(format: Double(records) / best / 1e6)) M records/s (\(String(format: best)) s)")
    }
}
