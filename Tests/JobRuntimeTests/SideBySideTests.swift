import Clock
import JobRuntime
import Testing

/// Jobs' steps due at one instant run side by side on the backend's threads when the clock
/// advances concurrently; what they do is the same as one step after another.
@Suite struct SideBySideStepTests {
    /// `jobs` rated keyed counts with checkpoints every 10 s, one with a task failure, run
    /// for `seconds`: every job's events (with times), records and checkpoints, as text.
    func run(jobs: Int, seconds: Double, concurrently: Bool) throws -> (lines: [String], batches: Int) {
        let clock = VirtualClock()
        let backend = EmbeddedJobBackend(clock: clock, workers: 2)
        let threads = try #require(clock.runSideBySide, "the backend runs steps on its threads")
        var batches = 0
        clock.runSideBySide = { works in
            batches += 1
            threads(works)
        }
        var running: [any RunningJob] = []
        for j in 0..<jobs {
            var graph = JobGraph(name: "counts \(j)", parallelism: 1 + j % 2, maxParallelism: 16)
            let source = graph.add(.source(.sequence(from: 1, to: Int64.max), rate: Double(50 + 10 * j)), uid: "numbers")
            graph.shape(source, .cycle(amplitude: 0.5, period: 60, peak: 30))
            let counts = graph.add(.aggregate(Aggregation(.count)), input: graph.add(.keyBy(.modulo(7)), input: source), uid: "counts")
            graph.add(.sink(.discard), input: counts)
            var configuration = JobConfiguration()
            configuration.checkpointInterval = 10
            configuration.restart = ["restart-strategy.type": "fixed-delay", "restart-strategy.fixed-delay.attempts": "3",
                                     "restart-strategy.fixed-delay.delay": "5 s"]
            let job = try backend.submit(graph, configuration: configuration)
            if j == 3 { job.inject(.taskFailure(task: 0, afterRecords: 400)) }
            running.append(job)
        }
        _ = clock.advance(to: Instant(seconds: seconds), concurrently: concurrently, stop: { false })
        let lines = running.flatMap { job in
            job.events.map { "\($0.time.seconds) \($0.subject) \($0.from)→\($0.to) \($0.cause ?? "")" }
                + ["\(job.metrics.operators.map { "\($0.numRecordsIn)/\($0.numRecordsOut)" }) restarts \(job.metrics.numRestarts)",
                   "checkpoints \(job.metrics.numberOfCompletedCheckpoints) last \(job.metrics.lastCheckpointSize)"]
        }
        return (lines, batches)
    }

    @Test func sideBySideStepsDoWhatOneAfterAnotherDo() throws {
        let (serial, none) = try run(jobs: 8, seconds: 120, concurrently: false)
        let (sideBySide, batches) = try run(jobs: 8, seconds: 120, concurrently: true)
        #expect(none == 0)
        #expect(batches > 100, "steps ran side by side (\(batches) times)")
        #expect(serial.count == sideBySide.count)
        for (a, b) in zip(serial, sideBySide) where a != b {
            Issue.record("first difference: \(a) vs \(b)")
            break
        }
        #expect(serial.contains { $0.contains("RESTARTING") }, "the injected failure restarted a job")
        #expect(serial.contains { $0.contains("COMPLETED") }, "checkpoints completed")
    }
}
