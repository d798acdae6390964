import Foundation
import Clock
import JobRuntime
import Testing

/// What the runtime explorer found (issue 12), each as a test of its own.
@Suite struct FailoverOutputTests {
    /// sequence 1…count at `rate` → [map that fails on record `poison` once] → key_by % m → sum → collect.
    func run(parallelism: Int, count: Int64, rate: Double, modulo: Int64, version: FlinkVersion = .v1_20,
             poison: Value? = nil, faults: [(Double, Fault)] = []) throws -> (JobManager, [Value]) {
        let collector = Collector()
        var graph = JobGraph(name: "sums", parallelism: parallelism)
        var last = graph.add(.source(.sequence(from: 1, to: count), rate: rate))
        if let poison { last = graph.add(.map(failingMap(at: poison, times: 1)), input: last) }
        let sum = graph.add(.aggregate(Aggregation(.sum)), input: graph.add(.keyBy(.modulo(modulo)), input: last))
        graph.add(.sink(.collect(collector)), input: sum)
        let clock = VirtualClock()
        var configuration = JobConfiguration()
        configuration.flinkVersion = version
        configuration.checkpointInterval = 1
        let job = try JobManager(graph: graph, configuration: configuration, clock: clock)
        for (at, fault) in faults { clock.schedule(at: Instant(seconds: at)) { job.inject(fault) } }
        job.submit()
        _ = clock.advance(to: Instant(seconds: 3600), stop: { job.status.isTerminal })
        return (job, collector.values)
    }

    /// A restored source subtask re-divided the records left among the subtasks (what a
    /// rescale needs), so after a failover at the same parallelism the records arrived in
    /// other steps than in the first run: each key's running sums came out in another order.
    @Test func aFailoverAtTheSameParallelismGivesTheFaultFreeOutputRecordForRecord() throws {
        let (_, clean) = try run(parallelism: 4, count: 50, rate: 20, modulo: 1)
        let (job, recovered) = try run(parallelism: 4, count: 50, rate: 20, modulo: 1, poison: .int(35))
        #expect(job.status == .finished && job.numRestarts == 1)
        #expect(recovered == clean)
    }

    /// A failover restoring a slow checkpoint replayed from after the checkpoint's completion,
    /// not from after its cut: the steps between came out as one, in another order.
    @Test func aFailoverFromASlowCheckpointReplaysFromItsCut() throws {
        let (_, clean) = try run(parallelism: 2, count: 50, rate: 5, modulo: 3)
        let (job, recovered) = try run(parallelism: 2, count: 50, rate: 5, modulo: 3,
                                       faults: [(5.6, .slowCheckpoint(seconds: 0.5)), (7.5, .taskFailure(task: 0, afterRecords: 2))])
        #expect(job.numRestarts == 1)
        // Checkpoint 6, triggered at 6 s, completes at 7 s; the failure at 8 s restores it.
        #expect(job.events.contains { $0.description.hasPrefix("2026-01-01 00:00:07 checkpoint 6 IN_PROGRESS -> COMPLETED") })
        #expect(recovered == clean)
    }

    /// Flink 1.8 counts one restart per failover: the failures that arrive while the job is
    /// FAILING are ignored. floe counted (and spent restart attempts on) each lost task.
    @Test func aLostTaskManagerIsOneRestartOnFlink1_8() throws {
        let (job, _) = try run(parallelism: 2, count: 100, rate: 10, modulo: 3, version: .v1_8,
                               faults: [(3.5, .taskManagerLost(index: 0, at: 3.5))])
        #expect(job.status == .finished)
        #expect(job.numRestarts == 1)
        #expect(job.events.filter { $0.subject == .job && $0.to == "RESTARTING" }.count == 1)
    }
}

/// Found by running the explorer for 20,000 seeds: each backend's worker thread held its
/// pool and never ended, so a process that made thousands of backends could not fork.
@Suite struct BackendThreadTests {
    func threads() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = status.split(separator: "\n").first { $0.hasPrefix("Threads:") } ?? ""
        return Int(line.split(separator: "\t").last.map(String.init) ?? "") ?? -1
    }

    @Test func aBackendEndsItsThreadsWhenItGoes() throws {
        let before = try threads()
        for _ in 0..<200 {
            let clock = VirtualClock()
            let backend = EmbeddedJobBackend(clock: clock, workers: 2)
            var graph = JobGraph(name: "tiny", parallelism: 2)
            graph.add(.sink(.discard), input: graph.add(.source(.sequence(from: 1, to: 100), rate: nil)))
            let job = try backend.submit(graph, configuration: JobConfiguration())
            _ = clock.advance(bySeconds: 10, stop: { job.status.isTerminal })
            #expect(job.status == .finished)
        }
        // Other tests run beside this one: allow their threads, not two hundred of ours.
        let after = try threads()
        #expect(after - before < 50, "threads grew from \(before) to \(after)")
    }
}
