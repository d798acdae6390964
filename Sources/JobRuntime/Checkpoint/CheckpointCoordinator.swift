import Clock

/// Flink's CheckpointCoordinator for one job: when a checkpoint (or a requested savepoint)
/// starts, whether it completes, where it is written, and which failures count towards
/// the tolerable-failure threshold (spec §7). The JobManager calls it around each step of
/// the data plane; it never touches job or task statuses itself.
final class CheckpointCoordinator {
    /// What the end of a step meant for the checkpoint in flight.
    enum Outcome {
        case nothing
        case completed(CompletedCheckpoint)
        /// A stop-with-savepoint completed: the job is to finish.
        case stop(CompletedCheckpoint)
        /// Too many consecutive failures: a global failover (spec §7.3).
        case failover(JobError)
    }

    /// A savepoint someone asked for, and what to do when it is taken.
    struct SavepointRequest {
        let stop: Bool
        let done: (Result<CompletedCheckpoint, JobError>) -> Void
    }

    private struct Pending {
        let id: Int64
        let started: Instant
        let savepoint: SavepointRequest?
        /// A slow checkpoint (an injected fault) completes no earlier than this.
        var notBefore: Instant
    }

    let configuration: JobConfiguration
    let jobID: String
    /// Records a checkpoint event in the job's log.
    let record: (_ id: Int64, _ savepoint: Bool, _ from: String, _ to: String, _ cause: String?) -> Void
    /// Completed checkpoints kept, oldest first; savepoints taken.
    private(set) var checkpoints: [CompletedCheckpoint] = []
    private(set) var savepoints: [CompletedCheckpoint] = []
    private(set) var completedCount = 0
    private(set) var failedCount = 0
    private(set) var lastDuration: Int64 = -1
    private(set) var lastSize = -1
    private var nextID: Int64 = 1
    private var nextTime: Instant = .zero
    private var pending: Pending?
    private var consecutiveFailures = 0
    private var declines = 0
    private var savepointRequests: [SavepointRequest] = []
    private var store: SnapshotStore?

    init(configuration: JobConfiguration, jobID: String,
         record: @escaping (Int64, Bool, String, String, String?) -> Void) {
        self.configuration = configuration
        self.jobID = jobID
        self.record = record
        memoryPrefix = "memory:checkpoints/\(jobID)/chk-"
    }

    /// Where an in-memory checkpoint is said to be, but its id.
    private let memoryPrefix: String

    /// Whether periodic checkpoints are on (an interval, STREAMING).
    var isPeriodic = false

    /// The checkpoint a failover restores.
    var latest: CompletedCheckpoint? { checkpoints.last }

    /// The job became RUNNING: the first checkpoint is due an interval later.
    func jobStarted(at now: Instant) {
        nextTime = now.advanced(bySeconds: configuration.checkpointInterval ?? 0)
    }

    /// Checkpoint ids continue after the snapshot the job started from.
    func continueAfter(_ snapshot: CompletedCheckpoint) { nextID = snapshot.id + 1 }

    func requestSavepoint(_ request: SavepointRequest) { savepointRequests.append(request) }

    /// Answers every savepoint still asked for with a failure (the job ended, or cannot take one).
    func refuseSavepoints(_ reason: String) {
        let requests = savepointRequests
        savepointRequests.removeAll()
        for request in requests { request.done(.failure(JobError(code: "CheckpointException", message: "the savepoint cannot be taken: \(reason)"))) }
    }

    /// An injected fault: the next checkpoint is declined by a task.
    func declineNext() { declines += 1 }

    /// An injected fault: the next checkpoint takes at least `seconds` (slow storage, a
    /// large state); no other starts meanwhile.
    func slowNext(by seconds: Double) { slowBy = seconds }
    private var slowBy = 0.0

    /// Before a step: starts a requested savepoint, or a checkpoint if one is due, when
    /// every source is still reading.
    func trigger(on plane: DataPlane, at now: Instant) {
        guard pending == nil else { return }
        guard plane.sourcesRunning else {
            // Flink refuses a savepoint once a source has finished (NOT_ALL_REQUIRED_TASKS_RUNNING).
            refuseSavepoints("not all required tasks are running (a source has finished)")
            return
        }
        let savepoint = savepointRequests.isEmpty ? nil : savepointRequests.removeFirst()
        guard savepoint != nil || (isPeriodic && now >= nextTime) else { return }
        let id = nextID
        nextID += 1
        pending = Pending(id: id, started: now, savepoint: savepoint,
                          notBefore: now.advanced(bySeconds: savepoint == nil ? slowBy : 0))
        if savepoint == nil { slowBy = 0 }
        report(id, savepoint != nil, "", "IN_PROGRESS", nil)
        plane.requestBarrier(id)
    }

    /// Whether this step's `trigger` and `complete` concern no one but the job: no savepoint
    /// is asked for or in flight and every source is reading (so no one's savepoint is
    /// answered or refused). Then they may run off the clock's thread, reports held.
    func isQuiet(on plane: DataPlane) -> Bool {
        savepointRequests.isEmpty && pending?.savepoint == nil && plane.sourcesRunning
    }

    /// While held, reports (the job's checkpoint events) wait, in order, for `release`.
    private var held: [(id: Int64, savepoint: Bool, from: String, to: String, cause: String?)]?

