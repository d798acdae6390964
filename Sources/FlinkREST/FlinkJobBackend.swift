#if canImport(Glibc)
import Glibc
#endif
import Clock
import JobRuntime

/// A Flink session cluster as a job backend: jars uploaded (once each) and run through its
/// REST API, their status and savepoints polled on the host's clock every `pollInterval`
/// seconds. That clock is the wall clock: a cluster does not run on floe's virtual time.
/// It cannot inject faults into a task, and its time does not step deterministically
/// (`capabilities` is empty).
public final class FlinkJobBackend: JobBackend {
    public let client: FlinkClient
    public let clock: any Clock
    /// Where savepoints go: a folder the cluster writes (nil: its `state.savepoints.dir`).
    public let savepointDirectory: String?
    public var pollInterval: Double
    /// How long a job's cluster may go unanswered before the job counts as lost (FAILED):
    /// floe's waits end rather than wait on a cluster that has gone.
    public var lostAfter: Double
    public var submitted: UInt64 = 0
    /// Jar path → the id the cluster stored it under.
    private var uploaded: [String: String] = [:]

    /// Where each job's runtime properties are written for it to read (a folder the cluster
    /// can read: this machine's, as every cluster floe talks to is on loopback).
    public let propertiesFolder: String

    /// floe's runner (nil: the project's `.build-flink/floe-runner.jar`).
    public var runnerJar: String?

    public init(client: FlinkClient, clock: any Clock, savepointDirectory: String?, propertiesFolder: String,
                pollInterval: Double = 0.5, lostAfter: Double = 10) {
        self.client = client
        self.clock = clock
        self.savepointDirectory = savepointDirectory
        self.propertiesFolder = propertiesFolder
        self.pollInterval = pollInterval
        self.lostAfter = lostAfter
    }

    public var name: String { "the Flink cluster at \(client.url)" }
    public var capabilities: Set<BackendCapability> { [] }

    /// Runs a jar on the cluster (uploaded the first time), from `configuration.restorePath`
    /// if set, its runtime properties in a file named by its arguments (`ApplicationProperties`);
    /// or one of floe's job graphs through floe's runner (`RunnerGraph`), its built-in
    /// operators only. Errors: UnsupportedOperation (a graph with a Lua function, naming the
    /// operator), ClusterException (no runner jar; the cluster refused it, in its words, or
    /// did not answer).
    public func submit(_ code: JobCode, configuration: JobConfiguration) throws(JobError) -> any RunningJob {
        let run: (jar: String, request: FlinkClient.Run)
        switch code {
        case .graph(let graph):
            let json = try RunnerGraph.json(graph, checkpointInterval: configuration.checkpointInterval, on: name)
            run = (try runner(), .init(entryClass: RunnerGraph.entryClass, arguments: ["--graph", json], parallelism: graph.parallelism))
        case .jar(let jar):
            do throws(FlinkError) {
                let properties = try ApplicationProperties.write(jar.properties, into: propertiesFolder, as: "\(jar.name)-\(submitted + 1)")
                run = (jar.path, .init(entryClass: jar.entryClass, arguments: ApplicationProperties.arguments(properties) + jar.arguments,
                                       parallelism: jar.parallelism))
            } catch {
                throw JobError(code: JobError.Code.cluster, message: error.message)
            }
        }
        do throws(FlinkError) {
            var request = run.request
            request.savepointPath = configuration.restorePath
            request.allowNonRestoredState = configuration.allowNonRestoredState ? true : nil
            let jobID = try client.run(jar: try uploadedJar(run.jar), request)
            submitted += 1
            let job = FlinkJob(backend: self, id: jobID, code: code)
            job.schedulePoll()  // after the caller has begun observing it
            return job
        } catch {
            throw JobError(code: JobError.Code.cluster, message: error.message)
        }
    }

    /// floe's runner jar: `runnerJar`, else `.build-flink/floe-runner.jar` in the project.
    private func runner() throws(JobError) -> String {
        let path = runnerJar ?? LocalFlinkCluster.projectRoot + "/.build-flink/floe-runner.jar"
        guard access(path, R_OK) == 0 else {
            throw JobError(code: JobError.Code.cluster, message: "floe's runner for job scripts on a cluster is missing at \(path): run bin/setup --flink, which builds it")
        }
        return path
    }

