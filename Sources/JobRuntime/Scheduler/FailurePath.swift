/// How a job's status goes through a failover in one scheduler era, as data (spec §2.2,
/// §2.3, §5.2): which statuses it passes on the way to a restart or to FAILED, and which
/// failures the restart strategy hears of.
///
/// 1.8 (legacy): RUNNING → FAILING → RESTARTING → CREATED → RUNNING, one notification per
/// failover (failures arriving while FAILING are ignored). 1.10+ (default scheduler):
/// RUNNING → RESTARTING (→ RESTARTING for each further failure it is told of) → RUNNING,
/// every failed task a notification; FAILING only on the way to FAILED.
struct FailurePath: Equatable, Sendable {
    /// What the job goes through before the strategy is asked.
    let onFailure: [JobStatus]
    /// Whether each failed task is a notification of its own, or the failover one.
    let notifiesEachTask: Bool
    /// Whether every restart decision shows as RESTARTING, with the failure's cause.
    let restartingEachDecision: Bool
    /// Whether the way to FAILED goes through FAILING (with the cause and why recovery is suppressed).
    let failsThroughFailing: Bool
    /// Between RESTARTING and RUNNING again.
    let beforeRunning: [JobStatus]
    /// Whether a cancel during RESTARTING skips CANCELLING (the tasks are down already).
    let cancelFromRestartingIsImmediate: Bool

    static func of(_ era: SchedulerEra) -> FailurePath {
        switch era {
        case .legacy:
            FailurePath(onFailure: [.failing], notifiesEachTask: false, restartingEachDecision: false,
                        failsThroughFailing: false, beforeRunning: [.created], cancelFromRestartingIsImmediate: true)
        case .defaultScheduler:
            FailurePath(onFailure: [], notifiesEachTask: true, restartingEachDecision: true,
                        failsThroughFailing: true, beforeRunning: [], cancelFromRestartingIsImmediate: false)
        }
    }

    /// A failover worked out: the status changes to make, in order; the restarts it counts
    /// (`numRestarts`: each new attempt the strategy allowed, even when a later failure of
    /// the same batch then fails the job); and when the restart is due, or nil: the job FAILED.
    struct Plan: Equatable {
        var transitions: [Change] = []
        var newAttempts = 0
        var restartAfterMs: Int64?

        struct Change: Equatable {
            let status: JobStatus
            let cause: String?
        }
    }

    /// What `failures` failed tasks (at least one; `cause` names the first) at `nowMs` lead to:
    /// the strategy told of each failure this era notifies, in turn, until it refuses.
    func plan(failures: Int, cause: String, strategy: any RestartStrategy, nowMs: Int64) -> Plan {
        var plan = Plan()
        plan.transitions = onFailure.map { Plan.Change(status: $0, cause: cause) }
        var backoff: Int64 = 0
        for i in 0..<(notifiesEachTask ? failures : min(failures, 1)) {
            let isNewAttempt = strategy.notifyFailure(atMs: nowMs)
            guard strategy.canRestart(atMs: nowMs) else {
                let suppressed = "Recovery is suppressed by \(strategy.description)"
                if failsThroughFailing { plan.transitions.append(.init(status: .failing, cause: "\(cause); \(suppressed)")) }
                plan.transitions.append(.init(status: .failed, cause: failsThroughFailing ? nil : suppressed))
                return plan
            }
            if isNewAttempt { plan.newAttempts += 1 }
            backoff = max(backoff, strategy.backoffMs(atMs: nowMs))
            if i == 0 || restartingEachDecision {
                plan.transitions.append(.init(status: .restarting, cause: restartingEachDecision ? cause : nil))
            }
        }
        plan.restartAfterMs = backoff
        return plan
    }

    /// The way from RESTARTING back to RUNNING, for restart number `restart` after `backoffMs`.
    func restartTransitions(restart: Int, backoffMs: Int64) -> [Plan.Change] {
        beforeRunning.map { Plan.Change(status: $0, cause: nil) }
            + [Plan.Change(status: .running, cause: "restart #\(restart) after \(backoffMs) ms")]
    }
}
