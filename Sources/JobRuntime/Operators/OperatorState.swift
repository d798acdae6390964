/// What an operator keeps across a checkpoint, in a form any parallelism can take over.
enum OperatorState: Equatable, Sendable {
    /// Keyed state: every key with its key group and value.
    case keyed([KeyedEntry])
    /// A source subtask: the position in each split it read — split `first + i` is at
    /// `positions[i]` (a subtask reads a contiguous run of splits) — and when it began.
    case source(first: Int, positions: [Int64], start: Int64)
}

struct KeyedEntry: Equatable, Sendable {
    let keyGroup: Int
    let key: Value
    let value: Value
}

/// One subtask's part of a checkpoint: the state of each stateful operator of its chain,
/// by operator id.
struct SubtaskSnapshot {
    let vertex: Int
    let subtask: Int
    /// Operator id and state, in chain order.
    var operators: [(id: String, state: OperatorState)] = []
}

/// A checkpoint or savepoint that every subtask acknowledged.
public final class CompletedCheckpoint: Sendable {
    public let id: Int64
    public let isSavepoint: Bool
    /// Virtual time it completed (nanoseconds).
    public let time: Int64
    /// Bytes written for it.
    public let size: Int
    /// Where it is stored.
    public let path: String
    /// Operator id → each old subtask's state of it.
    let operators: [String: [OperatorState]]

    init(id: Int64, isSavepoint: Bool, time: Int64, size: Int, path: String, operators: [String: [OperatorState]]) {
        self.id = id
        self.isSavepoint = isSavepoint
        self.time = time
        self.size = size
        self.path = path
        self.operators = operators
    }
}

extension JobGraph.Node {
    /// The id its state is saved under: its `uid`, or one made from its place in the graph
    /// (which changes when the graph does, as Flink's generated ids do).
    var operatorID: String { uid ?? "\(id)-\(name)" }
}
