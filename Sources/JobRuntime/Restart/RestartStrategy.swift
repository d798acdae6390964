import Clock

/// Why a restart strategy configuration could not be used.
public struct RestartConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// A restart strategy as configured, with Flink's names and defaults (spec §5.1).
public enum RestartStrategyConfiguration: Equatable, Sendable {
    case none
    case fixedDelay(attempts: Int, delayMs: Int64)
    case failureRate(maxFailures: Int, intervalMs: Int64, delayMs: Int64)
    case exponentialDelay(ExponentialDelayOptions)

    /// Flink's option names, `restart-strategy.type` (or the older `restart-strategy`) and
    /// `restart-strategy.<type>.<option>`, with the defaults of `version`. Unset, the
    /// built-in default depends on whether checkpointing is on.
    public static func resolve(_ config: [String: String], version: FlinkVersion,
                               checkpointing: Bool) throws(RestartConfigurationError) -> Self {
        let era = version.era
        let optionDelay: Int64 = era == .legacy ? 10_000 : 1000
        func integer(_ key: String, _ fallback: Int) throws(RestartConfigurationError) -> Int {
            guard let text = config[key] else { return fallback }
            guard let value = Int(text.trimmingWhitespace()), value >= 0 else {
                throw RestartConfigurationError(message: "\(key) must be a non-negative integer, got '\(text)'")
            }
            return value
        }
        func duration(_ key: String, _ fallback: Int64) throws(RestartConfigurationError) -> Int64 {
            guard let text = config[key] else { return fallback }
            guard let ms = FlinkDuration.milliseconds(text) else {
                throw RestartConfigurationError(message: "\(key) must be a duration such as '10 s', got '\(text)'")
            }
            return ms
        }
        func number(_ key: String, _ fallback: Double) throws(RestartConfigurationError) -> Double {
            guard let text = config[key] else { return fallback }
            guard let value = Double(text.trimmingWhitespace()), value.isFinite, value >= 0 else {
                throw RestartConfigurationError(message: "\(key) must be a non-negative number, got '\(text)'")
            }
            return value
        }

        guard let type = (config["restart-strategy.type"] ?? config["restart-strategy"])?.lowercased() else {
            return builtInDefault(version: version, checkpointing: checkpointing)
        }
        switch type {
        case "none", "off", "disable":
            return .none
        case "fixed-delay", "fixeddelay":
            return .fixedDelay(attempts: try integer("restart-strategy.fixed-delay.attempts", 1),
                               delayMs: try duration("restart-strategy.fixed-delay.delay", optionDelay))
        case "failure-rate", "failurerate":
            return .failureRate(maxFailures: try integer("restart-strategy.failure-rate.max-failures-per-interval", 1),
                                intervalMs: try duration("restart-strategy.failure-rate.failure-rate-interval", 60_000),
                                delayMs: try duration("restart-strategy.failure-rate.delay", optionDelay))
        case "exponential-delay", "exponentialdelay":
            guard version >= .v1_13 else {
                throw RestartConfigurationError(message: "restart strategy 'exponential-delay' needs Flink 1.13 or later (this job runs \(version))")
            }
            var options = ExponentialDelayOptions.defaults(for: version)
            let prefix = "restart-strategy.exponential-delay."
            options.initialBackoffMs = try duration(prefix + "initial-backoff", options.initialBackoffMs)
            options.maxBackoffMs = try duration(prefix + "max-backoff", options.maxBackoffMs)
            options.multiplier = try number(prefix + "backoff-multiplier", options.multiplier)
            options.resetThresholdMs = try duration(prefix + "reset-backoff-threshold", options.resetThresholdMs)
            options.jitterFactor = try number(prefix + "jitter-factor", options.jitterFactor)
            if let attempts = config[prefix + "attempts-before-reset-backoff"] {
                guard options.mergesFailures else {
                    throw RestartConfigurationError(message: "\(prefix)attempts-before-reset-backoff needs Flink 1.19 or later")
                }
                options.attemptsBeforeReset = try integer(prefix + "attempts-before-reset-backoff", Int(attempts) ?? 0)
            }
            guard options.multiplier >= 1 else {
                throw RestartConfigurationError(message: "\(prefix)backoff-multiplier must be at least 1, got \(options.multiplier)")
            }
            guard options.jitterFactor <= 1 else {
                throw RestartConfigurationError(message: "\(prefix)jitter-factor must be between 0 and 1, got \(options.jitterFactor)")
            }
            return .exponentialDelay(options)
        default:
            throw RestartConfigurationError(message: "unknown restart strategy '\(type)' (none, fixed-delay, failure-rate, exponential-delay)")
        }
    }

