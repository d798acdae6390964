import JobRuntime
import Lifecycle

/// What a timeline and a report draw that the status log does not keep: each application's
/// checkpoints (the times they completed or failed) and its minutes (records in per
/// second, parallelism), the minutes thinned as they grow so that a week costs what an hour does.
public final class RunRecord {
    public struct Checkpoints {
        var completed: [Float] = []
        var failed: [Float] = []

        public init() {}
    }

    /// One application's minutes, at most `2 × capacity` points: when full, each pair of
    /// neighbours becomes one (their mean) and each later point stands for twice as many.
    public struct Series {
        static let capacity = 720
        private(set) var points: [(time: Double, recordsIn: Double, parallelism: Int)] = []
        /// Minutes each point stands for, and how many have gone into the one being filled.
        private var span = 1
        private var pending: (time: Double, recordsIn: Double, parallelism: Int, count: Int)?

        mutating func append(_ m: MinuteMetrics) {
            var p = pending ?? (m.time, 0, m.parallelism, 0)
            p.time = m.time
            p.recordsIn += m.recordsInPerSecond
            p.parallelism = max(p.parallelism, m.parallelism)
            p.count += 1
            guard p.count == span else {
                pending = p
                return
            }
            pending = nil
            points.append((p.time, p.recordsIn / Double(p.count), p.parallelism))
            if points.count == 2 * Series.capacity { thin() }
        }

        private mutating func thin() {
            points = stride(from: 0, to: points.count - 1, by: 2).map { i in
                let (a, b) = (points[i], points[i + 1])
                return (b.time, (a.recordsIn + b.recordsIn) / 2, max(a.parallelism, b.parallelism))
            }
            span *= 2
        }
    }

    public private(set) var checkpoints: [String: Checkpoints] = [:]
    public private(set) var minutes: [String: Series] = [:]

    public init() {}

    /// Records what `engine` tells of checkpoints and minutes from now on.
    public func listen(to engine: LifecycleEngine) {
        engine.onJobEvent.append { [unowned self] app, event in
            guard case .checkpoint(_, savepoint: false) = event.subject else { return }
            if event.to == "COMPLETED" {
                checkpoints[app.name, default: Checkpoints()].completed.append(Float(event.time.seconds))
            } else if event.to == "FAILED" {
                checkpoints[app.name, default: Checkpoints()].failed.append(Float(event.time.seconds))
            }
        }
        engine.onSample.append { [unowned self] app, minute in
            minutes[app.name, default: Series()].append(minute)
        }
    }
}
