import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Flink's REST API, the calls a backend needs, each answered or failed within its timeout:
/// the cluster's overview, jars uploaded and run, jobs' status from the uncached overview
/// (`GET /jobs/:id` is cached for `web.refresh-interval`), cancel, stop-with-savepoint and
/// savepoints asked for by trigger id and polled (`savepoint(_:of:)`), checkpoints and
/// exceptions.
///
/// HTTP through Foundation's URLSession (libcurl underneath): no package to build, and the
/// programs that talk to a cluster link Foundation already; `floe` itself never loads it.
/// Calls block the calling thread (the host's control thread), each bounded by `timeout`.
public final class FlinkClient: @unchecked Sendable {
    /// `http://127.0.0.1:8091`, no trailing slash.
    public let url: String
    public var timeout: Double
    private let session: URLSession

    public init(url: String, timeout: Double = 30) {
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

    // MARK: the cluster

    public struct Overview: Decodable, Equatable {
        public let taskmanagers: Int
        public let slotsTotal: Int
        public let slotsAvailable: Int
        public let flinkVersion: String

        enum CodingKeys: String, CodingKey {
            case taskmanagers, slotsTotal = "slots-total", slotsAvailable = "slots-available", flinkVersion = "flink-version"
        }
    }

    /// `GET /overview`: TaskManagers, slots, Flink's version.
    public func overview() throws(FlinkError) -> Overview { try get("/overview") }

    // MARK: jars

    /// `POST /jars/upload`: the jar at `path` uploaded; its id for `run`.
    public func uploadJar(_ path: String) throws(FlinkError) -> String {
        guard let contents = FileManager.default.contents(atPath: path) else { throw FlinkError("cannot read the jar \(path)") }
        let name = (path as NSString).lastPathComponent
        let boundary = "floe-\(UUID().uuidString)"
        var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"\(name)\"\r\nContent-Type: application/x-java-archive\r\n\r\n".utf8)
        body.append(contents)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        struct Uploaded: Decodable { let filename: String }
        let uploaded: Uploaded = try call("POST", "/jars/upload", body: body, contentType: "multipart/form-data; boundary=\(boundary)")
        // The id is the file name the cluster stored it under ("<uuid>_app.jar").
        return (uploaded.filename as NSString).lastPathComponent
    }

    /// What `POST /jars/:id/run` starts: the entry class (nil: the manifest's), its
    /// arguments, the parallelism, a savepoint to restore and whether state it cannot map
    /// may be left behind.
    public struct Run: Encodable, Equatable {
        public var entryClass: String?
        public var programArgsList: [String]?
        public var parallelism: Int?
        public var savepointPath: String?
        public var allowNonRestoredState: Bool?

        public init(entryClass: String? = nil, arguments: [String]? = nil, parallelism: Int? = nil,
                    savepointPath: String? = nil, allowNonRestoredState: Bool? = nil) {
            self.entryClass = entryClass
            programArgsList = arguments
            self.parallelism = parallelism
            self.savepointPath = savepointPath
            self.allowNonRestoredState = allowNonRestoredState
        }
    }

    /// Runs an uploaded jar: the job's id. A `main()` that throws is Flink's refusal, its
    /// message surfaced.
    public func run(jar: String, _ run: Run) throws(FlinkError) -> String {
        struct Started: Decodable { let jobid: String }
        let body: Data
        do { body = try JSONEncoder().encode(run) } catch { throw FlinkError("cannot encode the run request: \(error)") }
        let started: Started = try call("POST", "/jars/\(jar)/run", body: body, contentType: "application/json")
        return started.jobid
    }

    // MARK: jobs

    public struct JobSummary: Decodable, Equatable {
        public let jid: String
        public let name: String
        /// Flink's JobStatus: INITIALIZING, CREATED, RUNNING, FAILING, FAILED, CANCELLING,
        /// CANCELED, FINISHED, RESTARTING, SUSPENDED, RECONCILING.
        public let state: String
    }

    /// `GET /jobs/overview`: every job the cluster knows, with its status now (uncached).
    public func jobs() throws(FlinkError) -> [JobSummary] {
        struct Jobs: Decodable { let jobs: [JobSummary] }
        let jobs: Jobs = try get("/jobs/overview")
        return jobs.jobs
    }

    /// The status of job `id` now, from the uncached overview. Errors: FlinkError (the
    /// cluster does not know the job).
    public func status(of id: String) throws(FlinkError) -> String {
        guard let job = try jobs().first(where: { $0.jid == id }) else { throw FlinkError("the Flink cluster at \(url) has no job \(id)") }
        return job.state
    }

    /// `PATCH /jobs/:id?mode=cancel`: cancels the job (no savepoint).
    public func cancel(_ id: String) throws(FlinkError) {
        let _: Empty = try call("PATCH", "/jobs/\(id)?mode=cancel")
    }

