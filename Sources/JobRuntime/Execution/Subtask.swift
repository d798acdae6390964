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
        if channels.count == 1 {  // one consumer: the whole batch is its, whatever the partitioning
            channels[0].send(.records(records))
            return
        }
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
/// sends the results on. Only its own thread touches it during a round; the control plane
/// reads and sets its checkpoint fields between rounds.
final class Subtask {
    let vertex: ExecutionPlan.Vertex
    let index: Int
    let attempt: Int
    let context: DataPlaneContext
    var inputs: [Channel] = []
    var outputs: [OutputEdge] = []
    private(set) var state: ExecutionState = .created
    private var chain: [any OperatorInstance] = []
    private var source: SourceReader?
    /// A source subtask's records read and the records its splits hold (nil: not known);
    /// nil until the subtask has begun.
    var sourceProgress: (read: Int64, total: Int64?)? { source?.progress }
    private var endedInputs = 0
    private var scratch: [Record] = []
    /// The error that failed it this round, for the control plane to read after the round.
    private(set) var failure: JobError?
    /// Records into the subtask in this attempt (what an injected task failure counts).
    private(set) var recordsIn = 0
    /// Records into and out of each operator of the chain, head first (source included).
    private(set) var operatorRecords: [(into: Int, out: Int)] = []
    /// Modelled CPU time (virtual seconds) spent since the control plane last took it:
    /// each operator's cost per record times the records it processed.
    var busySeconds = 0.0
    /// What its user functions see of it, and what they share.
    let task: TaskContext
    /// Whether its chain ends in a print sink (the data plane collects its lines between rounds).
    let printsToConsole: Bool
    /// The ids its chain's states are saved under, head first.
    private let operatorIDs: [String]

    /// Set by the control plane on a source subtask: emit barrier n once caught up.
    var barrierRequest: Int64?
    /// Input channels that delivered the barrier being aligned (their later data waits).
    private var aligned: [Bool] = []
    private var aligning: Int64?
    /// The watermark each input channel has reached, and the subtask's own (their minimum).
    private var channelWatermarks: [Int64] = []
    private var watermark = Int64.min
    /// Its part of the last checkpoint it took, for the control plane to collect.
    var snapshot: (id: Int64, state: SubtaskSnapshot)?
    /// A fault to inject: fail once this many records have come in.
    var failAfterRecords: Int?
    /// A source that filled its batch this round may have more due: another round is needed
    /// even if every channel is empty.
    private(set) var hasMoreDue = false

    init(vertex: ExecutionPlan.Vertex, index: Int, attempt: Int, context: DataPlaneContext) {
        self.vertex = vertex
        self.index = index
        self.attempt = attempt
        self.context = context
        operatorIDs = vertex.nodes.map(\.operatorID)
        printsToConsole = vertex.nodes.contains { if case .sink(.print) = $0.kind { true } else { false } }
        task = TaskContext(subtask: index, parallelism: vertex.parallelism, attempt: attempt,
                           taskName: "\(vertex.name) (\(index + 1)/\(vertex.parallelism))")
    }

    /// Flink's task name: "Source: sequence -> Map (1/2)".
    var name: String { task.taskName }

    var isFinished: Bool { state == .finished }

    /// The key groups this subtask owns.
    var keyGroups: ClosedRange<Int> {
        KeyGroups.range(forSubtask: index, maxParallelism: vertex.maxParallelism, parallelism: vertex.parallelism)
    }

    /// One round of work. Returns whether it did anything. Errors are kept in `failure`.
    func step() -> Bool {
        guard failure == nil, state != .finished else { return false }
        do throws(JobError) {
            if state != .running { try initialize() }
            let worked = try vertex.isSource ? produce() : consume()
            if let limit = failAfterRecords, recordsIn >= limit {
                failAfterRecords = nil
                throw JobError(code: JobError.Code.injected, message: "a failure injected into \(name) after \(limit) records")
            }
            return worked
        } catch {
            failure = error
            return true
        }
    }

    /// Creates the chain's operator instances on this thread (a Lua state never crosses
    /// threads) and restores their state from the checkpoint the deployment restores.
    private func initialize() throws(JobError) {
        let nodes = vertex.isSource ? Array(vertex.nodes.dropFirst()) : vertex.nodes
        let restore = context.restore
        if vertex.isSource {
            let node = vertex.nodes[0]
            let reader = try Sources.make(node, splits: vertex.maxParallelism, start: context.sourceStart, task: task)
            if let saved = restore?.operators[node.operatorID] {
                var positions: [Int: Int64] = [:]
                var start = context.sourceStart
                var own: SourceSchedule?
                for case .source(let first, let p, let s, let schedule) in saved {
                    for (i, position) in p.enumerated() { positions[first + i] = position }
                    start = s
                    if let schedule, schedule.parallelism == task.parallelism, schedule.subtask == index { own = schedule }
                }
                reader.restore(positions: positions, start: start, schedule: own)
            }
            source = reader
        }
        inputs.forEach { _ in aligned.append(false) }
        channelWatermarks = Array(repeating: .min, count: inputs.count)
        operatorRecords = Array(repeating: (0, 0), count: vertex.nodes.count)
        for node in nodes {
            let op = try Operators.make(OperatorContext(node: node, task: task, maxParallelism: vertex.maxParallelism,
                                                        mode: context.mode, output: context.output,
                                                        valuesUnread: vertex.unreadOutputs.contains(node.id)))
            if let saved = restore?.operators[node.operatorID] { op.restore(saved, keyGroups: keyGroups) }
            chain.append(op)
        }
        state = .running
    }

