/// The seam for autoscaling: once a minute the engine hands the policy each RUNNING
/// application with autoscaling on, and that minute's CPU; the policy answers with the
/// parallelism to scale to, or nil to stay (the engine keeps it within 1 …
/// ParallelismPerKPU × the KPU limit). `ServiceAutoscaling` is the service's rule; a Lua
/// policy can take its place.
public protocol AutoscalingPolicy: AnyObject {
    func parallelism(for app: Application, cpu: Double, now: Double) -> Int?
}

/// The service's rule (spec §6.3): CPU ≥ 75 % for 15 consecutive one-minute datapoints
/// doubles `CurrentParallelism` (the engine caps it at `ParallelismPerKPU` × the KPU limit); CPU < 10 % for
/// 360 (six hours) halves it, rounding up, never below the configured `Parallelism`.
public final class ServiceAutoscaling: AutoscalingPolicy {
    public var scaleUpPercent = 75.0
    public var scaleUpMinutes = 15
    public var scaleDownPercent = 10.0
    public var scaleDownMinutes = 360

    /// Consecutive high and low minutes per application, for the run they were counted in.
    private var streaks: [String: (run: Int, high: Int, low: Int)] = [:]

    public init() {}

    public func parallelism(for app: Application, cpu: Double, now: Double) -> Int? {
        let key = "\(app.name)/\(app.generation)"
        var streak: (run: Int, high: Int, low: Int) = streaks[key].flatMap { $0.run == app.run ? $0 : nil } ?? (app.run, 0, 0)
        defer { streaks[key] = streak }
        if cpu >= scaleUpPercent {
            (streak.high, streak.low) = (streak.high + 1, 0)
        } else if cpu < scaleDownPercent {
            (streak.high, streak.low) = (0, streak.low + 1)
        } else {
            (streak.high, streak.low) = (0, 0)
        }
        let current = app.currentParallelism
        if streak.high >= scaleUpMinutes {
            streak.high = 0
            return current * 2
        }
        if streak.low >= scaleDownMinutes {
            streak.low = 0
            let target = max(app.configuration.parallelism, (current + 1) / 2)
            return target < current ? target : nil
        }
        return nil
    }
}