    /// Asks for a savepoint of job `id` into `directory` (nil: the cluster's
    /// `state.savepoints.dir`) — with `stop`, the job then finishes (`/stop`), else it goes on
    /// (`/savepoints`) — and returns at once: the trigger's id, for `savepoint(_:of:)`.
    public func requestSavepoint(_ id: String, into directory: String?, stop: Bool, drain: Bool = false) throws(FlinkError) -> String {
        struct Stop: Encodable { let targetDirectory: String?; let drain: Bool }
        struct Trigger: Encodable { let targetDirectory: String?; let cancelJob: Bool }
        let body: Data
        do {
            body = stop ? try JSONEncoder().encode(Stop(targetDirectory: directory, drain: drain))
                : try JSONEncoder().encode(Trigger(targetDirectory: directory, cancelJob: false))
        } catch {
            throw FlinkError("cannot encode the savepoint request: \(error)")
        }
        let triggered: Triggered = try call("POST", "/jobs/\(id)/\(stop ? "stop" : "savepoints")", body: body, contentType: "application/json")
        return triggered.requestId
    }

    /// Where a savepoint asked for stands.
    public enum SavepointProgress: Equatable {
        case inProgress
        /// Written: its path (`file:/…/savepoint-…`).
        case completed(String)
        case failed(String)
    }

    /// `GET /jobs/:id/savepoints/:trigger`.
    public func savepoint(_ trigger: String, of id: String) throws(FlinkError) -> SavepointProgress {
        let progress: Progress = try get("/jobs/\(id)/savepoints/\(trigger)")
        guard progress.status.id == "COMPLETED" else { return .inProgress }
        if let location = progress.operation?.location { return .completed(location) }
        return .failed(progress.operation?.failureCause?.stackTrace.map { FlinkClient.reason([$0]) } ?? "no reason given")
    }

    public struct CheckpointCounts: Decodable, Equatable {
        public let restored: Int
        public let total: Int
        public let inProgress: Int
        public let completed: Int
        public let failed: Int

        enum CodingKeys: String, CodingKey { case restored, total, inProgress = "in_progress", completed, failed }
    }

    /// `GET /jobs/:id/checkpoints`: how many were taken, completed, failed, restored.
    public func checkpoints(of id: String) throws(FlinkError) -> CheckpointCounts {
        struct Checkpoints: Decodable { let counts: CheckpointCounts }
        let checkpoints: Checkpoints = try get("/jobs/\(id)/checkpoints")
        return checkpoints.counts
    }

    /// `GET /jobs/:id/exceptions`: the job's latest exception in one line, its deepest cause
    /// (what a user's function threw, not "Recovery is suppressed by …"); nil: none.
    public func rootException(of id: String) throws(FlinkError) -> String? {
        struct Exceptions: Decodable {
            struct Entry: Decodable {
                let exceptionName: String?
                let stacktrace: String?
            }
            let exceptionHistory: History?
            struct History: Decodable { let entries: [Entry] }
        }
        let exceptions: Exceptions = try get("/jobs/\(id)/exceptions")
        guard let latest = exceptions.exceptionHistory?.entries.first else { return nil }
        return latest.stacktrace.map { FlinkClient.reason([$0]) } ?? latest.exceptionName
    }

    // MARK: vertices and their metrics

    /// A job vertex (a chain of operators run as one task), and the vertices it reads from.
    public struct Vertex: Equatable {
        public let id: String
        public let name: String
        public let parallelism: Int
        public let inputs: [String]
    }

    /// `GET /jobs/:id`: the job's vertices, with their inputs from its plan.
    public func vertices(of id: String) throws(FlinkError) -> [Vertex] {
        struct Job: Decodable {
            struct V: Decodable { let id: String; let name: String; let parallelism: Int }
            struct Plan: Decodable {
                struct Node: Decodable {
                    struct Input: Decodable { let id: String }
                    let id: String
                    let inputs: [Input]?
                }
                let nodes: [Node]
            }
            let vertices: [V]
            let plan: Plan
        }
        let job: Job = try get("/jobs/\(id)")
        let inputs = Dictionary(job.plan.nodes.map { ($0.id, ($0.inputs ?? []).map(\.id)) }) { a, _ in a }
        return job.vertices.map { Vertex(id: $0.id, name: $0.name, parallelism: $0.parallelism, inputs: inputs[$0.id] ?? []) }
    }

    /// `GET /jobs/:id/vertices/:vertex/subtasks/metrics?get=…`: each metric summed over the
    /// vertex's subtasks (records in, records out).
    public func subtaskSums(of id: String, vertex: String, _ names: [String]) throws(FlinkError) -> [String: Double] {
        struct Aggregate: Decodable { let id: String; let sum: Double? }
        let aggregates: [Aggregate] = try get("/jobs/\(id)/vertices/\(vertex)/subtasks/metrics?get=\(names.joined(separator: ","))")
        return Dictionary(aggregates.map { ($0.id, $0.sum ?? 0) }) { a, _ in a }
    }