    public func rescale(_ job: any RunningJob, to parallelism: Int, configuration: JobConfiguration,
                        done: @escaping (Result<any RunningJob, JobError>) -> Void) {
        rescaleFromSavepoint(job, to: parallelism, configuration: configuration, done: done)
    }

    private func uploadedJar(_ path: String) throws(FlinkError) -> String {
        if let id = uploaded[path] { return id }
        let id = try client.uploadJar(path)
        uploaded[path] = id
        return id
    }
}

/// A job on the cluster, as its last poll saw it: Flink's own statuses (RESTARTING, FAILED
/// with the root exception) as job events, savepoints asked for completed when the cluster
/// says they are written.
public final class FlinkJob: RunningJob {
    public let jobID: String
    public let code: JobCode
    public var name: String { code.name }
    public var capabilities: Set<BackendCapability> { backend.capabilities }
    public private(set) var status: JobStatus = .initializing
    public private(set) var events: [JobEvent] = []
    /// The checkpoint counts from the last poll, with the vertices' records and busy ratios
    /// as last sampled.
    public var metrics: JobMetrics {
        var metrics = checkpointCounts
        let sample = sampled()
        metrics.operators = sample.operators
        metrics.busyRatio = sample.busy
        return metrics
    }
    public private(set) var failureCause: JobError?
    /// When the cluster first did not answer, since it last did.
    private var unansweredSince: Instant?
    private var checkpointCounts = JobMetrics()
    /// The job's vertices (asked once it runs), and its metrics as last sampled.
    private var vertices: [FlinkClient.Vertex]?
    private var lastSample: (time: Instant, sample: VertexSample)?
    /// Records the sources emitted and the sinks took, and the subtasks' busy ratios, from
    /// the cluster's vertex metrics: what the autoscaler samples each minute.
    public var load: JobLoad { sampled().load }
    public var progress: (records: Int, total: Int?) { (0, nil) }
    public var tasks: [(name: String, state: ExecutionState)] { [] }
    private unowned let backend: FlinkJobBackend
    private var observers: [(JobEvent) -> Void] = []
    private var savepoints: [(trigger: String, done: (Result<CompletedCheckpoint, JobError>) -> Void)] = []
    private var nextPoll: EventID?

    init(backend: FlinkJobBackend, id: String, code: JobCode) {
        self.backend = backend
        jobID = id
        self.code = code
    }

    public func cancel() {
        // A cancel the cluster refuses (the job already ended) or does not hear: the poll
        // says where the job stands, or loses it.
        try? backend.client.cancel(jobID)
        poll()
    }

    public func observe(_ handler: @escaping (JobEvent) -> Void) { observers.append(handler) }

    public func stopObserving() { observers.removeAll() }

    public func triggerSavepoint(stop: Bool, done: @escaping (Result<CompletedCheckpoint, JobError>) -> Void) {
        do throws(FlinkError) {
            let trigger = try backend.client.requestSavepoint(jobID, into: backend.savepointDirectory, stop: stop)
            savepoints.append((trigger, done))
            schedulePoll()
        } catch {
            done(.failure(JobError(code: JobError.Code.cluster, message: error.message)))
        }
    }

    public func inject(_ fault: Fault) throws(JobError) {
        throw backend.unsupported("inject a fault into a job (faults are injected on the embedded runtime)")
    }

    /// Asks the cluster where the job and its savepoints stand, says what changed, and asks
    /// again after `pollInterval` while anything can still change.
    func poll() {
        nextPoll = nil
        let client = backend.client
        do throws(FlinkError) {
            let now = try client.status(of: jobID)
            unansweredSince = nil
            if let next = JobStatus(rawValue: now), next != status {
                var cause: String?
                if next == .failed || next == .restarting || next == .failing {
                    cause = try? client.rootException(of: jobID)
                    if next == .failed { failureCause = JobError(code: JobError.Code.cluster, message: cause ?? "the job failed") }
                }
                let from = status
                status = next  // observers read the job's status as the event says it is
                record(JobEvent(time: backend.clock.now, subject: .job, from: from.rawValue, to: next.rawValue, cause: cause))
            }
            if let counts = try? client.checkpoints(of: jobID) {
                checkpointCounts.numberOfCompletedCheckpoints = counts.completed
                checkpointCounts.numberOfFailedCheckpoints = counts.failed
            }
            var waiting: [(trigger: String, done: (Result<CompletedCheckpoint, JobError>) -> Void)] = []
            for pending in savepoints {
                switch try client.savepoint(pending.trigger, of: jobID) {
                case .inProgress: waiting.append(pending)
                case .completed(let path): pending.done(.success(.written(elsewhere: path, time: backend.clock.now.nanoseconds)))
                case .failed(let reason): pending.done(.failure(JobError(code: JobError.Code.cluster, message: "the savepoint failed: \(reason)")))
                }
            }
            savepoints = waiting
        } catch {
            let since = unansweredSince ?? backend.clock.now
            unansweredSince = since
            if backend.clock.now.seconds - since.seconds >= backend.lostAfter { lose(error) }
        }
        if !status.isGloballyTerminal || !savepoints.isEmpty { schedulePoll() }
    }

