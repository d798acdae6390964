/// A job's dataflow as its script built it: sources, transformations and sinks, each a
/// node with at most one input. The runtime turns it into an `ExecutionPlan`.
public struct JobGraph: Sendable {
    public var name: String
    public private(set) var nodes: [Node] = []
    /// The job's default parallelism (Flink's `parallelism.default`).
    public var parallelism: Int
    /// The job's max parallelism (`pipeline.max-parallelism`); nil derives it from the parallelism.
    public var maxParallelism: Int?
    public var mode: RuntimeMode

    public init(name: String, parallelism: Int = 1, maxParallelism: Int? = nil, mode: RuntimeMode = .streaming) {
        self.name = name
        self.parallelism = parallelism
        self.maxParallelism = maxParallelism
        self.mode = mode
    }

    public struct Node: Sendable {
        public let id: Int
        public var kind: Operator
        /// The node it reads from (nil for sources).
        public let input: Int?
        /// "Source: sequence", "Map", "Keyed Sum", …
        public var name: String
        /// The stable id its state is saved under (Flink's `uid`); generated from the position when nil.
        public var uid: String?
        public var parallelism: Int?
        /// Virtual CPU-seconds one record costs (design: Time); the busy ratio derives from it.
        public var costPerRecord: Double
        /// A rated source's load over time (its rate times the shape's factor).
        public var load = LoadShape.constant
    }

    /// Adds a node reading from `input` and returns its id.
    /// Shapes the rate of source `id` over time.
    public mutating func shape(_ id: Int, _ load: LoadShape) { nodes[id].load = load }

    @discardableResult
    public mutating func add(_ kind: Operator, input: Int? = nil, name: String? = nil, uid: String? = nil,
                             parallelism: Int? = nil, costPerRecord: Double = 1e-6) -> Int {
        let id = nodes.count
        nodes.append(Node(id: id, kind: kind, input: input, name: name ?? kind.defaultName, uid: uid,
                          parallelism: parallelism, costPerRecord: costPerRecord))
        return id
    }

    public func consumers(of id: Int) -> [Int] { nodes.filter { $0.input == id }.map(\.id) }

    /// Whether every source is bounded, so AUTOMATIC mode runs the job as BATCH.
    public var isBounded: Bool {
        nodes.allSatisfy { node in
            if case .source(let source, _) = node.kind { return source.isBounded }
            return true
        }
    }

    /// The mode the job actually runs in.
    public var effectiveMode: RuntimeMode {
        mode == .automatic ? (isBounded ? .batch : .streaming) : mode
    }

    /// The max parallelism of a node: its own setting, the job's, or Flink's default.
    public func maxParallelism(of node: Node) -> Int {
        maxParallelism ?? KeyGroups.defaultMaxParallelism(forParallelism: node.parallelism ?? parallelism)
    }

    /// Checks what Flink would refuse at submission: returns the first problem, naming the node.
    public func validate() throws(JobError) {
        guard !nodes.isEmpty else { throw .invalidGraph("the job '\(name)' has no operators") }
        guard parallelism >= 1 else { throw .invalidGraph("the job's parallelism must be at least 1, got \(parallelism)") }
        if let max = maxParallelism, !(1...KeyGroups.upperBound).contains(max) {
            throw .invalidGraph("max parallelism must be between 1 and \(KeyGroups.upperBound), got \(max)")
        }
        var uids: Set<String> = []
        for node in nodes {
            let p = node.parallelism ?? parallelism
            guard p >= 1 else { throw .invalidGraph("'\(node.name)' has parallelism \(p); it must be at least 1") }
            let max = maxParallelism(of: node)
            guard p <= max else { throw .invalidGraph("'\(node.name)' has parallelism \(p), above its max parallelism \(max)") }
            if let uid = node.uid {
                guard uids.insert(uid).inserted else { throw .invalidGraph("the uid '\(uid)' is used by more than one operator") }
            }
            switch node.kind {
            case .source:
                guard node.input == nil else { throw .invalidGraph("'\(node.name)' is a source and cannot have an input") }
            case .aggregate, .reduce, .window:
                guard let input = node.input, case .keyBy = nodes[input].kind else {
                    throw .invalidGraph("'\(node.name)' needs a keyed stream: call key_by before it")
                }
                if case .window(let size, _) = node.kind, !(size > 0 && size.isFinite) {
                    throw .invalidGraph("'\(node.name)' has window size \(size); it must be a positive number of seconds")
                }
            default:
                guard node.input != nil else { throw .invalidGraph("'\(node.name)' has no input") }
            }
            if case .sink = node.kind {
                guard consumers(of: node.id).isEmpty else { throw .invalidGraph("'\(node.name)' is a sink; nothing can read from it") }
            } else if consumers(of: node.id).isEmpty {
                throw .invalidGraph("'\(node.name)' leads nowhere: every stream must end in a sink")
            }
        }
    }
}

