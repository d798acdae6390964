import Clock
import JobRuntime

/// Turns an application version's code into the job graph to run. `LuaHost` implements it
/// with job scripts; the engine never sees Lua.
public protocol CodeLoader: AnyObject {
    /// Whether the code exists (the service checks the S3 object when an application is created).
    func exists(_ code: String) -> Bool
    /// The job graph of a configuration's code; a broken script is a `CodeValidationException`.
    func graph(for application: String, configuration: ApplicationConfiguration) throws(LifecycleError) -> JobGraph
    /// What a configuration's code runs as: a job graph, or a jar (which a Flink cluster runs).
    func code(for application: String, configuration: ApplicationConfiguration) throws(LifecycleError) -> JobCode
    /// Where the loader looked for code it did not find, for the error ("looked in …"); nil: nothing to add.
    func whereLooked(for code: String) -> String?
}

extension CodeLoader {
    public func whereLooked(for code: String) -> String? { nil }

    /// Every code is a job graph, unless the loader knows jars.
    public func code(for application: String, configuration: ApplicationConfiguration) throws(LifecycleError) -> JobCode {
        .graph(try graph(for: application, configuration: configuration))
    }

    /// The service's error for code that is not there, with where the loader looked.
    func missing(_ code: String) -> LifecycleError {
        LifecycleError(.invalidArgument, "Please check the role provided or validity of S3 location you provided: cannot find the code \(code)"
            + (whereLooked(for: code).map { " (\($0))" } ?? "") + ".")
    }
}

/// The application lifecycle of Managed Service for Apache Flink (spec: aws-lifecycle), on
/// a clock, running its applications' jobs through a `JobBackend`.
///
/// Every operation checks the status × operation matrix first and changes nothing when it
/// refuses. Transient statuses last as `settings` says, on the clock; every status change
/// goes through `transition`, which checks the edge and appends to the status log.
public final class LifecycleEngine {
    public let clock: any Clock
    public let backend: any JobBackend
    /// Where jars run: a Flink cluster (`--flink`); nil: none, and a jar application
    /// cannot start.
    public var clusterBackend: (any JobBackend)?
    /// Job scripts run on `clusterBackend` too (`--flink-scripts`), not on `backend`.
    public var jobScriptsOnCluster = false
    public let codeLoader: any CodeLoader
    public var settings: LifecycleSettings
    /// The job configuration every application's job starts from (state folder, seed, output).
    public var jobDefaults: JobConfiguration
    /// Every application and job status change, in order.
    public internal(set) var statusLog: [StatusLogEntry] = []
    /// Called with each entry as it is appended (the `--log` writer, event hooks).
    public var onLog: [(StatusLogEntry) -> Void] = []
    /// Called as each operation ends (SUCCESSFUL, FAILED or CANCELLED).
    public var onOperationEnd: [(Application, ApplicationOperation) -> Void] = []
    /// Called with every event of an application's jobs (job, task and checkpoint changes).
    public var onJobEvent: [(Application, JobEvent) -> Void] = []
    /// Called with each RUNNING application's minute of metrics, as the minute tick takes it.
    public var onSample: [(Application, MinuteMetrics) -> Void] = []
    /// Decides, each minute, whether a RUNNING application scales (the service's rule by default).
    public var autoscalingPolicy: any AutoscalingPolicy = ServiceAutoscaling()
    /// Decides, each minute, whether a RUNNING application is due for maintenance.
    public var maintenancePolicy: any MaintenancePolicy = ServiceMaintenance()
    var applications: [String: Application] = [:]
    /// Names of the RUNNING applications, which the minute tick visits.
    var running: Set<String> = [] { didSet { tickOrder = nil } }
    /// The running applications in name order, as the minute tick last sorted them (until
    /// one starts or stops running).
    var tickOrder: [String]?
    /// Whether the minute tick is scheduled.
    var tickArmed = false
    /// Names of the applications with a maintenance pending, and the scheduled patches so far.
    var pendingMaintenance: Set<String> = []
    var releasedPatches = 0
    var generations: [String: Int] = [:]
    var nextOperation = 0

    public init(clock: any Clock, backend: any JobBackend, codeLoader: any CodeLoader,
                settings: LifecycleSettings = LifecycleSettings(), jobDefaults: JobConfiguration = JobConfiguration()) {
        self.clock = clock
        self.backend = backend
        self.codeLoader = codeLoader
        self.settings = settings
        self.jobDefaults = jobDefaults
    }

