/// What an application version runs: its code, properties, parallelism, checkpointing and
/// snapshot settings (the parts of the service's `ApplicationConfiguration` that floe acts on).
public struct ApplicationConfiguration: Sendable, Equatable {
    /// The job script (the operator layer's `code`, or an S3ContentLocation's bucket folder
    /// plus file key), resolved to a path.
    public var code: String
    /// Property groups: group id → key → value (`EnvironmentProperties.PropertyGroups`).
    public var properties: [String: [String: String]] = [:]
    /// `ParallelismConfiguration.Parallelism` (1…256), `ParallelismPerKPU` (1…8), `AutoScalingEnabled`.
    public var parallelism = 1
    public var parallelismPerKPU = 1
    public var autoScalingEnabled = true
    /// `CheckpointConfiguration`: the service's DEFAULT is on, every 60 s, 5 s min pause.
    public var checkpointingEnabled = true
    public var checkpointInterval: Double = 60
    public var minPauseBetweenCheckpoints: Double = 5
    /// `ApplicationSnapshotConfiguration.SnapshotsEnabled` (default true).
    public var snapshotsEnabled = true
    /// `ApplicationSystemRollbackConfiguration.RollbackEnabled` (default false).
    public var rollbackEnabled = false
    /// floe's own: Flink's restart options for the job (Flink's defaults when empty).
    public var restartStrategy: [String: String] = [:]

    public init(code: String) { self.code = code }
}

/// One version of an application, as `DescribeApplicationVersion` shows it.
public struct ApplicationVersion: Sendable, Equatable {
    public let id: Int
    public let runtime: RuntimeEnvironment
    public let configuration: ApplicationConfiguration
    public let created: Double
    /// Rolled back from (listed as ROLLED_BACK by `ListApplicationVersions`).
    public internal(set) var rolledBack = false
}

/// What `UpdateApplication` changes; nil leaves a setting as it is.
public struct ApplicationUpdate: Sendable, Equatable {
    public var code: String?
    public var properties: [String: [String: String]]?
    public var parallelism: Int?
    public var parallelismPerKPU: Int?
    public var autoScalingEnabled: Bool?
    public var snapshotsEnabled: Bool?
    public var rollbackEnabled: Bool?
    public var checkpointingEnabled: Bool?
    public var checkpointInterval: Double?
    public var minPauseBetweenCheckpoints: Double?
    public var restartStrategy: [String: String]?
    public var runtime: String?

    public init() {}

    public func applied(to c: ApplicationConfiguration) -> ApplicationConfiguration {
        var c = c
        if let code { c.code = code }
        if let properties { c.properties = properties }
        if let parallelism { c.parallelism = parallelism }
        if let parallelismPerKPU { c.parallelismPerKPU = parallelismPerKPU }
        if let autoScalingEnabled { c.autoScalingEnabled = autoScalingEnabled }
        if let snapshotsEnabled { c.snapshotsEnabled = snapshotsEnabled }
        if let rollbackEnabled { c.rollbackEnabled = rollbackEnabled }
        if let checkpointingEnabled { c.checkpointingEnabled = checkpointingEnabled }
        if let checkpointInterval { c.checkpointInterval = checkpointInterval }
        if let minPauseBetweenCheckpoints { c.minPauseBetweenCheckpoints = minPauseBetweenCheckpoints }
        if let restartStrategy { c.restartStrategy = restartStrategy }
        return c
    }
}

/// An application snapshot (`SnapshotDetails`): a savepoint of the application's job.
public struct ApplicationSnapshot: Sendable, Equatable {
    public enum Status: String, Sendable { case creating = "CREATING", ready = "READY", deleting = "DELETING", failed = "FAILED" }
    public let name: String
    public internal(set) var status: Status
    public let versionId: Int
    public let runtime: RuntimeEnvironment
    /// Seconds since the run began (the service's `SnapshotCreationTimestamp`).
    public let created: Double
    /// Taken by the service on stop or update (system snapshot), not by a caller.
    public let isSystem: Bool
    /// Where the savepoint lies.
    public internal(set) var path: String?
}

/// One lifecycle operation (`ApplicationOperationInfo`), as `ListApplicationOperations` shows it.
public struct ApplicationOperation: Sendable, Equatable {
    public enum Status: String, Sendable {
        case inProgress = "IN_PROGRESS", cancelled = "CANCELLED", successful = "SUCCESSFUL", failed = "FAILED"
    }
    public let id: String
    public let operation: String
    public let startTime: Double
    public internal(set) var endTime: Double?
    public internal(set) var status: Status
    /// `OperationFailureDetails.ErrorInfo.ErrorString` (at most 512 characters).
    public internal(set) var errorString: String?
}

/// How a start restores state (`ApplicationRestoreConfiguration`).
public enum RestoreChoice: Sendable, Equatable {
    case skip
    case latest
    case snapshot(String)
}