    /// The cluster has not answered for `lostAfter` seconds: the job counts as FAILED, and
    /// the savepoints asked of it as failed, each saying why.
    private func lose(_ error: FlinkError) {
        let cause = "\(backend.name) did not answer for \(Int(backend.lostAfter)) s, so the job is lost (\(error.message))"
        failureCause = JobError(code: JobError.Code.cluster, message: cause)
        for pending in savepoints { pending.done(.failure(JobError(code: JobError.Code.cluster, message: cause))) }
        savepoints = []
        guard !status.isGloballyTerminal else { return }
        let from = status
        status = .failed
        record(JobEvent(time: backend.clock.now, subject: .job, from: from.rawValue, to: JobStatus.failed.rawValue, cause: cause))
    }

    /// The vertex metrics, asked of the cluster at most once a poll interval while the job
    /// runs (an empty sample otherwise, or when the cluster does not answer).
    private func sampled() -> VertexSample {
        guard status == .running else { return VertexSample() }
        let now = backend.clock.now
        if let last = lastSample, now.seconds - last.time.seconds < backend.pollInterval { return last.sample }
        let sample = (try? VertexSample(job: jobID, client: backend.client, vertices: &vertices)) ?? VertexSample()
        lastSample = (now, sample)
        return sample
    }

    func schedulePoll() {
        guard nextPoll == nil else { return }
        nextPoll = backend.clock.schedule(after: backend.pollInterval) { [weak self] in self?.poll() }
    }

    private func record(_ event: JobEvent) {
        events.append(event)
        for observer in observers { observer(event) }
    }
}

/// One reading of a running job's vertex metrics: per vertex its records in and out (what
/// `job:metrics().operators` lists), per subtask its busy ratio ("Map (1/2)"), and the load
/// the autoscaler reads — records the source vertices emitted, records the sink vertices
/// took, the busiest subtask, and per slot the busy ratios of the subtasks in it (subtask i
/// of every vertex in slot i, Flink's slot sharing).
struct VertexSample {
    var operators: [OperatorMetrics] = []
    var busy: [(task: String, ratio: Double)] = []
    var load = JobLoad()

    init() {}

    init(job: String, client: FlinkClient, vertices known: inout [FlinkClient.Vertex]?) throws(FlinkError) {
        let vertices: [FlinkClient.Vertex]
        if let known { vertices = known } else { vertices = try client.vertices(of: job) }
        known = vertices
        let read = Set(vertices.flatMap(\.inputs))
        for vertex in vertices {
            let sums = try client.subtaskSums(of: job, vertex: vertex.id, ["numRecordsIn", "numRecordsOut"])
            let recordsIn = Int(sums["numRecordsIn"] ?? 0), recordsOut = Int(sums["numRecordsOut"] ?? 0)
            operators.append(OperatorMetrics(name: vertex.name, numRecordsIn: recordsIn, numRecordsOut: recordsOut))
            if vertex.inputs.isEmpty { load.recordsIn += recordsOut }
            if !read.contains(vertex.id) { load.recordsOut += recordsIn }
            // Until the JobManager has fetched the task metrics once (`metrics.fetcher.update-interval`
            // after the start), Flink answers 500 for a vertex's back pressure: no busy ratios yet.
            let pressure = try? client.backPressure(of: job, vertex: vertex.id)
            for (i, ratio) in (pressure?.busy ?? []).enumerated() {
                busy.append(("\(vertex.name) (\(i + 1)/\(vertex.parallelism))", ratio))
                if load.slots.count <= i { load.slots.append(contentsOf: repeatElement(0, count: i + 1 - load.slots.count)) }
                load.slots[i] += ratio
                load.busiest = max(load.busiest, ratio)
            }
        }
    }
}
