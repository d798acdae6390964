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

// Checkpoint write and restore speed for 1,000,000 keys: a job whose keyed sum holds a
// million keys takes a savepoint (written to a temporary state folder), then a second job
// restores it. Timed: the savepoint's step (snapshot + encode + write) and the restoring
// job's first step (read + decode + rebuild the keyed state), both wall time.
func benchCheckpoints() throws {
    let keys: Int64 = 1_000_000
    func graph(rate: Double) -> JobGraph {
        var graph = JobGraph(name: "million keys", parallelism: 1)
        let source = graph.add(.source(.sequence(from: 1, to: keys + 1000), rate: rate), uid: "numbers")
        let keyed = graph.add(.keyBy(.modulo(keys)), input: source)
        graph.add(.sink(.discard), input: graph.add(.aggregate(Aggregation(.sum)), input: keyed, uid: "sums"))
        return graph
    }
    let clock = VirtualClock()
    var configuration = JobConfiguration()
    configuration.stepSeconds = 1
    let job = try JobManager(graph: graph(rate: Double(keys)), configuration: configuration, clock: clock)
    job.submit()
    _ = clock.advance(bySeconds: 1.5)  // the step at 1 s: a million records, a million keys
    // The savepoint is taken at the step at 2 s, which has only the last 1,000 records to process.
    var savepoint: CompletedCheckpoint?
    job.triggerSavepoint(stop: true) { savepoint = try? $0.get() }
    let writeStart = nanoseconds()
    _ = clock.advance(bySeconds: 1)
    let writeSeconds = Double(nanoseconds() - writeStart) / 1e9
    guard let savepoint else { return print("checkpoints: the savepoint failed") }

    var restore = JobConfiguration()
    restore.restorePath = savepoint.path
    let clock2 = VirtualClock()
    let restored = try JobManager(graph: graph(rate: 1), configuration: restore, clock: clock2)
    let readStart = nanoseconds()
    restored.submit()
    _ = clock2.advance(bySeconds: 0)  // submission, restore, the first step
    let readSeconds = Double(nanoseconds() - readStart) / 1e9
    let mib = Double(savepoint.size) / 1_048_576
    print("checkpoint of \(keys) keys (\(String(format: mib)) MiB):")
    print("  write (snapshot, encode, write, rename): \(String(format: writeSeconds)) s, \(String(format: Double(keys) / writeSeconds / 1e6)) M keys/s")
    print("  restore (read, decode, rebuild state):   \(String(format: readSeconds)) s, \(String(format: Double(keys) / readSeconds / 1e6)) M keys/s")
    restored.cancel()
}
