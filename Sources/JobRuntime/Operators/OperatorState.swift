/// What an operator keeps across a checkpoint, in a form any parallelism can take over.
enum OperatorState: Equatable, Sendable {
    /// Keyed state: every key with its key group and value.
    case keyed(KeyedState)
    /// A source subtask: the position in each split it read — split `first + i` is at
    /// `positions[i]` (a subtask reads a contiguous run of splits) — and when it began.
    /// `schedule`: how it was spreading its part of the rate (nil in snapshots written
    /// before floe kept it).
    case source(first: Int, positions: [Int64], start: Int64, schedule: SourceSchedule?)
}

/// How a source subtask spreads its part of the source's rate: what it and the whole
/// source had emitted when it was last restored, and its share. Kept in snapshots so that a
/// subtask restored at the same parallelism (a failover) goes on exactly as before — the
/// same records in the same steps with the same timestamps — instead of re-dividing what is
/// left, which a rescale must.
public struct SourceSchedule: Equatable, Sendable {
    public var parallelism: Int
    public var subtask: Int
    public var share: Double
    public var emittedAtRestore: Double
    public var sourceEmittedAtRestore: Double
}

/// Keyed state as a checkpoint holds it: keys and values as parallel lists, with each
/// key's key group. A snapshot shares the operator's own lists (copy-on-write), so taking
/// one copies nothing; the operator's next change copies them once.
struct KeyedState: Equatable, Sendable {
    let keys: [Value]
    let values: [Value]
    private let groups: Groups

    private enum Groups: Sendable {
        /// The keys' murmur hashes, whose remainder by the max parallelism is the key group.
        case hashes([Int32], maxParallelism: Int)
        case stored([Int])
    }

    /// From an operator's table: its lists as they are.
    init(keys: [Value], values: [Value], hashes: [Int32], maxParallelism: Int) {
        self.keys = keys
        self.values = values
        groups = .hashes(hashes, maxParallelism: maxParallelism)
    }

    /// From a snapshot file, or a test.
    init(keys: [Value], values: [Value], keyGroups: [Int]) {
        self.keys = keys
        self.values = values
        groups = .stored(keyGroups)
    }

    var count: Int { keys.count }

    func keyGroup(_ i: Int) -> Int {
        switch groups {
        case .hashes(let hashes, let maxParallelism): Int(hashes[i]) % maxParallelism  // murmur's hash is never negative
        case .stored(let groups): groups[i]
        }
    }

    static func == (a: KeyedState, b: KeyedState) -> Bool {
        a.keys == b.keys && a.values == b.values && a.keys.indices.allSatisfy { a.keyGroup($0) == b.keyGroup($0) }
    }
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
    /// Virtual time of the step whose end its state is (nanoseconds): when it was triggered.
    /// A slow checkpoint completes steps later; a failover replays from after its cut.
    public let cut: Int64
    /// Bytes written for it.
    public let size: Int
    /// Where it is stored.
    public let path: String
    /// What logs show of it: its folder inside the state folder ("savepoints/savepoint-3f2a1b-6"),
    /// the same on every run whichever folder that is (a temporary one differs each run).
    /// A snapshot read from a path given by the user is named by that path.
    public let name: String
    /// Operator id → each old subtask's state of it.
    let operators: [String: [OperatorState]]

    init(id: Int64, isSavepoint: Bool, time: Int64, cut: Int64? = nil, size: Int, path: String, name: String? = nil,
         operators: [String: [OperatorState]]) {
        self.id = id
        self.isSavepoint = isSavepoint
        self.time = time
        self.cut = cut ?? time
        self.size = size
        self.path = path
        self.name = name ?? path
        self.operators = operators
    }
}

extension CompletedCheckpoint {
    /// A savepoint another backend wrote (a Flink cluster's): its path, when it completed;
    /// its state stays where the cluster keeps it.
    public static func written(elsewhere path: String, time: Int64) -> CompletedCheckpoint {
        CompletedCheckpoint(id: 0, isSavepoint: true, time: time, size: 0, path: path, operators: [:])
    }
}

extension JobGraph.Node {
    /// The id its state is saved under: its `uid`, or one made from its place in the graph
    /// (which changes when the graph does, as Flink's generated ids do).
    var operatorID: String { uid ?? "\(id)-\(name)" }
}
