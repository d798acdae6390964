#if canImport(Glibc)
import Glibc
#endif

/// How a rated source's rate changes over virtual time: its rate times a factor of the
/// time (seconds on the clock). Scenarios use it to give an autoscaler something to react
/// to. The factor is never negative; the records due by a time are the rate times the
/// factor's integral since the source began.
public enum LoadShape: Sendable, Equatable {
    /// Factor 1 all the time.
    case constant
    /// Factor `factor` of the last step at or before the time (1 before the first); the
    /// steps in time order.
    case steps([LoadStep])
    /// From factor `from` at `start` to `to` at `start + over`, linearly; flat outside.
    case ramp(from: Double, to: Double, start: Double, over: Double)
    /// A daily (or any `period`) cycle: 1 + amplitude · cos(2π (t − peak) / period), its
    /// highest at `peak` seconds into each period (amplitude 0…1).
    case cycle(amplitude: Double, period: Double, peak: Double)

    public func factor(at t: Double) -> Double {
        switch self {
        case .constant:
            return 1
        case .steps(let steps):
            return steps.last { $0.at <= t }?.factor ?? 1
        case .ramp(let from, let to, let start, let over):
            guard t > start else { return from }
            guard over > 0, t < start + over else { return to }
            return from + (to - from) * (t - start) / over
        case .cycle(let amplitude, let period, let peak):
            return 1 + amplitude * cos(2 * Double.pi * (t - peak) / period)
        }
    }

    /// ∫ factor from `a` to `b` (a ≤ b).
    public func integral(from a: Double, to b: Double) -> Double {
        guard b > a else { return 0 }
        switch self {
        case .constant:
            return b - a
        case .steps(let steps):
            // Constant between the steps' times: sum the pieces.
            let points = [a] + steps.map(\.at).filter { $0 > a && $0 < b } + [b]
            return zip(points, points.dropFirst()).reduce(0) { $0 + ($1.1 - $1.0) * factor(at: $1.0) }
        case .ramp(let from, let to, let start, let over):
            // Piecewise: flat `from`, linear, flat `to`; the linear part's integral is the trapezoid.
            let end = start + max(over, 0)
            var total = 0.0
            if a < start { total += (min(b, start) - a) * from }
            let l0 = max(a, start), l1 = min(b, end)
            if l1 > l0 { total += (l1 - l0) * (factor(at: l0) + factor(at: l1)) / 2 }
            if b > end { total += (b - max(a, end)) * to }
            return total
        case .cycle(let amplitude, let period, let peak):
            let w = 2 * Double.pi / period
            return (b - a) + amplitude / w * (sin(w * (b - peak)) - sin(w * (a - peak)))
        }
    }
}

/// From `at` (clock seconds) on, the rate is multiplied by `factor`.
public struct LoadStep: Sendable, Equatable {
    public let at: Double
    public let factor: Double
    public init(at: Double, factor: Double) {
        self.at = at
        self.factor = factor
    }
}
