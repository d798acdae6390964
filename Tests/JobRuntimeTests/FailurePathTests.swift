@testable import JobRuntime
import Testing

/// The failover path as data, per era and strategy: what a plan records, without a job.
@Suite struct FailurePathTests {
    typealias Change = FailurePath.Plan.Change

    func strategy(_ config: [String: String], _ version: FlinkVersion = .v1_20) throws -> any RestartStrategy {
        try RestartStrategyConfiguration.resolve(config, version: version, checkpointing: true).makeStrategy(random: .init(seed: 1))
    }

    static let fixed2 = ["restart-strategy.type": "fixed-delay", "restart-strategy.fixed-delay.attempts": "2",
                         "restart-strategy.fixed-delay.delay": "5 s"]

    @Test func theDefaultSchedulerRestartsThroughRestartingOnceForEachFailedTask() throws {
        let path = FailurePath.of(.defaultScheduler)
        let plan = path.plan(failures: 2, cause: "lost", strategy: try strategy(Self.fixed2), nowMs: 0)
        #expect(plan.transitions == [Change(status: .restarting, cause: "lost"), Change(status: .restarting, cause: "lost")])
        #expect(plan.restartAfterMs == 5000 && plan.newAttempts == 2)
        #expect(path.restartTransitions(restart: 2, backoffMs: 5000) == [Change(status: .running, cause: "restart #2 after 5000 ms")])
    }

    @Test func version1_8GoesThroughFailingAndCreatedAndCountsTheFailoverOnce() throws {
        let path = FailurePath.of(.legacy)
        let plan = path.plan(failures: 3, cause: "lost", strategy: try strategy(Self.fixed2, .v1_8), nowMs: 0)
        #expect(plan.transitions == [Change(status: .failing, cause: "lost"), Change(status: .restarting, cause: nil)])
        #expect(plan.newAttempts == 1)
        #expect(path.restartTransitions(restart: 1, backoffMs: 5000).map(\.status) == [.created, .running])
        #expect(path.cancelFromRestartingIsImmediate && !FailurePath.of(.defaultScheduler).cancelFromRestartingIsImmediate)
    }

    @Test func aStrategyThatRefusesFailsTheJobAlongItsErasPath() throws {
        let none = ["restart-strategy.type": "none"]
        let modern = FailurePath.of(.defaultScheduler).plan(failures: 1, cause: "boom", strategy: try strategy(none), nowMs: 0)
        #expect(modern.restartAfterMs == nil && modern.newAttempts == 0)
        #expect(modern.transitions == [Change(status: .failing, cause: "boom; Recovery is suppressed by NoRestartBackoffTimeStrategy"),
                                       Change(status: .failed, cause: nil)])
        let legacy = FailurePath.of(.legacy).plan(failures: 1, cause: "boom", strategy: try strategy(none, .v1_8), nowMs: 0)
        #expect(legacy.transitions == [Change(status: .failing, cause: "boom"),
                                       Change(status: .failed, cause: "Recovery is suppressed by NoRestartBackoffTimeStrategy")])
    }

    /// The third notification of a batch exhausts fixed-delay(2): the job fails, with the two
    /// RESTARTING decisions before it on the record.
    @Test func attemptsRunOutInsideOneBatchOfFailures() throws {
        let plan = FailurePath.of(.defaultScheduler).plan(failures: 3, cause: "lost", strategy: try strategy(Self.fixed2), nowMs: 0)
        #expect(plan.restartAfterMs == nil && plan.newAttempts == 2)
        #expect(plan.transitions.map(\.status) == [.restarting, .restarting, .failing, .failed])
    }

    /// Every transition a plan makes is an edge of its era's table.
    @Test func everyPlannedPathIsAllowedByTheStatusTable() throws {
        for era in [SchedulerEra.legacy, .defaultScheduler] {
            let version: FlinkVersion = era == .legacy ? .v1_8 : .v1_20
            for config in [Self.fixed2, ["restart-strategy.type": "none"], [:]] {
                for failures in 1...3 {
                    let path = FailurePath.of(era)
                    let plan = path.plan(failures: failures, cause: "x", strategy: try strategy(config, version), nowMs: 0)
                    var status = JobStatus.running
                    let all = plan.transitions + (plan.restartAfterMs.map { path.restartTransitions(restart: 1, backoffMs: $0) } ?? [])
                    for change in all {
                        #expect(JobStatusTransitions.isAllowed(from: status, to: change.status, era: era), "\(era) \(status) -> \(change.status)")
                        status = change.status
                    }
                }
            }
        }
    }
}
