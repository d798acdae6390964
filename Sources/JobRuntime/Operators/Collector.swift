import Synchronization

/// Where a `collect` sink delivers: the committed values of every subtask, readable from
/// any thread. A value appears only once its sink has committed it (at the end of input,
/// or when a checkpoint completes), so what is collected is exactly once.
public final class Collector: Sendable {
    private struct Part: Hashable, Comparable {
        let sink: Int
        let subtask: Int
        static func < (a: Part, b: Part) -> Bool { (a.sink, a.subtask) < (b.sink, b.subtask) }
    }

    private let committed = Mutex<[Part: [Value]]>([:])

    public init() {}

    /// Every committed value: by sink (in graph order), then by subtask, each part in order.
    /// The order never depends on which thread committed first.
    public var values: [Value] {
        committed.withLock { parts in parts.keys.sorted().flatMap { parts[$0]! } }
    }

    func commit(_ values: [Value], sink: Int, subtask: Int) {
        guard !values.isEmpty else { return }
        committed.withLock { $0[Part(sink: sink, subtask: subtask), default: []].append(contentsOf: values) }
    }
}