    /// A vertex's back pressure now: Flink's level (ok, low, high) and each subtask's busy and
    /// back-pressured ratios (0…1, from `busyTimeMsPerSecond` and `backPressuredTimeMsPerSecond`).
    public struct BackPressure: Equatable {
        public let level: String
        public let busy: [Double]
        public let backPressured: [Double]
    }

    /// `GET /jobs/:id/vertices/:vertex/backpressure`.
    public func backPressure(of id: String, vertex: String) throws(FlinkError) -> BackPressure {
        struct Answer: Decodable {
            struct Subtask: Decodable { let subtask: Int; let busyRatio: Double?; let ratio: Double? }
            let backpressureLevel: String?
            let subtasks: [Subtask]?
        }
        let answer: Answer = try get("/jobs/\(id)/vertices/\(vertex)/backpressure")
        let subtasks = (answer.subtasks ?? []).sorted { $0.subtask < $1.subtask }
        return BackPressure(level: answer.backpressureLevel ?? "ok", busy: subtasks.map { $0.busyRatio ?? 0 },
                            backPressured: subtasks.map { $0.ratio ?? 0 })
    }

    // MARK: HTTP

    private struct Empty: Decodable {}

    /// A savepoint's trigger, and its progress as polled.
    private struct Triggered: Decodable { let requestId: String; enum CodingKeys: String, CodingKey { case requestId = "request-id" } }
    private struct Progress: Decodable {
        struct Status: Decodable { let id: String }
        struct Operation: Decodable {
            let location: String?
            let failureCause: Cause?
            enum CodingKeys: String, CodingKey { case location, failureCause = "failure-cause" }
        }
        struct Cause: Decodable {
            let stackTrace: String?
            enum CodingKeys: String, CodingKey { case stackTrace = "stack-trace" }
        }
        let status: Status
        let operation: Operation?
    }

    /// Flink's refusal: `{"errors": [...]}`.
    private struct Refusal: Decodable { let errors: [String] }

    private func get<T: Decodable>(_ path: String) throws(FlinkError) -> T { try call("GET", path) }

    /// One request, answered within `timeout`: the answer decoded, or Flink's refusal
    /// (`{"errors": […]}`) as its first line, or the reason it was not answered.
    private func call<T: Decodable>(_ method: String, _ path: String, body: Data? = nil, contentType: String? = nil) throws(FlinkError) -> T {
        guard let address = URL(string: url + path) else { throw FlinkError("\(url + path) is not a URL") }
        var request = URLRequest(url: address, timeoutInterval: timeout)
        request.httpMethod = method
        request.httpBody = body
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        let answered = Answer()
        let task = session.dataTask(with: request) { data, response, error in
            answered.set(data: data, status: (response as? HTTPURLResponse)?.statusCode, error: error)
        }
        task.resume()
        guard answered.wait(seconds: timeout + 5) else {
            task.cancel()
            throw FlinkError("the Flink cluster at \(url) did not answer \(method) \(path) within \(Int(timeout)) s")
        }
        if let error = answered.error {
            throw FlinkError("the Flink cluster at \(url) did not answer \(method) \(path): \(error.localizedDescription)")
        }
        let data = answered.data ?? Data()
        let status = answered.status ?? 0
        guard (200..<300).contains(status) else {
            let reason = (try? JSONDecoder().decode(Refusal.self, from: data)).map { FlinkClient.reason($0.errors) }
            throw FlinkError("the Flink cluster at \(url) refused \(method) \(path) (HTTP \(status)): \(reason ?? String(decoding: data.prefix(300), as: UTF8.self))")
        }
        if T.self == Empty.self { return Empty() as! T }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw FlinkError("the Flink cluster at \(url) answered \(method) \(path) with what floe cannot read: \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
    }

    /// What Flink's `errors` say, in one line: the deepest `Caused by:` of the server-side
    /// stack trace (a `main()` that threw: its exception), else its first exception line,
    /// else the first error.
    static func reason(_ errors: [String]) -> String {
        let lines = errors.flatMap { $0.split(separator: "\n") }.map { $0.trimmingCharacters(in: .whitespaces) }
        if let cause = lines.last(where: { $0.hasPrefix("Caused by: ") }) { return String(cause.dropFirst("Caused by: ".count)) }
        let noise: Set = ["Internal server error.", "<Exception on server side:", "End of exception on server side>"]
        return lines.first { !noise.contains($0) && !$0.hasPrefix("at ") && !$0.isEmpty } ?? errors.first ?? "no reason given"
    }

    /// A response handed from URLSession's thread to the caller's.
    private final class Answer: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private(set) var data: Data?
        private(set) var status: Int?
        private(set) var error: (any Error)?

        func set(data: Data?, status: Int?, error: (any Error)?) {
            self.data = data
            self.status = status
            self.error = error
            done.signal()
        }

        func wait(seconds: Double) -> Bool { done.wait(timeout: .now() + seconds) == .success }
    }
}
