import DequeModule

/// One minute of an application's metrics, as the autoscaling policy sees them.
public struct MinuteMetrics: Sendable, Equatable {
    /// Clock seconds at the end of the minute.
    public let time: Double
    /// `containerCPUUtilization` of the busiest container, in percent.
    public let cpu: Double
    /// The busiest subtask's busy ratio, 0…1 (1: it could not keep up: backpressure).
    public let busy: Double
    /// Records the sources emitted, and the sinks received, per second over the minute.
    public let recordsInPerSecond: Double
    public let recordsOutPerSecond: Double
    /// `CurrentParallelism` during the minute.
    public let parallelism: Int
}

/// What an autoscaling decision is made from.
public struct ScalingInput: Sendable {
    public let now: Double
    /// The current run's last minutes, oldest first (up to six hours); the last one is now's.
    public let history: Deque<MinuteMetrics>
    public let parallelism: Int
    public let configuredParallelism: Int
    public let parallelismPerKPU: Int
    /// ParallelismPerKPU × the KPU limit: the most the engine will scale to.
    public let maxParallelism: Int
    /// ceil(parallelism / ParallelismPerKPU), without the orchestration KPU.
    public var kpus: Int { (parallelism + parallelismPerKPU - 1) / parallelismPerKPU }
    public var cpu: Double { history.last?.cpu ?? 0 }
}

/// The seam for autoscaling: once a minute the engine hands the policy each RUNNING
/// application with autoscaling on and its metrics; the policy answers with the
/// parallelism to scale to, or nil to stay. An answer outside 1 … `maxParallelism` is
/// refused (and logged). `ServiceAutoscaling` is the service's rule; a Lua policy can take
/// its place, falling back to the rule when it fails.
public protocol AutoscalingPolicy: AnyObject {
    func parallelism(for app: Application, input: ScalingInput) -> Int?
}

/// The service's rule (spec §6.3): CPU ≥ 75 % for 15 consecutive one-minute datapoints
/// doubles `CurrentParallelism` (the engine caps it at `ParallelismPerKPU` × the KPU
/// limit); CPU < 10 % for 360 (six hours) halves it, rounding up, never below the
/// configured `Parallelism`.
public final class ServiceAutoscaling: AutoscalingPolicy {
    public var scaleUpPercent = 75.0
    public var scaleUpMinutes = 15
    public var scaleDownPercent = 10.0
    public var scaleDownMinutes = 360

    public init() {}

    public func parallelism(for app: Application, input: ScalingInput) -> Int? {
        let current = input.parallelism
        // The history is the current run's (a scaling, a stop or an update starts it again).
        let minutes = input.history.reversed()
        if minutes.count >= scaleUpMinutes, minutes.prefix(scaleUpMinutes).allSatisfy({ $0.cpu >= scaleUpPercent }) {
            return min(current * 2, input.maxParallelism)
        }
        if minutes.count >= scaleDownMinutes, minutes.prefix(scaleDownMinutes).allSatisfy({ $0.cpu < scaleDownPercent }) {
            let target = max(input.configuredParallelism, (current + 1) / 2)
            return target < current ? target : nil
        }
        return nil
    }
}