    func holdReports() { held = [] }

    /// Drops held reports: the step they came from no longer counts (the job was cancelled
    /// or failed over before its action ran).
    func dropReports() { held = nil }

    func releaseReports() {
        let reports = held ?? []
        held = nil
        for r in reports { record(r.id, r.savepoint, r.from, r.to, r.cause) }
    }

    private func report(_ id: Int64, _ savepoint: Bool, _ from: String, _ to: String, _ cause: String?) {
        if held != nil { held!.append((id, savepoint, from, to, cause)) } else { record(id, savepoint, from, to, cause) }
    }

    /// After a quiet step: completes the checkpoint in flight if every task took it.
    func complete(on plane: DataPlane, at now: Instant) -> Outcome {
        guard let pending, now >= pending.notBefore else { return .nothing }
        self.pending = nil
        let isSavepoint = pending.savepoint != nil
        if !isSavepoint && declines > 0 {
            declines -= 1
            return fail(pending, at: now, reason: "a task declined it (injected checkpoint failure)")
        }
        guard let parts = plane.snapshots(of: pending.id) else {
            return fail(pending, at: now, reason: "not every task acknowledged it")
        }
        var operators: [String: [OperatorState]] = Dictionary(minimumCapacity: parts.count * 2)
        for part in parts {
            for (id, state) in part.operators { operators[id, default: []].append(state) }
        }
        let checkpoint: CompletedCheckpoint
        do throws(JobError) {
            let path: String, name: String, size: Int
            if !isSavepoint && !configuration.durableState {
                // Without a state folder that must survive, a checkpoint stays in memory (a
                // restart restores from memory all the same); its size is what it would write.
                (path, size) = (memoryPrefix + String(pending.id), SnapshotFormat.size(of: operators))
                name = path
            } else {
                let unwritten = CompletedCheckpoint(id: pending.id, isSavepoint: isSavepoint, time: now.nanoseconds, size: 0,
                                                    path: "", operators: operators)
                name = isSavepoint ? "savepoints/savepoint-\(jobID.prefix(6))-\(pending.id)" : "checkpoints/\(jobID)/chk-\(pending.id)"
                (path, size) = try snapshotStore().write(unwritten, folder: name)
            }
            checkpoint = CompletedCheckpoint(id: pending.id, isSavepoint: isSavepoint, time: now.nanoseconds,
                                             cut: pending.started.nanoseconds, size: size, path: path, name: name, operators: operators)
            // Exactly once: the sinks commit the transactions this checkpoint covers. An
            // intermediate savepoint commits nothing (Flink 1.15+); stop-with-savepoint does.
            if !isSavepoint || pending.savepoint?.stop == true { try plane.commitSinks(through: pending.id) }
        } catch {
            return fail(pending, at: now, reason: error.message)
        }
        consecutiveFailures = 0
        completedCount += 1
        lastDuration = (now.nanoseconds - pending.started.nanoseconds) / 1_000_000
        lastSize = checkpoint.size
        report(pending.id, isSavepoint, "IN_PROGRESS", "COMPLETED", checkpoint.name)
        if let request = pending.savepoint {
            savepoints.append(checkpoint)
            request.done(.success(checkpoint))
            return request.stop ? .stop(checkpoint) : .completed(checkpoint)
        }
        checkpoints.append(checkpoint)
        while checkpoints.count > max(1, configuration.retainedCheckpoints) {
            let subsumed = checkpoints.removeFirst().path
            if !subsumed.hasPrefix(memoryPrefix) { store?.delete(subsumed) }
        }
        nextTime = max(now.advanced(bySeconds: configuration.checkpointInterval ?? 0),
                       now.advanced(bySeconds: configuration.checkpointMinPause))
        return .completed(checkpoint)
    }

    /// The job failed over while a checkpoint was in flight: it fails, but that is not the
    /// checkpoint's failure and does not count (spec §7.3).
    func abandon(at now: Instant) {
        guard let pending else { return }
        _ = fail(pending, at: now, reason: "the job failed over", counts: false)
    }

    private func fail(_ pending: Pending, at now: Instant, reason: String, counts: Bool = true) -> Outcome {
        self.pending = nil
        failedCount += 1
        report(pending.id, pending.savepoint != nil, "IN_PROGRESS", "FAILED", reason)
        if let savepoint = pending.savepoint {
            savepoint.done(.failure(JobError(code: "CheckpointException", message: "savepoint \(pending.id) failed: \(reason)")))
            return .nothing
        }
        nextTime = now.advanced(bySeconds: configuration.checkpointInterval ?? 0)
        guard counts else { return .nothing }
        consecutiveFailures += 1
        guard consecutiveFailures > configuration.tolerableCheckpointFailures else { return .nothing }
        consecutiveFailures = 0
        return .failover(JobError(code: "CheckpointException", message: "Exceeded checkpoint tolerable failure threshold."))
    }

    private func snapshotStore() throws(JobError) -> SnapshotStore {
        if let store { return store }
        let root: String
        if let configured = configuration.stateDirectory { root = configured } else { root = try TemporaryState.newFolder() }
        let made = SnapshotStore(root: root, durable: configuration.durableState)
        store = made
        return made
    }
}
