/// The records a subtask sends to one consumer vertex, and how it picks the channel.
struct OutputEdge {
    let partitioning: ExecutionPlan.Partitioning
    /// One channel per consumer subtask, in subtask order.
    let channels: [Channel]
    let maxParallelism: Int
    private var nextRoundRobin: Int
    private var buckets: [[Record]]

    init(partitioning: ExecutionPlan.Partitioning, channels: [Channel], maxParallelism: Int, sender: Int) {
        self.partitioning = partitioning
        self.channels = channels
        self.maxParallelism = maxParallelism
        nextRoundRobin = sender % max(1, channels.count)
        buckets = Array(repeating: [], count: channels.count)
    }

    /// Sends a batch on: whole to the same-numbered subtask (forward), or spread by key
    /// group (hash) or round-robin (rebalance).
    mutating func send(_ records: [Record], from sender: Int) {
        guard !records.isEmpty else { return }
        switch partitioning {
        case .forward:
            channels[sender].send(.records(records))
            return
        case .hash:
            let p = channels.count
            for record in records {
                let group = Int(record.keyHash) % maxParallelism  // the hash is murmur's, never negative
                buckets[KeyGroups.subtask(forKeyGroup: group, maxParallelism: maxParallelism, parallelism: p)].append(record)
            }
        case .rebalance:
            for record in records {
                buckets[nextRoundRobin].append(record)
                nextRoundRobin = (nextRoundRobin + 1) % channels.count
            }
        }
        for i in buckets.indices where !buckets[i].isEmpty {
            channels[i].send(.records(buckets[i]))
            buckets[i].removeAll(keepingCapacity: true)
        }
    }

    func broadcast(_ element: Element) {
        for channel in channels { channel.send(element) }
    }

    /// Whether a consumer is so far behind that the sender should wait (backpressure).
    func isFull(capacity: Int) -> Bool { channels.contains { $0.backlog >= capacity } }
}

/// One parallel instance of a vertex (Flink's subtask / task), run round by round on its
/// worker thread: it reads its input channels in order, runs its chain over each batch and
/// sends the results on. Only its own thread touches it during a round.
final class Subtask {
    let vertex: ExecutionPlan.Vertex
    let index: Int
    let attempt: Int
    let context: DataPlaneContext
    var inputs: [Channel] = []
    var outputs: [OutputEdge] = []
    private(set) var state: ExecutionState = .created
    private var chain: [any OperatorInstance] = []
    private var source: (any SourceInstance)?
    private var endedInputs = 0
    private var scratch: [Record] = []
    /// The error that failed it this round, for the control plane to read after the round.
    private(set) var failure: JobError?
    private(set) var recordsIn = 0
    private(set) var recordsOut = 0

    /// What its user functions see of it, and what they share.
    let task: TaskContext

    init(vertex: ExecutionPlan.Vertex, index: Int, attempt: Int, context: DataPlaneContext) {
        self.vertex = vertex
        self.index = index
        self.attempt = attempt
        self.context = context
        task = TaskContext(subtask: index, parallelism: vertex.parallelism, attempt: attempt,
                           taskName: "\(vertex.name) (\(index + 1)/\(vertex.parallelism))")
    }

    /// Flink's task name: "Source: sequence -> Map (1/2)".
    var name: String { task.taskName }

    var isFinished: Bool { state == .finished }

    /// One round of work. Returns whether it did anything. Errors are kept in `failure`.
    func step() -> Bool {
        guard failure == nil, state != .finished else { return false }
        do {
            if state != .running { try initialize() }
            return try vertex.isSource ? produce() : consume()
        } catch {
            failure = error
            return true
        }
    }

    /// Creates the chain's operator instances on this thread (a Lua state never crosses threads).
    private func initialize() throws(JobError) {
        let nodes = vertex.isSource ? Array(vertex.nodes.dropFirst()) : vertex.nodes
        if vertex.isSource, case .source(let spec, _) = vertex.nodes[0].kind {
            source = try Sources.make(spec, name: vertex.nodes[0].name, task: task)
        }
        for node in nodes {
            chain.append(try Operators.make(OperatorContext(node: node, task: task, mode: context.mode, output: context.output)))
        }
        state = .running
    }

    private var isBackpressured: Bool { outputs.contains { $0.isFull(capacity: context.channelCapacity) } }

    private func produce() throws(JobError) -> Bool {
        guard !isBackpressured, let source else { return false }
        scratch.removeAll(keepingCapacity: true)
        let more = try source.emit(upTo: context.batchSize, timestamp: context.now, into: &scratch)
        recordsIn += scratch.count
        try run(&scratch)
        if !more { try finish() }
        return true
    }

    private func consume() throws(JobError) -> Bool {
        guard !isBackpressured else { return false }
        var worked = false
        for channel in inputs {
            while let element = channel.take() {
                worked = true
                switch element {
                case .records(var batch):
                    recordsIn += batch.count
                    try run(&batch)
                case .endOfInput:
                    endedInputs += 1
                case .barrier:
                    break
                }
            }
        }
        if endedInputs == inputs.count {
            try finish()
            worked = true
        }
        return worked
    }

    /// Runs the chain over a batch and sends what comes out.
    private func run(_ records: inout [Record]) throws(JobError) {
        for op in chain {
            try op.process(&records)
            if records.isEmpty { return }
        }
        send(records)
    }

    private func send(_ records: [Record]) {
        recordsOut += records.count
        for i in outputs.indices { outputs[i].send(records, from: index) }
    }

    /// End of input: flush the chain operator by operator, then tell the consumers.
    private func finish() throws(JobError) {
        for (position, op) in chain.enumerated() {
            var tail: [Record] = []
            try op.finish(into: &tail)
            for later in chain[(position + 1)...] {
                if tail.isEmpty { break }
                try later.process(&tail)
            }
            if !tail.isEmpty { send(tail) }
        }
        for output in outputs { output.broadcast(.endOfInput) }
        state = .finished
    }

    /// What its print sinks produced this round (called between rounds).
    func takePrinted() -> String {
        var text = ""
        for case let sink as SinkOperator in chain where !sink.printed.isEmpty {
            text += sink.printed
            sink.printed = ""
        }
        return text
    }

    /// Releases operator instances (on this thread).
    func close() {
        source?.close()
        for op in chain { op.close() }
        chain.removeAll()
        source = nil
        task.close()
    }
}
