import Clock
import DequeModule
import JobRuntime

/// One application, as the engine keeps it. Only the engine changes it, and only through
/// its one `transition` for the status.
public final class Application {
    public let name: String
    public let arn: String
    /// Seconds since the run began (the service's `CreateTimestamp`).
    public let createTimestamp: Double
    /// Counts applications made under this name, so a handle to a deleted one goes stale.
    public let generation: Int
    public internal(set) var status: ApplicationStatus = .ready { didSet { revision &+= 1 } }
    public internal(set) var runtime: RuntimeEnvironment { didSet { revision &+= 1 } }
    public internal(set) var configuration: ApplicationConfiguration { didSet { revision &+= 1 } }
    public internal(set) var description: String { didSet { revision &+= 1 } }
    public internal(set) var serviceExecutionRole: String { didSet { revision &+= 1 } }
    public internal(set) var versionId = 1 { didSet { revision &+= 1 } }
    /// `ApplicationMode`: floe runs STREAMING applications (a batch job is a streaming
    /// application whose sources end).
    public let mode = "STREAMING"
    /// `ParallelismConfigurationDescription.CurrentParallelism`: the configured parallelism
    /// until autoscaling changes it.
    public internal(set) var currentParallelism: Int { didSet { revision &+= 1 } }
    /// `RunConfigurationDescription`: how the last start or update restored state.
    public internal(set) var runConfiguration: RunConfiguration? { didSet { revision &+= 1 } }
    public internal(set) var lastUpdateTimestamp: Double { didSet { revision &+= 1 } }
    /// `ConditionalToken`: changes with every version.
    public internal(set) var conditionalToken = "" { didSet { revision &+= 1 } }
    /// `ApplicationVersionUpdatedFrom`, `…RolledBackFrom`, `…RolledBackTo`.
    public internal(set) var versionUpdatedFrom: Int? { didSet { revision &+= 1 } }
    public internal(set) var versionRolledBackFrom: Int? { didSet { revision &+= 1 } }
    public internal(set) var versionRolledBackTo: Int? { didSet { revision &+= 1 } }
    public internal(set) var versions: [ApplicationVersion] = [] { didSet { revision &+= 1 } }
    public internal(set) var snapshots: [ApplicationSnapshot] = [] { didSet { revision &+= 1 } }
    /// Newest last; `ListApplicationOperations` shows them newest first.
    public internal(set) var operations: [ApplicationOperation] = [] { didSet { revision &+= 1 } }
    public internal(set) var tags: [String: String] = [:] { didSet { revision &+= 1 } }
    /// The 8-hour maintenance window, "HH:MM" UTC (us-east-1's default until updated).
    public internal(set) var maintenanceWindow = (start: "03:00", end: "11:00") { didSet { revision &+= 1 } }
    /// An injected fault: the next start, update, rollback or scaling fails to start its job
    /// with this reason.
    public internal(set) var failNextLaunch: String?
    /// A maintenance the service has released for this application and not yet carried out.
    public internal(set) var pendingMaintenance: PendingMaintenance? { didSet { revision &+= 1 } }
    /// The current run's minute metrics, oldest first (at most six hours of them).
    public internal(set) var metricsHistory = Deque<MinuteMetrics>()
    /// The run `metricsHistory` belongs to, and the job's counters at the last minute.
    var historyRun = -1
    var lastCounters: (recordsIn: Int, recordsOut: Int)?
    /// The job of the current run, while there is one.
    public internal(set) var job: (any RunningJob)? { didSet { revision &+= 1 } }
    /// The snapshot or checkpoint folder the current job started from (nil: empty state):
    /// where a restarted floe starts it again if it wrote no checkpoint of its own.
    public internal(set) var jobRestoredFrom: String? { didSet { revision &+= 1 } }
    /// Every job this application has run, oldest first.
    public internal(set) var jobs: [any RunningJob] = []
    /// Bumped whenever the application leaves a run, so that events of an old run are dropped.
    public internal(set) var run = 0
    /// Bumped by every change to what the registry keeps of the application (each stored
    /// property that `ApplicationRecord` holds): a store writes the application again when
    /// it differs from the revision it last wrote.
    public private(set) var revision = 0

    init(name: String, arn: String, created: Double, generation: Int, runtime: RuntimeEnvironment,
         configuration: ApplicationConfiguration, description: String, serviceExecutionRole: String) {
        self.name = name
        self.arn = arn
        createTimestamp = created
        self.generation = generation
        self.runtime = runtime
        self.configuration = configuration
        self.description = description
        self.serviceExecutionRole = serviceExecutionRole
        lastUpdateTimestamp = created
        currentParallelism = configuration.parallelism
        versions = [ApplicationVersion(id: 1, runtime: runtime, configuration: configuration, created: created)]
        conditionalToken = Application.token(name: name, version: 1, generation: generation)
    }

    /// An opaque token for a version: the same on every run, different for every version.
    static func token(name: String, version: Int, generation: Int) -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in "\(name)/\(generation)/\(version)".utf8 {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01B3
        }
        return String(h, radix: 16).leftPadded(to: 16)
    }

    /// Makes `configuration` (and `runtime`) the next version.
    func addVersion(_ configuration: ApplicationConfiguration, runtime: RuntimeEnvironment, at time: Double) {
        versionId += 1
        if configuration.parallelism != self.configuration.parallelism { currentParallelism = configuration.parallelism }
        self.configuration = configuration
        self.runtime = runtime
        lastUpdateTimestamp = time
        versions.append(ApplicationVersion(id: versionId, runtime: runtime, configuration: configuration, created: time))
        conditionalToken = Application.token(name: name, version: versionId, generation: generation)
    }

    /// Records on operation `id` that it took the application from version `from` to the current one.
    func setVersionChange(of id: String, from: Int) {
        if let i = operations.firstIndex(where: { $0.id == id }) { operations[i].versionChange = VersionChange(from: from, to: versionId) }
    }

    /// The newest READY snapshot.
    var latestSnapshot: ApplicationSnapshot? { snapshots.last { $0.status == .ready } }
}

/// `RunConfigurationDescription`: the restore choice and `AllowNonRestoredState` of the
/// last start or update.
public struct RunConfiguration: Sendable, Equatable, Codable {
    public let restore: RestoreChoice
    public let allowNonRestoredState: Bool
}

extension Application: EventSource {
    /// "application 'orders' (STARTING, StartApplication in progress)": what the clock's
    /// watchdog names.
    public var eventSourceName: String {
        let operation = operations.last { $0.status == .inProgress }.map { ", \($0.operation) in progress" } ?? ""
        return "application '\(name)' (\(status.rawValue)\(operation))"
    }
}
