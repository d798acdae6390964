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
        let threads = try #require(clock.workRunner, "the backend runs steps on its threads")
        let counting = CountingRunner(threads)
        clock.workRunner = counting
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
            if j == 3 { try job.inject(.taskFailure(task: 0, afterRecords: 400)) }
            running.append(job)
        }
        _ = clock.advance(to: Instant(seconds: seconds), concurrently: concurrently, stop: { false })
        let lines = running.flatMap { job in
            job.events.map { "\($0.time.seconds) \($0.subject) \($0.from)→\($0.to) \($0.cause ?? "")" }
                + ["\(job.metrics.operators.map { "\($0.numRecordsIn)/\($0.numRecordsOut)" }) restarts \(job.metrics.numRestarts)",
                   "checkpoints \(job.metrics.numberOfCompletedCheckpoints) last \(job.metrics.lastCheckpointSize)"]
        }
        return (lines, counting.batches)
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

/// An action that reads another job of its batch waits for that job's work (`Clock.settle`):
/// it always sees the other job's step done, whichever thread had it and however far along.
@Suite struct SettleTests {
    /// Jobs checkpointing every 5 s; whenever job 0 completes a checkpoint, its observer reads
    /// every job's count of completed checkpoints. Returns those readings and, for each, what
    /// the jobs' own events say they had completed by then.
    func readings(concurrently: Bool) throws -> (seen: [[Int]], completedBy: [[Int]]) {
        let clock = VirtualClock()
        let backend = EmbeddedJobBackend(clock: clock, workers: 2)
        var jobs: [any RunningJob] = []
        for j in 0..<6 {
            var graph = JobGraph(name: "counts \(j)", parallelism: 1, maxParallelism: 16)
            let source = graph.add(.source(.sequence(from: 1, to: Int64.max), rate: Double(500 + 100 * j)), uid: "numbers")
            let counts = graph.add(.aggregate(Aggregation(.count)), input: graph.add(.keyBy(.modulo(97)), input: source), uid: "counts")
            graph.add(.sink(.discard), input: counts)
            var configuration = JobConfiguration()
            configuration.checkpointInterval = 5
            configuration.checkpointHistory = 100
            jobs.append(try backend.submit(graph, configuration: configuration))
        }
        var seen: [[Int]] = [], times: [Instant] = []
        jobs[0].observe { event in
            guard case .checkpoint = event.subject, event.to == "COMPLETED" else { return }
            times.append(event.time)
            seen.append(jobs.map { $0.metrics.numberOfCompletedCheckpoints })
        }
        _ = clock.advance(to: Instant(seconds: 60), concurrently: concurrently, stop: { false })
        let completedBy = times.map { time in
            jobs.map { job in job.events.filter { if case .checkpoint = $0.subject { $0.to == "COMPLETED" && $0.time <= time } else { false } }.count }
        }
        return (seen, completedBy)
    }

    @Test func anActionSeesEveryOtherJobsStepOfItsInstantDone() throws {
        let (seen, completedBy) = try readings(concurrently: true)
        #expect(seen.count >= 10)
        #expect(seen == completedBy)
        // One after another, job 0's action comes before the others' steps of that instant.
        let (serial, _) = try readings(concurrently: false)
        #expect(serial.map { Array($0.dropFirst()) } == completedBy.map { $0.dropFirst().map { $0 - 1 } })
    }
}

/// The backend's runner, counting the batches handed to it.
final class CountingRunner: WorkRunner {
    let threads: any WorkRunner
    var batches = 0
    init(_ threads: any WorkRunner) { self.threads = threads }
    func start(_ works: [OwnedWork]) {
        batches += 1
        threads.start(works)
    }
    func wait(for index: Int) { threads.wait(for: index) }
    func finish() { threads.finish() }
}
