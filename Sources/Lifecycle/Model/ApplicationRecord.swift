/// What the registry keeps of an application: everything a client can read back of it
/// (configuration, versions, snapshots' metadata, operations, tags, maintenance), as plain
/// data that a store writes and reads. What a run holds only in memory — the job itself,
/// its metrics, a fault injected for the next launch — is not in it; of the job, its id
/// (where its checkpoints lie) is.
public struct ApplicationRecord: Sendable, Equatable, Codable {
    public var name: String
    public var arn: String
    public var createTimestamp: Double
    public var generation: Int
    public var status: ApplicationStatus
    public var runtime: RuntimeEnvironment
    public var configuration: ApplicationConfiguration
    public var description: String
    public var serviceExecutionRole: String
    public var versionId: Int
    public var currentParallelism: Int
    public var runConfiguration: RunConfiguration?
    public var lastUpdateTimestamp: Double
    public var conditionalToken: String
    public var versionUpdatedFrom: Int?
    public var versionRolledBackFrom: Int?
    public var versionRolledBackTo: Int?
    public var versions: [ApplicationVersion]
    public var snapshots: [ApplicationSnapshot]
    public var operations: [ApplicationOperation]
    public var tags: [String: String]
    public var maintenanceWindowStart: String
    public var maintenanceWindowEnd: String
    public var pendingMaintenance: PendingMaintenance?
    /// The id of the job the application was running (its checkpoints lie under it).
    public var jobID: String?
    /// The snapshot or checkpoint folder that job started from (nil: empty state).
    public var jobRestoredFrom: String?
}

extension Application {
    /// The application as the registry keeps it.
    public var record: ApplicationRecord {
        ApplicationRecord(
            name: name, arn: arn, createTimestamp: createTimestamp, generation: generation, status: status, runtime: runtime,
            configuration: configuration, description: description, serviceExecutionRole: serviceExecutionRole,
            versionId: versionId, currentParallelism: currentParallelism, runConfiguration: runConfiguration,
            lastUpdateTimestamp: lastUpdateTimestamp, conditionalToken: conditionalToken,
            versionUpdatedFrom: versionUpdatedFrom, versionRolledBackFrom: versionRolledBackFrom,
            versionRolledBackTo: versionRolledBackTo, versions: versions, snapshots: snapshots, operations: operations,
            tags: tags, maintenanceWindowStart: maintenanceWindow.start, maintenanceWindowEnd: maintenanceWindow.end,
            pendingMaintenance: pendingMaintenance, jobID: job?.jobID,
            jobRestoredFrom: job == nil ? nil : jobRestoredFrom)
    }

    /// An application as a record left it, with no job.
    convenience init(record r: ApplicationRecord) {
        self.init(name: r.name, arn: r.arn, created: r.createTimestamp, generation: r.generation, runtime: r.runtime,
                  configuration: r.configuration, description: r.description, serviceExecutionRole: r.serviceExecutionRole)
        status = r.status
        versionId = r.versionId
        currentParallelism = r.currentParallelism
        runConfiguration = r.runConfiguration
        lastUpdateTimestamp = r.lastUpdateTimestamp
        conditionalToken = r.conditionalToken
        versionUpdatedFrom = r.versionUpdatedFrom
        versionRolledBackFrom = r.versionRolledBackFrom
        versionRolledBackTo = r.versionRolledBackTo
        versions = r.versions
        snapshots = r.snapshots
        operations = r.operations
        tags = r.tags
        maintenanceWindow = (r.maintenanceWindowStart, r.maintenanceWindowEnd)
        pendingMaintenance = r.pendingMaintenance
    }
}

/// The engine's own counters that a registry must keep for a restarted engine to go on
/// as this one would: operation ids, generations of names, released patches, jobs submitted.
public struct EngineCounters: Sendable, Equatable, Codable {
    public var nextOperation: Int
    public var generations: [String: Int]
    public var releasedPatches: Int
    public var jobsSubmitted: UInt64

    public init(nextOperation: Int = 0, generations: [String: Int] = [:], releasedPatches: Int = 0, jobsSubmitted: UInt64 = 0) {
        self.nextOperation = nextOperation
        self.generations = generations
        self.releasedPatches = releasedPatches
        self.jobsSubmitted = jobsSubmitted
    }
}
