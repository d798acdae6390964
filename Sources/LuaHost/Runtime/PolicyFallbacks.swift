import Lifecycle

/// A policy or handler that fell back to the service's rule (it raised, returned what it
/// may not, ran out of its budget): a `policy` entry in the application's status log, every
/// time; a line on standard error the first time for each policy and reason; and, when the
/// run ends, how many times each fell back. `floe.settings{ policy_warnings = false }`
/// keeps standard error quiet (the status log still has every one).
final class PolicyFallbacks {
    /// Whether the lines go to standard error.
    var warns = true
    /// At most this many different reasons are said for one policy; the count has the rest.
    static let reasonsSaidPerPolicy = 5

    private var counts: [(policy: String, count: Int)] = []
    private var said: Set<String> = []
    private var reasonsSaid: [String: Int] = [:]

    /// Logs the fallback for `app` and says it on standard error if it is new.
    func record(_ app: Application, policy: String, reason: String, in lifecycle: LifecycleEngine) {
        lifecycle.recordPolicyFailure(app, policy: policy, reason: reason)
        if let i = counts.firstIndex(where: { $0.policy == policy }) { counts[i].count += 1 } else { counts.append((policy, 1)) }
        guard warns, said.insert(policy + "\u{0}" + reason).inserted else { return }
        let n = reasonsSaid[policy, default: 0]
        reasonsSaid[policy] = n + 1
        if n < Self.reasonsSaidPerPolicy {
            let then = policy.hasPrefix("hook ") ? "the run went on without it" : "the service's rule decided instead"
            Console.writeError("floe: \(app.name): \(reason); \(then) (said once; the status log has each)\n")
        } else if n == Self.reasonsSaidPerPolicy {
            Console.writeError("floe: the \(policy) \(policy.hasPrefix("hook ") ? "handler failed" : "policy fell back") for more reasons; the status log has them\n")
        }
    }

    /// "floe: policies fell back to the service's rule 30 times (autoscaling 30); handlers
    /// failed 7 times (restart 7); …", or nil when none did or warnings are off.
    var summary: String? {
        guard warns, !counts.isEmpty else { return nil }
        func part(_ entries: [(policy: String, count: Int)], _ what: String, dropping prefix: String) -> String? {
            guard !entries.isEmpty else { return nil }
            let total = entries.reduce(0) { $0 + $1.count }
            let each = entries.map { "\($0.policy.dropFirst(prefix.count)) \($0.count)" }.joined(separator: ", ")
            return "\(what) \(total) time\(total == 1 ? "" : "s") (\(each))"
        }
        let parts = [part(counts.filter { !$0.policy.hasPrefix("hook ") }, "policies fell back to the service's rule", dropping: ""),
                     part(counts.filter { $0.policy.hasPrefix("hook ") }, "handlers failed", dropping: "hook ")].compactMap { $0 }
        return "floe: " + parts.joined(separator: "; ") + "; app:log() has each; floe.settings{ policy_warnings = false } silences these\n"
    }
}
