import Clock
import JobRuntime
import Testing

/// Restarts as the job sees them: attempts and delays counted on the virtual clock, and the
/// job-status path of each Flink era.
@Suite struct RestartTests {
    /// sequence 1…100 → a map that fails on record 50 `failures` times → collect.
    func flakyJob(failures: Int, collector: Collector = Collector()) -> JobGraph {
        var graph = JobGraph(name: "flaky")
        let source = graph.add(.source(.sequence(from: 1, to: 100), rate: nil))
        let map = graph.add(.map(failingMap(at: 50, times: failures)), input: source)
        graph.add(.sink(.collect(collector)), input: map)
        return graph
    }

    func fixedDelay(_ attempts: Int, _ delay: String) -> [String: String] {
        ["restart-strategy.type": "fixed-delay", "restart-strategy.fixed-delay.attempts": "\(attempts)",
         "restart-strategy.fixed-delay.delay": delay]
    }

    @Test func fixedDelayRestartsAfterEachDelayAndTheOutputIsWhole() throws {
        let collector = Collector()
        let job = try runToEnd(flakyJob(failures: 3, collector: collector)) { $0.restart = fixedDelay(3, "10 s") }
        #expect(job.status == .finished)
        #expect(job.numRestarts == 3)
        #expect(jobPath(job) == ["INITIALIZING", "CREATED", "RUNNING", "RESTARTING", "RUNNING", "RESTARTING", "RUNNING",
                                 "RESTARTING", "RUNNING", "FINISHED"])
        #expect(jobTimes(job).filter { $0.0 == "RUNNING" }.map(\.1) == [0, 10, 20, 30])
        #expect(collector.values == (1...100).map { .int(Int64($0)) })
    }

    @Test func fixedDelayFailsTheJobWhenAttemptsRunOut() throws {
        let job = try runToEnd(flakyJob(failures: 3)) { $0.restart = fixedDelay(2, "10 s") }
        #expect(job.status == .failed)
        #expect(job.numRestarts == 2)
        #expect(Array(jobPath(job).suffix(3)) == ["RUNNING", "FAILING", "FAILED"])
        #expect(jobTimes(job).last?.1 == 20)
        #expect(job.failureCause?.message == "'Map' failed: record 50 is cursed")
        let failing = job.events.last { $0.to == "FAILING" }
        #expect(failing?.cause?.hasSuffix("Recovery is suppressed by FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=2, backoffTimeMS=10000)") == true)
    }

    @Test func version1_8GoesThroughFailingAndCreatedOnEveryRestart() throws {
        let job = try runToEnd(flakyJob(failures: 1)) {
            $0.flinkVersion = .v1_8
            $0.restart = fixedDelay(1, "10 s")
        }
        #expect(job.status == .finished)
        #expect(jobPath(job) == ["CREATED", "RUNNING", "FAILING", "RESTARTING", "CREATED", "RUNNING", "FINISHED"])
        let failed = try runToEnd(flakyJob(failures: 2)) {
            $0.flinkVersion = .v1_8
            $0.restart = fixedDelay(1, "10 s")
        }
        #expect(jobPath(failed) == ["CREATED", "RUNNING", "FAILING", "RESTARTING", "CREATED", "RUNNING", "FAILING", "FAILED"])
    }

    @Test func version1_11RestartsWithoutFailing() throws {
        let job = try runToEnd(flakyJob(failures: 1)) {
            $0.flinkVersion = .v1_11
            $0.restart = fixedDelay(1, "10 s")
        }
        #expect(jobPath(job) == ["CREATED", "RUNNING", "RESTARTING", "RUNNING", "FINISHED"])
    }

    @Test func noneFailsOnTheFirstFailure() throws {
        let job = try runToEnd(flakyJob(failures: 1)) { $0.restart = ["restart-strategy.type": "none"] }
        #expect(jobPath(job) == ["INITIALIZING", "CREATED", "RUNNING", "FAILING", "FAILED"])
        #expect(job.numRestarts == 0)
    }

    @Test func anUnconfiguredJobWithoutCheckpointsDoesNotRestart() throws {
        #expect(try runToEnd(flakyJob(failures: 1)).status == .failed)
    }

    @Test func failureRateCountsFailuresWithinTheInterval() throws {
        let rate = ["restart-strategy.type": "failure-rate",
                    "restart-strategy.failure-rate.max-failures-per-interval": "2",
                    "restart-strategy.failure-rate.failure-rate-interval": "1 min",
                    "restart-strategy.failure-rate.delay": "20 s"]
        // Failures at 0, 20, 40 s: the third is within a minute of the first.
        let job = try runToEnd(flakyJob(failures: 3)) { $0.restart = rate }
        #expect(job.status == .failed)
        #expect(jobTimes(job).last?.1 == 40)
        // With 40 s between restarts, failures at 0, 40, 80 s never crowd a minute.
        var slow = rate
        slow["restart-strategy.failure-rate.delay"] = "40 s"
        let patient = try runToEnd(flakyJob(failures: 3)) { $0.restart = slow }
        #expect(patient.status == .finished)
        #expect(patient.numRestarts == 3)
    }

    @Test func exponentialDelayWaitsLongerEachTime() throws {
        let job = try runToEnd(flakyJob(failures: 4)) {
            $0.flinkVersion = .v1_15
            $0.restart = ["restart-strategy.type": "exponential-delay", "restart-strategy.exponential-delay.jitter-factor": "0"]
        }
        #expect(job.status == .finished)
        #expect(jobTimes(job).filter { $0.0 == "RUNNING" }.map(\.1) == [0, 1, 3, 7, 15])
    }

    /// Found by trying it: a job that fails on its first record fails at the very instant of
    /// its restart (a restart takes no virtual time); 1.19+'s exponential-delay took that for
    /// a failure during the pending restart, merged it, and restarted at the same instant for
    /// ever (floe spun at 100 % CPU under Flink's default strategy).
    @Test func aJobFailingAtTheInstantOfItsRestartBacksOffUnderTheDefaultStrategy() throws {
        var graph = JobGraph(name: "always failing")
        let source = graph.add(.source(.sequence(from: 1, to: 1_000_000), rate: 10))
        let map = graph.add(.map(failingMap(at: 1, times: .max)), input: source)
        graph.add(.sink(.discard), input: map)
        let clock = VirtualClock()
        var configuration = JobConfiguration()
        configuration.checkpointInterval = 60
        configuration.restart = ["restart-strategy.exponential-delay.jitter-factor": "0", "restart-strategy.type": "exponential-delay"]
        let job = try JobManager(graph: graph, configuration: configuration, clock: clock)
        job.submit()
        #expect(clock.advance(bySeconds: 30) == .reached)
        #expect(clock.now == Instant(seconds: 30))
        // The first record fails at 1 s; restarts 1, 1.5, 2.25, 3.375, 5.062, 7.593 s after each failure (×1.5), each failing at once: the seventh is due after 30 s.
        let restarts = jobTimes(job).filter { $0.0 == "RUNNING" }.map(\.1)
        #expect(restarts == [0, 2, 3.5, 5.75, 9.125, 14.187, 21.78])
        #expect(job.numRestarts == 7)
    }

    /// Found by the lifecycle explorer: after some 110 attempts of a job that fails for
    /// hours, 1.19+'s backoff base (1 s × 1.5^attempt) no longer fit an Int64 and floe trapped.
    @Test func aJobFailingForADayUnderTheDefaultStrategyWaitsTheMaximumAndNeverTraps() throws {
        var graph = JobGraph(name: "always failing")
        let source = graph.add(.source(.sequence(from: 1, to: 1_000_000), rate: 10))
        graph.add(.sink(.discard), input: graph.add(.map(failingMap(at: 1, times: .max)), input: source))
        let job = try runToEnd(graph, { $0.checkpointInterval = 60 }, limit: 86_400)
        #expect(job.status == .restarting || job.status == .running)
        // 60 s apart once the backoff is at its maximum: about 1,440 restarts in a day.
        #expect((1_300...1_460).contains(job.numRestarts), "\(job.numRestarts)")
    }

    @Test func theSameFaultyJobGivesTheSameEventsEveryRun() throws {
        func run() throws -> [String] {
            try runToEnd(flakyJob(failures: 2)) {
                $0.restart = ["restart-strategy.type": "exponential-delay"]
                $0.seed = 11
            }.events.map(\.description)
        }
        let first = try run()
        #expect(first == (try run()))
        #expect(first.contains { $0.contains("task Source: sequence -> Map -> Sink: collect (1/1) #2 RUNNING -> FINISHED") })
    }

    @Test func cancellingDropsAPendingRestart() throws {
        let clock = VirtualClock()
        var configuration = JobConfiguration()
        configuration.restart = fixedDelay(5, "1 min")
        let job = try JobManager(graph: flakyJob(failures: 5), configuration: configuration, clock: clock)
        job.submit()
        _ = clock.advance(bySeconds: 30)
        #expect(job.status == .restarting)
        job.cancel()
        _ = clock.advance(bySeconds: 600)
        #expect(jobPath(job).suffix(3) == ["RESTARTING", "CANCELLING", "CANCELED"])
        #expect(job.numRestarts == 1)
    }
}