    var now: Double { clock.now.seconds }

    /// A clock time as messages show it: the epoch seconds the API's timestamps carry.
    func epochText(_ clockSeconds: Double) -> String { String(settings.epoch + clockSeconds) }

    /// The application of that name, or `ResourceNotFoundException`.
    public func application(_ name: String) throws(LifecycleError) -> Application {
        guard let app = applications[name] else {
            throw LifecycleError(.resourceNotFound, "Application \(name) is not found in account \(settings.account).")
        }
        return app
    }

    /// The live application of that name made as `generation`, or `ResourceNotFoundException`
    /// (a handle to a deleted application).
    public func application(_ name: String, generation: Int) throws(LifecycleError) -> Application {
        let app = try application(name)
        guard app.generation == generation else {
            throw LifecycleError(.resourceNotFound, "Application \(name) is not found in account \(settings.account) (it was deleted).")
        }
        return app
    }

    /// Applications by name.
    public var applicationNames: [String] { applications.keys.sorted() }

    func checkAllowed(_ action: LifecycleAction, _ app: Application) throws(LifecycleError) {
        if let refusal = OperationMatrix.refusal(of: action, application: app.name, in: app.status) { throw refusal }
    }

    func nextGeneration(_ name: String) -> Int {
        generations[name, default: 0] += 1
        return generations[name]!
    }

    // MARK: the one place statuses change

    /// Moves the application to `next`, checked against the transition table, and logs it.
    func transition(_ app: Application, to next: ApplicationStatus, cause: String) {
        precondition(ApplicationTransitions.isAllowed(from: app.status, to: next), "illegal transition \(app.status) -> \(next)")
        let previous = app.status
        app.status = next
        if next == .running {
            running.insert(app.name)
            armMinuteTick()
        } else {
            running.remove(app.name)
        }
        log(app, subject: .application, from: previous.rawValue, to: next.rawValue, cause: cause)
    }

    /// Logs a status change of `app` or of something of its (`subject`), under `version`
    /// (the application's current one unless given: a job's rows carry the version it runs).
    func log(_ app: Application, version: Int? = nil, subject: StatusSubject, from: String, to: String, cause: String?) {
        let entry = StatusLogEntry(time: now, application: app.name, version: version ?? app.versionId, subject: subject,
                                   from: from, to: to, cause: cause)
        statusLog.append(entry)
        for listener in onLog { listener(entry) }
    }

    // MARK: operations

    func beginOperation(_ app: Application, _ name: String) -> String {
        nextOperation += 1
        let id = String(nextOperation, radix: 16).leftPadded(to: 12)
        app.operations.append(ApplicationOperation(id: id, operation: name, startTime: now, endTime: nil, status: .inProgress))
        return id
    }

    func endOperation(_ app: Application, _ id: String, _ status: ApplicationOperation.Status, error: String? = nil) {
        guard let i = app.operations.firstIndex(where: { $0.id == id }), app.operations[i].status == .inProgress else { return }
        app.operations[i].status = status
        app.operations[i].endTime = now
        app.operations[i].errorString = error.map { String($0.prefix(512)) }
        for listener in onOperationEnd { listener(app, app.operations[i]) }
    }

    /// Ends every operation still in progress as CANCELLED (a forced stop supersedes them).
    func cancelOperations(_ app: Application) {
        for op in app.operations where op.status == .inProgress { endOperation(app, op.id, .cancelled) }
    }

    /// For an owner done with the engine: its listeners and its jobs' observers forgotten,
    /// every pending event dropped, nothing logged (the jobs are left as they are, not
    /// cancelled: the status log ends where the run did). A job's observers hold the engine
    /// (the status log, the launch waiting on it) and the engine holds the jobs: without
    /// this, an engine, its jobs and its backend's threads outlive their owner.
    public func close() {
        onLog.removeAll()
        onOperationEnd.removeAll()
        onJobEvent.removeAll()
        for app in applications.values {
            for job in app.jobs { job.stopObserving() }
        }
        clock.cancelAll()
    }

    /// Runs `body` after `seconds`, unless the application has left the run it was in.
    func after(_ seconds: Double, _ app: Application, _ body: @escaping () -> Void) {
        let run = app.run
        clock.schedule(after: seconds, by: app) { [weak app] in
            guard let app, app.run == run else { return }
            body()
        }
    }
}
