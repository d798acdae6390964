import Clock
import JobRuntime
import Testing

@Suite struct RestartStrategyTests {
    /// Feeds failures at the given times (ms) to a fresh strategy and records, for each,
    /// whether it was a new attempt, whether a restart is allowed and after what backoff.
    func decisions(_ configuration: RestartStrategyConfiguration, failuresAt times: [Int64])
        -> [(new: Bool, restart: Bool, backoff: Int64)]
    {
        let strategy = configuration.makeStrategy(random: SeededRandom(seed: 1))
        return times.map { now in
            let new = strategy.notifyFailure(atMs: now)
            return (new, strategy.canRestart(atMs: now), strategy.backoffMs(atMs: now))
        }
    }

    func resolve(_ config: [String: String], _ version: FlinkVersion = .v1_20, checkpointing: Bool = true) throws
        -> RestartStrategyConfiguration
    {
        try RestartStrategyConfiguration.resolve(config, version: version, checkpointing: checkpointing)
    }

    @Test func noneFailsTheJobOnTheFirstFailure() {
        #expect(decisions(.none, failuresAt: [0]).map(\.restart) == [false])
    }

    @Test func fixedDelayAllowsNRestartsEachAfterTheDelay() throws {
        let config = try resolve(["restart-strategy.type": "fixed-delay",
                                  "restart-strategy.fixed-delay.attempts": "3",
                                  "restart-strategy.fixed-delay.delay": "10 s"])
        #expect(config == .fixedDelay(attempts: 3, delayMs: 10_000))
        let d = decisions(config, failuresAt: [0, 20_000, 40_000, 60_000])
        #expect(d.map(\.restart) == [true, true, true, false])
        #expect(d.prefix(3).allSatisfy { $0.backoff == 10_000 })
    }

    @Test func failureRateFailsOnTheFailureThatExceedsTheRateWithinTheInterval() throws {
        let config = try resolve(["restart-strategy": "failure-rate",
                                  "restart-strategy.failure-rate.max-failures-per-interval": "2",
                                  "restart-strategy.failure-rate.failure-rate-interval": "1 min",
                                  "restart-strategy.failure-rate.delay": "5 s"])
        #expect(config == .failureRate(maxFailures: 2, intervalMs: 60_000, delayMs: 5000))
        // Spread out: every failure is more than a minute after the oldest retained one.
        #expect(decisions(config, failuresAt: [0, 40_000, 80_000, 160_000]).map(\.restart) == [true, true, true, true])
        // Three within a minute: the third fails the job.
        #expect(decisions(config, failuresAt: [0, 10_000, 20_000]).map(\.restart) == [true, true, false])
    }

    @Test func exponentialDelayIn1_13To1_18DoublesUpToFiveMinutes() throws {
        let config = try resolve(["restart-strategy.type": "exponential-delay",
                                  "restart-strategy.exponential-delay.jitter-factor": "0"], .v1_15)
        let times: [Int64] = [0, 2_000, 6_000, 14_000, 30_000, 62_000, 126_000, 254_000, 510_000, 1_000_000]
        let d = decisions(config, failuresAt: times)
        #expect(d.map(\.backoff) == [1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000])
        #expect(d.allSatisfy { $0.new && $0.restart })
        // After a quiet hour (threshold + current backoff) it starts again from the initial backoff.
        let quiet = decisions(config, failuresAt: [0, 2_000, 2_000 + 3_600_000 + 2_000])
        #expect(quiet.map(\.backoff) == [1000, 2000, 1000])
    }

    @Test func exponentialDelayFrom1_19MergesFailuresDuringAPendingRestart() throws {
        let config = try resolve(["restart-strategy.type": "exponential-delay",
                                  "restart-strategy.exponential-delay.jitter-factor": "0",
                                  "restart-strategy.exponential-delay.attempts-before-reset-backoff": "3"])
        // Failures at 0 and 500 ms: the second arrives while the first restart is pending.
        let merged = decisions(config, failuresAt: [0, 500])
        #expect(merged.map(\.new) == [true, false])
        #expect(merged.map(\.backoff) == [1000, 500])
        // 1 s, 1.5 s, 2.25 s; the fourth new attempt exceeds the limit of 3.
        let d = decisions(config, failuresAt: [0, 2_000, 5_000, 9_000])
        #expect(d.map(\.backoff).prefix(3) == [1000, 1500, 2250])
        #expect(d.map(\.restart) == [true, true, true, false])
    }

    @Test func jitterStaysWithinItsBandAndRepeatsWithTheSeed() throws {
        let config = try resolve(["restart-strategy.type": "exponential-delay"], .v1_15)
        let times: [Int64] = [0, 2_000, 6_000, 14_000]
        let first = decisions(config, failuresAt: times).map(\.backoff)
        #expect(first == decisions(config, failuresAt: times).map(\.backoff))
        for (backoff, base) in zip(first, [1000, 2000, 4000, 8000] as [Int64]) {
            #expect(abs(backoff - base) <= base / 10)
        }
    }

    @Test func unconfiguredJobsGetTheirVersionsBuiltInDefault() throws {
        #expect(try resolve([:], .v1_20, checkpointing: false) == RestartStrategyConfiguration.none)
        #expect(try resolve([:], .v1_8) == .fixedDelay(attempts: Int(Int32.max), delayMs: 0))
        #expect(try resolve([:], .v1_11) == .fixedDelay(attempts: Int(Int32.max), delayMs: 1000))
        #expect(try resolve([:], .v1_18) == .fixedDelay(attempts: Int(Int32.max), delayMs: 1000))
        #expect(try resolve([:], .v1_19) == .exponentialDelay(.defaults(for: .v1_19)))
        #expect(try resolve(["restart-strategy": "fixed-delay"], .v1_8) == .fixedDelay(attempts: 1, delayMs: 10_000))
        #expect(try resolve(["restart-strategy": "fixeddelay"], .v1_11) == .fixedDelay(attempts: 1, delayMs: 1000))
    }

    @Test func badConfigurationIsRefusedWithTheKeyNamed() {
        #expect(throws: RestartConfigurationError(message: "unknown restart strategy 'sometimes' (none, fixed-delay, failure-rate, exponential-delay)")) {
            try resolve(["restart-strategy.type": "sometimes"])
        }
        #expect(throws: RestartConfigurationError(message: "restart-strategy.fixed-delay.delay must be a duration such as '10 s', got 'soon'")) {
            try resolve(["restart-strategy.type": "fixed-delay", "restart-strategy.fixed-delay.delay": "soon"])
        }
        #expect(throws: RestartConfigurationError(message: "restart strategy 'exponential-delay' needs Flink 1.13 or later (this job runs 1.11)")) {
            try resolve(["restart-strategy.type": "exponential-delay"], .v1_11)
        }
    }

    @Test func flinkDurationsParseWithTheirUnits() {
        #expect(FlinkDuration.milliseconds("10 s") == 10_000)
        #expect(FlinkDuration.milliseconds("1min") == 60_000)
        #expect(FlinkDuration.milliseconds("250") == 250)
        #expect(FlinkDuration.milliseconds(" 2 h ") == 7_200_000)
        #expect(FlinkDuration.milliseconds("1 fortnight") == nil)
        #expect(FlinkDuration.milliseconds("s") == nil)
    }
}
