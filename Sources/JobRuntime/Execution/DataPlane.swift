/// Settings and the clock reading every subtask of a deployment shares. Written only
/// between rounds; read by the workers during a round.
final class DataPlaneContext: @unchecked Sendable {
    let batchSize: Int
    /// Records a channel may hold before its producer waits (backpressure).
    let channelCapacity: Int
    let mode: RuntimeMode
    let output: @Sendable (String) -> Void
    /// The end of the current step of virtual time (nanoseconds): rated sources emit the
    /// records stamped before it; others stamp theirs with it.
    var now: Int64 = 0
    /// When the job's sources began (rated records are stamped from it).
    var sourceStart: Int64 = 0
    /// The checkpoint this deployment restores its state from.
    var restore: CompletedCheckpoint?

    init(batchSize: Int, channelCapacity: Int, mode: RuntimeMode, output: @escaping @Sendable (String) -> Void) {
        self.batchSize = batchSize
        self.channelCapacity = channelCapacity
        self.mode = mode
        self.output = output
    }
}

/// How a stretch of data-plane work ended.
enum DataPlaneOutcome: Equatable {
    /// Every subtask reached the end of its input.
    case finished
    /// A subtask failed; the first in subtask order is reported.
    case failed(subtask: Int, JobError)
    /// Nothing left to do until more input is due.
    case idle
    /// The rounds asked for ran with work left: more rounds at the same instant.
    case busy
}

/// One deployment's subtasks, channels and worker threads, run in rounds.
///
/// In a round every subtask does one step on its own worker; between rounds the channels
/// make what was sent readable. A consumer therefore sees the same batches in the same
/// order whatever the threads do, so the same job gives the same output and the same
/// events on every run — and no record takes a lock.
final class DataPlane: @unchecked Sendable {
    let subtasks: [Subtask]
    private let channels: [Channel]
    private let pool: WorkerPool
    /// Whether this deployment made its pool (and so ends its threads).
    private let ownsPool: Bool
    let context: DataPlaneContext
    /// Which subtasks did something in the current round (made once, reset each round).
    private let rounds: RoundResult
    /// No subtask holds thread-bound state (a Lua state): a round may run on this thread.
    let threadFree: Bool
    /// Some subtask ends in a print sink (its lines go out between rounds).
    let prints: Bool

    /// With `pool`, the subtasks run on those (shared) threads; without, on `workers` threads
    /// of its own.
    init(plan: ExecutionPlan, attempt: Int, context: DataPlaneContext, workers: Int, pool shared: WorkerPool? = nil) {
        self.context = context
        var subtasks: [[Subtask]] = []
        var channels: [Channel] = []
        for vertex in plan.vertices {
            subtasks.append((0..<vertex.parallelism).map { Subtask(vertex: vertex, index: $0, attempt: attempt, context: context) })
        }
        // Wire each edge: every producer subtask gets a channel to every consumer subtask it
        // can send to (its own number only, for forward edges).
        for consumer in plan.vertices {
            guard let (producer, partitioning) = consumer.input else { continue }
            let producers = subtasks[producer]
            let targets = subtasks[consumer.id]
            for sender in producers {
                let edgeChannels = targets.map { target -> Channel in
                    let channel = Channel()
                    if partitioning != .forward || target.index == sender.index {
                        target.inputs.append(channel)
                        channels.append(channel)
                    }
                    return channel
                }
                sender.outputs.append(OutputEdge(partitioning: partitioning, channels: edgeChannels,
                                                 maxParallelism: consumer.maxParallelism, sender: sender.index))
            }
        }
        self.subtasks = subtasks.flatMap { $0 }
        rounds = RoundResult(count: self.subtasks.count)
        threadFree = plan.vertices.allSatisfy { $0.nodes.allSatisfy { $0.kind.userFunction?.isThreadBound != true } }
        prints = self.subtasks.contains(where: \.printsToConsole)
        self.channels = channels
        ownsPool = shared == nil
        pool = shared ?? WorkerPool(count: max(1, min(workers, self.subtasks.count)))
    }