    /// What a job gets with no restart configuration (spec §5.1's table).
    public static func builtInDefault(version: FlinkVersion, checkpointing: Bool) -> Self {
        guard checkpointing else { return .none }
        if version < FlinkVersion(1, 10) { return .fixedDelay(attempts: Int(Int32.max), delayMs: 0) }
        if version < .v1_19 { return .fixedDelay(attempts: Int(Int32.max), delayMs: 1000) }
        return .exponentialDelay(.defaults(for: version))
    }

    /// A fresh strategy for one job run; jitter draws from `random`.
    public func makeStrategy(random: SeededRandom) -> RestartStrategy {
        switch self {
        case .none: NoRestart()
        case .fixedDelay(let attempts, let delay): FixedDelayRestart(attempts: attempts, delayMs: delay)
        case .failureRate(let max, let interval, let delay): FailureRateRestart(maxFailures: max, intervalMs: interval, delayMs: delay)
        case .exponentialDelay(let options):
            options.mergesFailures ? ExponentialDelayRestart(options, random: random) as RestartStrategy
                : LegacyExponentialDelayRestart(options, random: random)
        }
    }
}

/// A restart strategy during one job run, as Flink's `RestartBackoffTimeStrategy`: told of
/// each failure, it says whether the job may restart and after how long. Times are
/// milliseconds on the job's clock.
public protocol RestartStrategy: AnyObject {
    /// Records a failure at `nowMs`; false when it merged into a restart already pending
    /// (then it is no new attempt and does not count as a restart).
    func notifyFailure(atMs nowMs: Int64) -> Bool
    /// Whether the job may restart after the failures so far.
    func canRestart(atMs nowMs: Int64) -> Bool
    /// How long to wait before restarting.
    func backoffMs(atMs nowMs: Int64) -> Int64
    /// The restart the failures so far asked for has happened: a later failure is a new one.
    func restarted(atMs nowMs: Int64)
    /// "FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=3, backoffTimeMS=10000)"
    var description: String { get }
}

extension RestartStrategy {
    public func restarted(atMs nowMs: Int64) {}
}

/// `none`: the first failure fails the job.
final class NoRestart: RestartStrategy {
    func notifyFailure(atMs nowMs: Int64) -> Bool { true }
    func canRestart(atMs nowMs: Int64) -> Bool { false }
    func backoffMs(atMs nowMs: Int64) -> Int64 { 0 }
    var description: String { "NoRestartBackoffTimeStrategy" }
}

/// `fixed-delay`: N restarts, each after the same delay; failure N+1 fails the job.
final class FixedDelayRestart: RestartStrategy {
    let attempts: Int
    let delayMs: Int64
    private var attempt = 0

    init(attempts: Int, delayMs: Int64) {
        self.attempts = attempts
        self.delayMs = delayMs
    }

    func notifyFailure(atMs nowMs: Int64) -> Bool {
        attempt += 1
        return true
    }

    func canRestart(atMs nowMs: Int64) -> Bool { attempt <= attempts }
    func backoffMs(atMs nowMs: Int64) -> Int64 { delayMs }
    var description: String { "FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=\(attempts), backoffTimeMS=\(delayMs))" }
}

/// `failure-rate`: fails the job on the (N+1)-th failure within the interval of the
/// oldest one retained.
final class FailureRateRestart: RestartStrategy {
    let maxFailures: Int
    let intervalMs: Int64
    let delayMs: Int64
    private var failures: [Int64] = []

    init(maxFailures: Int, intervalMs: Int64, delayMs: Int64) {
        self.maxFailures = maxFailures
        self.intervalMs = intervalMs
        self.delayMs = delayMs
    }

    func notifyFailure(atMs nowMs: Int64) -> Bool {
        if failures.count > maxFailures { failures.removeFirst() }
        failures.append(nowMs)
        return true
    }

    func canRestart(atMs nowMs: Int64) -> Bool {
        guard failures.count > maxFailures, let oldest = failures.first else { return true }
        return nowMs - oldest > intervalMs
    }

    func backoffMs(atMs nowMs: Int64) -> Int64 { delayMs }
    var description: String {
        "FailureRateRestartBackoffTimeStrategy(failuresIntervalMS=\(intervalMs), backoffTimeMS=\(delayMs), maxFailuresPerInterval=\(maxFailures))"
    }
}
