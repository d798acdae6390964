import Clock

/// The seam between the lifecycle engine and whatever runs jobs: the embedded runtime, or a
/// real Flink cluster through its REST API. Every backend implements all of it — submit
/// (code, with a snapshot to restore), status and events, cancel, stop with a savepoint,
/// trigger a savepoint, rescale — and what only some can do is a capability the caller
/// asks for (`capabilities`); asking one that lacks it is an `UnsupportedOperation` error.
public protocol JobBackend: AnyObject {
    /// "the embedded runtime", "the Flink cluster at http://127.0.0.1:8091": for messages.
    var name: String { get }
    var capabilities: Set<BackendCapability> { get }
    /// Submits a job; it starts at once, in events on the backend's clock. Errors: the
    /// code cannot run here (UnsupportedOperation), or the backend's own.
    func submit(_ code: JobCode, configuration: JobConfiguration) throws(JobError) -> any RunningJob
    /// Rescales a running job the way a Flink cluster is rescaled from outside: stop it
    /// with a savepoint, then submit it again at `parallelism` from that savepoint.
    func rescale(_ job: any RunningJob, to parallelism: Int, configuration: JobConfiguration,
                 done: @escaping (Result<any RunningJob, JobError>) -> Void)
    /// Jobs submitted so far. A backend that picks up where another left off (a restarted
    /// server on the same state) goes on counting from its count, so no job id, and no
    /// snapshot folder named by one, comes round again.
    var submitted: UInt64 { get set }
}

extension JobBackend {
    /// Submits one of floe's job graphs.
    public func submit(_ graph: JobGraph, configuration: JobConfiguration) throws(JobError) -> any RunningJob {
        try submit(.graph(graph), configuration: configuration)
    }

    /// An error for asking this backend what it cannot do.
    public func unsupported(_ what: String) -> JobError {
        JobError(code: JobError.Code.unsupported, message: "\(name) cannot \(what)")
    }
}

/// A submitted job, as a backend reports it.
public protocol RunningJob: AnyObject {
    var jobID: String { get }
    /// The job's name (its graph's, or its jar's).
    var name: String { get }
    /// The code it runs, which a rescale submits again.
    var code: JobCode { get }
    /// What the backend running it can do beyond the protocol (its backend's `capabilities`).
    var capabilities: Set<BackendCapability> { get }
    var status: JobStatus { get }
    /// Every job, task and savepoint status change so far, and the last checkpoints'.
    var events: [JobEvent] { get }
    var metrics: JobMetrics { get }
    /// Records in and out and busy ratios: what the autoscaler samples each minute.
    var load: JobLoad { get }
    /// Records the sources have read, and how many there are when that is known.
    var progress: (records: Int, total: Int?) { get }
    /// What failed the job, once it is FAILED.
    var failureCause: JobError? { get }
    /// Each subtask's name ("Map (1/2)") and the state of its current attempt.
    var tasks: [(name: String, state: ExecutionState)] { get }
    func cancel()
    /// Calls `handler` with every job, task and checkpoint event from now on, as it happens.
    func observe(_ handler: @escaping (JobEvent) -> Void)
    /// Forgets every observer: for an owner done with the job.
    func stopObserving()
    /// A savepoint at the next step; with `stop`, the job then finishes (stop-with-savepoint).
    func triggerSavepoint(stop: Bool, done: @escaping (Result<CompletedCheckpoint, JobError>) -> Void)
    /// Injects a fault: what the service's maintenance does to a job (a TaskManager replaced),
    /// and what failure rehearsals do. Errors: UnsupportedOperation where the backend lacks
    /// `.faultInjection`.
    func inject(_ fault: Fault) throws(JobError)
}

extension JobManager: RunningJob {
    public var name: String { graph.name }
    public var code: JobCode { .graph(graph) }
    public var capabilities: Set<BackendCapability> { EmbeddedJobBackend.capabilities }
}

/// The embedded runtime as a backend: one `JobManager` per job, all on one clock.
///
/// Its jobs share one set of worker threads (as many as `workers`), made once: a deployment
/// costs no thread creation, and a subtask stays on one thread for its life all the same.
public final class EmbeddedJobBackend: JobBackend {
    public let clock: any Clock
    public var name: String { "the embedded runtime" }
    public var capabilities: Set<BackendCapability> { Self.capabilities }
    static let capabilities: Set<BackendCapability> = [.faultInjection, .deterministicSteps]
    public var submitted: UInt64 = 0
    private let pool: WorkerPool

    public init(clock: any Clock, workers: Int = 2) {
        self.clock = clock
        let pool = WorkerPool(count: workers)
        self.pool = pool
        // Jobs' steps due at one instant run on the same threads while the clock's thread
        // runs their actions.
        if let virtual = clock as? VirtualClock, pool.count > 1 { virtual.workRunner = pool }
    }

    /// The worker threads end with the backend (each would otherwise hold its pool, and a
    /// process that makes many backends — the explorer, a test suite — ran out of threads).
    deinit {
        if let virtual = clock as? VirtualClock, virtual.workRunner === pool { virtual.workRunner = nil }
        pool.shutdown()
    }

    /// Each job draws from its own seed (the configured one mixed with its submission
    /// number), so jobs have their own ids and jitter, the same on every run.
    public func submit(_ code: JobCode, configuration: JobConfiguration) throws(JobError) -> any RunningJob {
        guard case .graph(let graph) = code else { throw unsupported("run a jar: a jar runs on a Flink cluster (--flink)") }
        var configuration = configuration
        configuration.seed = configuration.seed &+ submitted &* 0x9E37_79B9_7F4A_7C15
        submitted += 1
        let job = try JobManager(graph: graph, configuration: configuration, clock: clock, pool: pool)
        job.submit()
        return job
    }

    public func rescale(_ job: any RunningJob, to parallelism: Int, configuration: JobConfiguration,
                        done: @escaping (Result<any RunningJob, JobError>) -> Void) {
        rescaleFromSavepoint(job, to: parallelism, configuration: configuration, done: done)
    }
}

extension JobBackend {
    /// `rescale` as every backend can do it: stop with a savepoint, submit the same code
    /// again at `parallelism` from that savepoint.
    public func rescaleFromSavepoint(_ job: any RunningJob, to parallelism: Int, configuration: JobConfiguration,
                                     done: @escaping (Result<any RunningJob, JobError>) -> Void) {
        job.triggerSavepoint(stop: true) { [self] result in
            switch result {
            case .failure(let error):
                done(.failure(error))
            case .success(let savepoint):
                var code = job.code
                switch code {
                case .graph(var graph):
                    graph.parallelism = parallelism
                    code = .graph(graph)
                case .jar(var jar):
                    jar.parallelism = parallelism
                    code = .jar(jar)
                }
                var restart = configuration
                restart.restorePath = savepoint.path
                do throws(JobError) { done(.success(try submit(code, configuration: restart))) } catch { done(.failure(error)) }
            }
        }
    }
}
