#if canImport(Glibc)
import Glibc
#endif
import Clock
import JobRuntime
import LuaHost

// Issue #3's figures: records per second through
// sequence(1…N) → key_by(x % 1000) → sum → discard, from submission to FINISHED (virtual
// time stands still; this is wall time): with built-in operators, and with a Lua `map`
// (x * 2, in a job script) in front of the key_by.
func benchPipeline() throws {
    let records: Int64 = 10_000_000
    print("pipeline sequence → key_by(x % 1000) → sum → discard, \(records) records (best of 3):")
    for parallelism in [1, 2] {
        let seconds = try bestOf(3) {
            var graph = JobGraph(name: "bench", parallelism: parallelism)
            let source = graph.add(.source(.sequence(from: 1, to: records), rate: nil))
            let keyed = graph.add(.keyBy(.modulo(1000)), input: source)
            graph.add(.sink(.discard), input: graph.add(.aggregate(Aggregation(.sum)), input: keyed))
            return graph
        }
        print("  built-in, parallelism \(parallelism): \(String(format: Double(records) / seconds / 1e6)) M records/s (\(String(format: seconds)) s)")
    }
    let luaRecords: Int64 = 2_000_000
    let script = "/tmp/floe-bench-lua-map.lua"
    let text = """
        local env = ...
        env:from_sequence(1, \(luaRecords)):map(function(x) return x * 2 end):key_by{ modulo = 1000 }:sum():discard()
        """
    guard let file = fopen(script, "w") else { return print("  cannot write \(script)") }
    fputs(text, file)
    fclose(file)
    for parallelism in [1, 2] {
        let runtime = try LuaRuntime()
        let seconds = try bestOf(3) { () throws -> Double in
            let start = nanoseconds()
            try runtime.run("local job = floe.job{ code = '\(script)', parallelism = \(parallelism) } assert(job:wait() == 'FINISHED', job.failure)")
            return Double(nanoseconds() - start) / 1e9
        }
        print("  Lua map in front, parallelism \(parallelism): \(String(format: Double(luaRecords) / seconds / 1e6)) M records/s (\(String(format: seconds)) s for \(luaRecords))")
    }
}

/// The best wall time of `runs` runs of a graph, from submission to FINISHED.
func bestOf(_ runs: Int, _ graph: () -> JobGraph) throws -> Double {
    try bestOf(runs) { () throws -> Double in
        let clock = VirtualClock()
        let job = try JobManager(graph: graph(), clock: clock)
        let start = nanoseconds()
        job.submit()
        _ = clock.advance(to: Instant(seconds: 1), stop: { job.status.isTerminal })
        precondition(job.status == .finished, "the benchmark job ended \(job.status)")
        return Double(nanoseconds() - start) / 1e9
    }
}

func bestOf(_ runs: Int, _ body: () throws -> Double) throws -> Double {
    var best = Double.infinity
    for _ in 0..<runs { best = min(best, try body()) }
    return best
}