/// Flink's `execution.runtime-mode`.
public enum RuntimeMode: String, Sendable {
    /// Rolling results, checkpoints, unbounded input.
    case streaming = "STREAMING"
    /// Bounded input only; aggregations emit their final results at the end.
    case batch = "BATCH"
    /// BATCH when every source is bounded, else STREAMING.
    case automatic = "AUTOMATIC"
}

/// What a node does.
public enum Operator: Sendable {
    /// A source and its rate in records per virtual second (nil: as fast as the machine allows).
    case source(Source, rate: Double?)
    case map(any UserFunction)
    case filter(any UserFunction)
    case flatMap(any UserFunction)
    /// Keys the stream; the next operator receives it partitioned by key group.
    case keyBy(KeySelector)
    /// A rolling reduce per key with a user function `f(accumulated, next)`.
    case reduce(any UserFunction)
    /// A built-in rolling aggregation per key.
    case aggregate(Aggregation)
    /// Tumbling event-time windows of `size` seconds per key, each aggregated once, when
    /// the watermark passes its end (Flink's `window(TumblingEventTimeWindows.of(size))`).
    case window(size: Double, WindowFunction)
    case sink(Sink)

    /// The user function the operator runs, if any.
    var userFunction: (any UserFunction)? {
        switch self {
        case .map(let f), .filter(let f), .flatMap(let f), .reduce(let f), .keyBy(.function(let f)),
             .window(_, .reduce(let f)), .source(.generator(let f, _), _): f
        default: nil
        }
    }

    var defaultName: String {
        switch self {
        case .source(let source, _): "Source: \(source.name)"
        case .map: "Map"
        case .filter: "Filter"
        case .flatMap: "Flat Map"
        case .keyBy: "Key By"
        case .reduce: "Keyed Reduce"
        case .aggregate(let aggregation): "Keyed " + aggregation.function.rawValue.prefix(1).uppercased() + aggregation.function.rawValue.dropFirst()
        case .window(let size, _): "Tumbling Window (\(size == size.rounded() ? String(Int64(size)) : String(size)) s)"
        case .sink(let sink): "Sink: \(sink.name)"
        }
    }
}

public enum Source: Sendable {
    /// The integers from `from` to `to`, inclusive (Flink's `fromSequence`), split into
    /// contiguous ranges among the subtasks.
    case sequence(from: Int64, to: Int64)
    /// A list of values, split into contiguous runs among the subtasks.
    case values([Value])
    /// The lines of a text file, split into contiguous runs among the subtasks.
    case lines(path: String)
    /// `f(i)` for i = 1, 2, …, `count` (unbounded when nil).
    case generator(any UserFunction, count: Int64?)

    public var isBounded: Bool {
        if case .generator(_, let count) = self { return count != nil }
        return true
    }

    var name: String {
        switch self {
        case .sequence: "sequence"
        case .values: "values"
        case .lines(let path): "lines of \(path)"
        case .generator: "generator"
        }
    }
}

/// How a record's key is found.
public enum KeySelector: Sendable {
    /// The record itself is the key.
    case identity
    /// A list element (1-based, as in Lua) or a map field.
    case field(FieldReference)
    /// `value % n` of an integer record: built in, so the hot path runs no user code.
    case modulo(Int64)
    case function(any UserFunction)
}

/// A position in a list record (1-based) or a name in a map record.
public enum FieldReference: Sendable, Equatable, CustomStringConvertible {
    case index(Int)
    case name(String)

    public var description: String {
        switch self {
        case .index(let i): String(i)
        case .name(let n): n
        }
    }
}

/// What a window computes from its records.
public enum WindowFunction: Sendable {
    case aggregate(Aggregation)
    case reduce(any UserFunction)
}

public struct Aggregation: Sendable {
    public enum Function: String, Sendable { case sum, min, max, count }
    public var function: Function
    /// The field aggregated in list or map records; nil for records that are numbers.
    public var field: FieldReference?

    public init(_ function: Function, field: FieldReference? = nil) {
        self.function = function
        self.field = field
    }
}

public enum Sink: Sendable {
    /// Into a collector the caller reads (tests, `job:collected()`).
    case collect(Collector)
    /// One line per record to the job's text output.
    case print
    /// Dropped, counted.
    case discard
    /// Text lines into `directory/part-<subtask>`, committed exactly once.
    case file(directory: String)

    var name: String {
        switch self {
        case .collect: "collect"
        case .print: "print"
        case .discard: "discard"
        case .file(let directory): "file \(directory)"
        }
    }
}
