import JobRuntime

/// What a restart strategy allows (spec: flink-runtime §5), checked against what a job did:
/// how many restarts, and how long each waited from the failure to RUNNING again.
enum RestartRules {
    static func strategy(of c: JobCase) throws -> RestartStrategyConfiguration {
        try RestartStrategyConfiguration.resolve(c.restart, version: c.flinkVersion, checkpointing: c.checkpointInterval != nil)
    }

    /// One job's restarts: when each began (RESTARTING) and when it ran again (nil: it did not).
    static func restarts(of job: JobManager) -> [(began: Int64, running: Int64?)] {
        var out: [(Int64, Int64?)] = []
        var open: Int64?
        for event in job.events where event.subject == .job {
            let ms = event.time.nanoseconds / 1_000_000
            if event.to == "RESTARTING", open == nil { open = ms }
            if event.to == "RUNNING", let began = open {
                out.append((began, ms))
                open = nil
            }
        }
        if let open { out.append((open, nil)) }
        return out
    }

    static func check(_ c: JobCase, jobs: [JobManager]) -> [String] {
        guard let strategy = try? strategy(of: c) else { return ["the case's restart options were refused: \(c.restart)"] }
        var problems: [String] = []
        for job in jobs {
            let all = restarts(of: job)
            let done = all.filter { $0.running != nil }
            let pending = job.status == .restarting ? 1 : 0
            // The default scheduler counts every failure notification that is a new attempt
            // (a TaskManager lost with k tasks: up to k, each logged RESTARTING); 1.8 counts
            // once per failover, the failures that arrive while FAILING ignored.
            let decisions = job.events.filter { $0.subject == .job && $0.to == "RESTARTING" }.count
            if c.flinkVersion.era == .legacy ? job.numRestarts != done.count + pending
                : job.numRestarts < done.count || job.numRestarts > decisions {
                problems.append("numRestarts is \(job.numRestarts), but the job restarted \(done.count) times (\(decisions) RESTARTING)")
            }
            let gaps = done.map { $0.running! - $0.began }
            switch strategy {
            case .none:
                if !all.isEmpty { problems.append("restart strategy none, yet the job restarted \(all.count) times") }
            case .fixedDelay(let attempts, let delay):
                if done.count > attempts { problems.append("fixed-delay allows \(attempts) restarts; the job made \(done.count)") }
                if let wrong = gaps.first(where: { $0 != delay }) { problems.append("fixed-delay waits \(delay) ms; a restart waited \(wrong) ms") }
            case .failureRate(_, _, let delay):
                if let wrong = gaps.first(where: { $0 != delay }) { problems.append("failure-rate waits \(delay) ms; a restart waited \(wrong) ms") }
            case .exponentialDelay(let o):
                let low = o.mergesFailures ? o.initialBackoffMs : o.initialBackoffMs - Int64((Double(o.initialBackoffMs) * o.jitterFactor).rounded(.down))
                let high = o.mergesFailures ? max(o.initialBackoffMs, o.maxBackoffMs) : o.maxBackoffMs
                if let wrong = gaps.first(where: { $0 < min(low, high) || $0 > high }) {
                    problems.append("exponential-delay waits \(min(low, high)) to \(high) ms; a restart waited \(wrong) ms")
                }
                if o.mergesFailures, done.count > o.attemptsBeforeReset {
                    // Each reset of the backoff comes only after a quiet spell; the attempts count between.
                    let quiet = zip(done, done.dropFirst()).contains { next in next.1.began - (next.0.running ?? 0) >= o.resetThresholdMs }
                    if !quiet { problems.append("exponential-delay allows \(o.attemptsBeforeReset) attempts; the job restarted \(done.count) times") }
                }
            }
        }
        return problems
    }
}
