import CLua
import Lifecycle

/// Holds every policy and hook to `PolicyLimits.keptBytes`: what it keeps between calls.
///
/// All of them share the script's Lua heap, so a hoarder shows as growth of the heap's live
/// part. After each call the host compares the heap with the live size it last measured;
/// only when it has grown by a quarter of the cap (or half the live size, for a big heap,
/// where the collector's own slack is that large) does it collect fully and measure what
/// each policy and hook keeps (`internal.kept_size`). One past its cap is removed with a
/// logged reason, its references let go, and the service's rule takes its place. So a
/// hoarder is caught within a quarter of the cap past it, and a policy that keeps nothing
/// costs one comparison a call.
final class KeptMemory {
    /// The heap's live bytes at the last measurement.
    private var live = 0
    private var measuring = false

    func callEnded(in runtime: LuaRuntime) {
        let cap = runtime.policyLimits.keptBytes
        guard !measuring, cap > 0, runtime.memoryInUse > live + max(cap / 4, live / 2) else { return }
        measuring = true
        defer { measuring = false }
        clua_collect(runtime.state)
        for (owner, function) in runtime.keptCallbacks() {
            guard let bytes = size(of: function, in: runtime), bytes > cap else { continue }
            runtime.removeCallback(owner, reason: "keeps \(Self.size(bytes)) between calls, past its cap of \(Self.size(cap)) (floe.settings{policy_kept = bytes}); removed")
        }
        clua_collect(runtime.state)
        live = runtime.memoryInUse
    }

    /// "80 MiB", "1088 KiB": whole units, KiB below 10 MiB.
    static func size(_ bytes: Int) -> String { bytes >= 10 << 20 ? "\(bytes >> 20) MiB" : "\(bytes >> 10) KiB" }

    private func size(of function: LuaRef, in runtime: LuaRuntime) -> Int? {
        let stack = LuaStack(runtime.state)
        let base = stack.top
        defer { stack.top = base }
        runtime.pushInternal("kept_size")
        function.push(on: runtime.state)
        guard (try? runtime.call(arguments: 1, results: 1)) != nil, case .integer(let n) = try? stack.value(at: -1) else { return nil }
        return Int(n)
    }
}

/// Who keeps a Lua callback: the autoscaling or maintenance policy, or a `floe.on` handler.
enum CallbackOwner: Equatable {
    case autoscaling, maintenance
    case hook(event: String, index: Int)

    var name: String {
        switch self {
        case .autoscaling: "autoscaling"
        case .maintenance: "maintenance"
        case .hook(let event, _): "hook \(event)"
        }
    }
}

extension LuaRuntime {
    /// The Lua functions the engine calls back now, and who holds each.
    func keptCallbacks() -> [(CallbackOwner, LuaRef)] {
        var all: [(CallbackOwner, LuaRef)] = []
        if let policy = madeLifecycleIfAny?.autoscalingPolicy as? LuaAutoscalingPolicy { all.append((.autoscaling, policy.function)) }
        if let policy = madeLifecycleIfAny?.maintenancePolicy as? LuaMaintenancePolicy { all.append((.maintenance, policy.function)) }
        all += hooks.callbacks.map { (.hook(event: $0.event, index: $0.index), $0.function) }
        return all
    }

    /// Takes a policy or hook away (the service's rule decides instead) and says so in the
    /// status log of every application, and on standard error.
    func removeCallback(_ owner: CallbackOwner, reason: String) {
        switch owner {
        case .autoscaling: lifecycle.autoscalingPolicy = ServiceAutoscaling()
        case .maintenance: lifecycle.maintenancePolicy = ServiceMaintenance()
        case .hook(let event, let index): hooks.remove(event, at: index)
        }
        let what = owner == .autoscaling || owner == .maintenance ? "the \(owner.name) policy" : "the \(owner.name) handler"
        for name in lifecycle.applicationNames {
            if let app = try? lifecycle.application(name) {
                lifecycle.recordPolicyFailure(app, policy: owner.name, reason: "\(what) \(reason)")
            }
        }
        Console.writeError("floe: \(what) \(reason)\n")
    }
}