    private var isBackpressured: Bool { outputs.contains { $0.isFull(capacity: context.channelCapacity) } }

    /// A source: the records due by now, a batch at a time; once caught up, a requested
    /// barrier; once its input is exhausted, the end.
    private func produce() throws(JobError) -> Bool {
        guard !isBackpressured, let source else { return false }
        scratch.removeAll(keepingCapacity: true)
        let emitted = try source.emit(upTo: context.batchSize, now: context.now, into: &scratch)
        hasMoreDue = emitted == context.batchSize
        recordsIn += emitted
        operatorRecords[0].out += emitted
        busySeconds += Double(emitted) * vertex.nodes[0].costPerRecord
        try run(&scratch)
        if emitted == context.batchSize { return true }  // perhaps more due: go on next round
        var worked = emitted > 0
        // Caught up: every record stamped before now has been emitted.
        if context.now > watermark {
            try advanceWatermark(to: context.now)
            worked = true
        }
        if let id = barrierRequest {
            barrierRequest = nil
            takeSnapshot(id)
            worked = true
        }
        if source.isExhausted {
            try finish()
            worked = true
        }
        return worked
    }

    /// Any other subtask: every readable element of each input in turn. A barrier blocks
    /// its channel until the same barrier has come on every channel (alignment); then the
    /// subtask snapshots its state and passes the barrier on.
    private func consume() throws(JobError) -> Bool {
        guard !isBackpressured else { return false }
        var worked = false
        for (c, channel) in inputs.enumerated() where !aligned[c] {
            reading: while let element = channel.take() {
                worked = true
                switch element {
                case .records(var batch):
                    recordsIn += batch.count
                    try run(&batch)
                case .endOfInput:
                    endedInputs += 1
                    channelWatermarks[c] = .max  // an ended input holds no one back
                case .watermark(let time):
                    channelWatermarks[c] = max(channelWatermarks[c], time)
                case .barrier(let id):
                    aligned[c] = true
                    aligning = id
                    break reading
                }
            }
        }
        if let lowest = channelWatermarks.min(), lowest > watermark, lowest < .max {
            try advanceWatermark(to: lowest)
        }
        if let id = aligning, aligned.allSatisfy({ $0 }) {
            aligning = nil
            for c in aligned.indices { aligned[c] = false }
            takeSnapshot(id)
        }
        if endedInputs == inputs.count {
            try finish()
            worked = true
        }
        return worked
    }

    /// Saves the state of the source and every operator as of checkpoint `id`, then sends
    /// the barrier on.
    private func takeSnapshot(_ id: Int64) {
        var saved = SubtaskSnapshot(vertex: vertex.id, subtask: index)
        if let source {
            saved.operators.append((operatorIDs[0], .source(first: source.splits.first ?? 0, positions: source.ownPositions,
                                                             start: source.start, schedule: source.schedule(subtask: index))))
        }
        let offset = vertex.isSource ? 1 : 0
        for (i, op) in chain.enumerated() {
            if let state = op.snapshot(checkpoint: id) { saved.operators.append((operatorIDs[i + offset], state)) }
        }
        snapshot = (id, saved)
        for output in outputs { output.broadcast(.barrier(id)) }
    }

    /// Runs the chain over a batch and sends what comes out.
    private func run(_ records: inout [Record]) throws(JobError) {
        let offset = vertex.isSource ? 1 : 0
        for (i, op) in chain.enumerated() {
            if records.isEmpty { return }
            operatorRecords[i + offset].into += records.count
            busySeconds += Double(records.count) * vertex.nodes[i + offset].costPerRecord
            try op.process(&records)
            operatorRecords[i + offset].out += records.count
        }
        send(records)
    }

    private func send(_ records: [Record]) {
        for i in outputs.indices { outputs[i].send(records, from: index) }
    }

    /// Event time reached `time`: each operator emits what that makes due (window results),
    /// which flows through the rest of the chain; then the watermark goes on.
    private func advanceWatermark(to time: Int64) throws(JobError) {
        watermark = time
        try cascade { op, tail throws(JobError) in op.advance(to: time, into: &tail) }
        for output in outputs { output.broadcast(.watermark(time)) }
    }

    /// End of input: flush the chain operator by operator, then tell the consumers.
    private func finish() throws(JobError) {
        try cascade { op, tail throws(JobError) in try op.finish(into: &tail) }
        for output in outputs { output.broadcast(.endOfInput) }
        state = .finished
    }

    /// Lets each operator in turn emit something of its own, which then flows through the
    /// rest of the chain and on.
    private func cascade(_ emit: (any OperatorInstance, inout [Record]) throws(JobError) -> Void) throws(JobError) {
        for (position, op) in chain.enumerated() {
            var tail: [Record] = []
            try emit(op, &tail)
            for later in chain[(position + 1)...] {
                if tail.isEmpty { break }
                try later.process(&tail)
            }
            if !tail.isEmpty { send(tail) }
        }
    }

    /// Commits its sinks' transactions up to checkpoint `id` (between rounds).
    func commitSinks(through id: Int64) throws(JobError) {
        for case let sink as SinkOperator in chain { try sink.commit(through: id) }
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
