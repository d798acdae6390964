import Clock

/// The options of `exponential-delay`, with each era's defaults (spec §5.1, §5.4).
public struct ExponentialDelayOptions: Equatable, Sendable {
    public var initialBackoffMs: Int64
    public var maxBackoffMs: Int64
    public var multiplier: Double
    public var resetThresholdMs: Int64
    public var jitterFactor: Double
    /// 1.19+: restarts allowed before the backoff resets (Flink's `Integer.MAX_VALUE` = unlimited).
    public var attemptsBeforeReset: Int
    /// 1.19+ (FLIP-364): failures during a pending restart merge into it.
    public var mergesFailures: Bool

    public static func defaults(for version: FlinkVersion) -> ExponentialDelayOptions {
        if version >= .v1_19 {
            return ExponentialDelayOptions(initialBackoffMs: 1000, maxBackoffMs: 60_000, multiplier: 1.5,
                                           resetThresholdMs: 3_600_000, jitterFactor: 0.1,
                                           attemptsBeforeReset: Int(Int32.max), mergesFailures: true)
        }
        return ExponentialDelayOptions(initialBackoffMs: 1000, maxBackoffMs: 300_000, multiplier: 2.0,
                                       resetThresholdMs: 3_600_000, jitterFactor: 0.1,
                                       attemptsBeforeReset: Int(Int32.max), mergesFailures: false)
    }
}

/// A uniform jitter in [−⌊base·factor⌋, +⌊base·factor⌋] milliseconds from the job's generator.
private func jitter(_ base: Int64, factor: Double, random: inout SeededRandom) -> Int64 {
    let bound = Int64((Double(base) * factor).rounded(.down))
    guard bound > 0 else { return 0 }
    return Int64(random.next(upperBound: UInt64(2 * bound + 1))) - bound
}

/// `exponential-delay` as in 1.13–1.18: unbounded, the backoff grows by the multiplier
/// and resets after a quiet spell of `reset threshold + current backoff`.
final class LegacyExponentialDelayRestart: RestartStrategy {
    let options: ExponentialDelayOptions
    private var random: SeededRandom
    private var current: Int64
    /// Flink starts this at 0 on an epoch clock, so the first failure always resets; floe's
    /// clock starts at 0, so "long ago" is spelled out.
    private var lastFailureMs: Int64 = Int64.min / 4

    init(_ options: ExponentialDelayOptions, random: SeededRandom) {
        self.options = options
        self.random = random
        current = options.initialBackoffMs
    }

    func notifyFailure(atMs nowMs: Int64) -> Bool {
        if nowMs - lastFailureMs >= options.resetThresholdMs + current {
            current = options.initialBackoffMs
        } else if current < options.maxBackoffMs {
            current = Int64(min((Double(current) * options.multiplier).rounded(.down), Double(options.maxBackoffMs)))
        }
        current = min(max(current, options.initialBackoffMs), options.maxBackoffMs)
        lastFailureMs = nowMs
        return true
    }

    func canRestart(atMs nowMs: Int64) -> Bool { true }

    func backoffMs(atMs nowMs: Int64) -> Int64 {
        min(current + jitter(current, factor: options.jitterFactor, random: &random), options.maxBackoffMs)
    }

    var description: String {
        "ExponentialDelayRestartBackoffTimeStrategy(initialBackoffMS=\(options.initialBackoffMs), maxBackoffMS=\(options.maxBackoffMs), backoffMultiplier=\(options.multiplier), resetBackoffThresholdMS=\(options.resetThresholdMs), jitterFactor=\(options.jitterFactor))"
    }
}

/// `exponential-delay` as in 1.19+ (FLIP-364): an attempts limit, and failures that arrive
/// while a restart is pending merge into it.
///
/// Flink merges every failure up to the restart's timestamp; on Flink's clock the restarted
/// job cannot fail at that very millisecond, but on floe's virtual clock a restart takes no
/// time, so a job that fails on its first record fails at the instant of its restart. Such a
/// failure is a new one: a failure merges only while its restart is still pending (before
/// `restarted(atMs:)`), or floe would restart the job at the same instant for ever.
final class ExponentialDelayRestart: RestartStrategy {
    let options: ExponentialDelayOptions
    private var random: SeededRandom
    private var attempt = 0
    private var nextRestartMs = Int64.min / 2
    /// Whether a restart is scheduled and has not happened yet.
    private var pending = false

    init(_ options: ExponentialDelayOptions, random: SeededRandom) {
        self.options = options
        self.random = random
    }

    func notifyFailure(atMs nowMs: Int64) -> Bool {
        if pending && nowMs <= nextRestartMs { return false }
        pending = true
        if nowMs - nextRestartMs >= options.resetThresholdMs { attempt = 0 }
        // A job that fails for hours reaches attempts whose base no Int64 holds (1.5^110 s):
        // past that the backoff is the maximum, as Flink's (a double, capped) is.
        let exact = (Double(options.initialBackoffMs) * pow(options.multiplier, attempt)).rounded(.down)
        let backoff: Int64
        if exact < 0x1p60 {
            let base = Int64(exact)
            backoff = max(options.initialBackoffMs,
                          min(base + jitter(base, factor: options.jitterFactor, random: &random), options.maxBackoffMs))
        } else {
            backoff = max(options.initialBackoffMs, options.maxBackoffMs)
        }
        nextRestartMs = nowMs + backoff
        attempt += 1
        return true
    }

    func canRestart(atMs nowMs: Int64) -> Bool { attempt <= options.attemptsBeforeReset }

    func backoffMs(atMs nowMs: Int64) -> Int64 { max(0, nextRestartMs - nowMs) }

    func restarted(atMs nowMs: Int64) { pending = false }

    var description: String {
        "ExponentialDelayRestartBackoffTimeStrategy(initialBackoffMS=\(options.initialBackoffMs), maxBackoffMS=\(options.maxBackoffMs), backoffMultiplier=\(options.multiplier), resetBackoffThresholdMS=\(options.resetThresholdMs), jitterFactor=\(options.jitterFactor), attemptsBeforeResetBackoff=\(options.attemptsBeforeReset))"
    }
}

/// `multiplier` to the power `n`, by repeated multiplication (no Foundation in the core).
private func pow(_ x: Double, _ n: Int) -> Double {
    var result = 1.0
    for _ in 0..<min(n, 2048) {
        result *= x
        if result > 1e300 { break }
    }
    return result
}