    /// Records in flight under which a thread-free round runs on the calling thread alone.
    static let inlineBacklog = 4096

    /// Runs rounds until every subtask has finished, one has failed, or nothing moves.
    /// `inline`: every round on this thread (a thread-free plane whose step runs side by
    /// side with other jobs' on the pool's threads).
    func run(inline: Bool = false, maxRounds: Int = .max) -> DataPlaneOutcome {
        let workers = max(1, pool.count)
        let worked = rounds
        var ran = 0
        while true {
            if ran == maxRounds { return .busy }
            ran += 1
            worked.reset()
            if threadFree && (inline || channels.reduce(0, { $0 + $1.backlog }) < DataPlane.inlineBacklog) {
                // Too little to share out: waking the other workers would cost more than the
                // round. The outcome is the same whichever thread steps a subtask.
                for (i, subtask) in subtasks.enumerated() { worked.set(i, subtask.step()) }
            } else {
                pool.run { [self] worker in
                    for (i, subtask) in subtasks.enumerated() where i % workers == worker {
                        worked.set(i, subtask.step())
                    }
                }
            }
            for channel in channels { channel.advanceRound() }
            var printed = ""
            for subtask in subtasks where subtask.printsToConsole { printed += subtask.takePrinted() }
            if !printed.isEmpty { context.output(printed) }
            if let (i, failed) = subtasks.enumerated().first(where: { $0.element.failure != nil }) {
                return .failed(subtask: i, failed.failure!)
            }
            if subtasks.allSatisfy(\.isFinished) { return .finished }
            // Quiet: nothing in flight and no source with more due (or nothing done at all).
            let quiet = channels.allSatisfy(\.isEmpty)
            if quiet && (!worked.any || subtasks.allSatisfy({ !$0.hasMoreDue && $0.barrierRequest == nil })) { return .idle }
        }
    }

    /// Closes every operator on its own thread, then stops the threads.
    func shutdown() {
        let workers = max(1, pool.count)
        pool.run { [self] worker in
            for (i, subtask) in subtasks.enumerated() where i % workers == worker { subtask.close() }
        }
        if ownsPool { pool.shutdown() }
    }
}

/// Which subtasks did something in a round: each worker writes only its own slots.
private final class RoundResult: @unchecked Sendable {
    private let flags: UnsafeMutableBufferPointer<Bool>
    init(count: Int) { flags = .allocate(capacity: count); flags.initialize(repeating: false) }
    deinit { flags.deallocate() }
    func reset() { flags.update(repeating: false) }
    func set(_ i: Int, _ value: Bool) { flags[i] = value }
    var any: Bool { flags.contains(true) }
}

// MARK: what the control plane does between rounds

extension DataPlane {
    /// Asks every source subtask to emit barrier `id` once it has caught up.
    func requestBarrier(_ id: Int64) {
        for subtask in subtasks where subtask.vertex.isSource { subtask.barrierRequest = id }
    }

    /// Whether every source subtask is still reading (a checkpoint needs them all).
    var sourcesRunning: Bool {
        subtasks.allSatisfy { !$0.vertex.isSource || !$0.isFinished }
    }

    /// Every subtask's part of checkpoint `id`, or nil while some have not taken it.
    func snapshots(of id: Int64) -> [SubtaskSnapshot]? {
        var parts: [SubtaskSnapshot] = []
        for subtask in subtasks {
            guard let snapshot = subtask.snapshot, snapshot.id == id else { return nil }
            parts.append(snapshot.state)
        }
        return parts
    }

    /// Commits the sinks' transactions up to checkpoint `id`.
    func commitSinks(through id: Int64) throws(JobError) {
        for subtask in subtasks { try subtask.commitSinks(through: id) }
    }
}
