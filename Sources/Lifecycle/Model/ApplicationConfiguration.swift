/// What an application version runs: its code, properties, parallelism, checkpointing and
/// snapshot settings (the parts of the service's `ApplicationConfiguration` that floe acts on).
public struct ApplicationConfiguration: Sendable, Equatable, Codable {
    /// The job script (the operator layer's `code`, or an S3ContentLocation's bucket folder
    /// plus file key), resolved to a path.
    public var code: String
    /// Where the code was named from: an `S3ContentLocation` (bucket ARN, file key, object
    /// version), echoed by DescribeApplication. Nil for the operator layer's plain path.
    public var codeLocation: CodeLocation?
    /// Property groups: group id → key → value (`EnvironmentProperties.PropertyGroups`).
    public var properties: [String: [String: String]] = [:]
    /// `ParallelismConfiguration.Parallelism` (1…256), `ParallelismPerKPU` (1…8), `AutoScalingEnabled`.
    public var parallelism = 1
    public var parallelismPerKPU = 1
    public var autoScalingEnabled = true
    /// `ParallelismConfiguration.ConfigurationType`: under DEFAULT, 1 / 1 / autoscaling on.
    public var parallelismConfigurationType = ConfigurationType.default
    /// `CheckpointConfiguration.ConfigurationType`: under DEFAULT, the values below are the
    /// service's (on, every 60 s, 5 s minimum pause) whatever was asked.
    public var checkpointConfigurationType = ConfigurationType.default
    public var checkpointingEnabled = true
    /// In milliseconds, as the API carries them (the model's `Long`): integers from the
    /// request to the response, never through a `Double`.
    public var checkpointIntervalMs: Int64 = 60_000
    public var minPauseBetweenCheckpointsMs: Int64 = 5_000
    /// `ApplicationSnapshotConfiguration.SnapshotsEnabled` (default true).
    public var snapshotsEnabled = true
    /// `ApplicationSystemRollbackConfiguration.RollbackEnabled` (default false).
    public var rollbackEnabled = false
    /// `MonitoringConfiguration` (recorded and described; floe's log has no levels).
    public var monitoring = MonitoringConfiguration()
    /// `CloudWatchLoggingOptions`: the log streams the status log would go to.
    public var cloudWatchLoggingOptions: [CloudWatchLoggingOption] = []
    /// floe's own: Flink's restart options for the job (Flink's defaults when empty).
    public var restartStrategy: [String: String] = [:]

    public init(code: String) { self.code = code }
}

/// `DEFAULT` (the service's values) or `CUSTOM` (the given ones).
public enum ConfigurationType: String, Sendable, Equatable, CaseIterable, Codable {
    case `default` = "DEFAULT", custom = "CUSTOM"
}

/// An S3 object naming an application's code; a bucket is a local folder.
public struct CodeLocation: Sendable, Equatable, Codable {
    public var bucketARN: String
    public var fileKey: String
    public var objectVersion: String?

    public init(bucketARN: String, fileKey: String, objectVersion: String? = nil) {
        self.bucketARN = bucketARN
        self.fileKey = fileKey
        self.objectVersion = objectVersion
    }

    /// The bucket's name: what follows `arn:aws:s3:::`.
    public var bucket: String {
        bucketARN.split(separator: ":", omittingEmptySubsequences: false).last.map(String.init) ?? bucketARN
    }
}

/// `MonitoringConfiguration`: under DEFAULT, INFO and APPLICATION.
public struct MonitoringConfiguration: Sendable, Equatable, Codable {
    public var configurationType = ConfigurationType.default
    public var metricsLevel = "APPLICATION"
    public var logLevel = "INFO"
    public init() {}
}

/// `CloudWatchLoggingOptionDescription`.
public struct CloudWatchLoggingOption: Sendable, Equatable, Codable {
    public let id: String
    public let logStreamARN: String
}

/// One version of an application, as `DescribeApplicationVersion` shows it.
public struct ApplicationVersion: Sendable, Equatable, Codable {
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
    public var codeLocation: CodeLocation??
    public var properties: [String: [String: String]]?
    public var parallelism: Int?
    public var parallelismPerKPU: Int?
    public var autoScalingEnabled: Bool?
    public var snapshotsEnabled: Bool?
    public var rollbackEnabled: Bool?
    public var checkpointingEnabled: Bool?
    public var checkpointIntervalMs: Int64?
    public var minPauseBetweenCheckpointsMs: Int64?
    public var restartStrategy: [String: String]?
    public var runtime: String?
    public var parallelismConfigurationType: ConfigurationType?
    public var checkpointConfigurationType: ConfigurationType?
    public var monitoring: MonitoringConfiguration?
    public var cloudWatchLoggingOptions: [CloudWatchLoggingOption]?
    /// `ServiceExecutionRoleUpdate`: the application's, not the version's configuration.
    public var serviceExecutionRole: String?

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
        if let checkpointIntervalMs { c.checkpointIntervalMs = checkpointIntervalMs }
        if let minPauseBetweenCheckpointsMs { c.minPauseBetweenCheckpointsMs = minPauseBetweenCheckpointsMs }
        if let restartStrategy { c.restartStrategy = restartStrategy }
        if let codeLocation { c.codeLocation = codeLocation }
        if let monitoring { c.monitoring = monitoring }
        if let cloudWatchLoggingOptions { c.cloudWatchLoggingOptions = cloudWatchLoggingOptions }
        // DEFAULT given means the service's values whatever else was; values alone mean CUSTOM.
        if let parallelismConfigurationType {
            c.parallelismConfigurationType = parallelismConfigurationType
            if parallelismConfigurationType == .default { (c.parallelism, c.parallelismPerKPU, c.autoScalingEnabled) = (1, 1, true) }
        } else if parallelism != nil || parallelismPerKPU != nil || autoScalingEnabled != nil {
            c.parallelismConfigurationType = .custom
        }
        if let checkpointConfigurationType {
            c.checkpointConfigurationType = checkpointConfigurationType
            if checkpointConfigurationType == .default {
                (c.checkpointingEnabled, c.checkpointIntervalMs, c.minPauseBetweenCheckpointsMs) = (true, 60_000, 5_000)
            }
        } else if checkpointingEnabled != nil || checkpointIntervalMs != nil || minPauseBetweenCheckpointsMs != nil {
            c.checkpointConfigurationType = .custom
        }
        return c
    }
}

/// An application snapshot (`SnapshotDetails`): a savepoint of the application's job.
public struct ApplicationSnapshot: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable { case creating = "CREATING", ready = "READY", deleting = "DELETING", failed = "FAILED" }
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
public struct ApplicationOperation: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable {
        case inProgress = "IN_PROGRESS", cancelled = "CANCELLED", successful = "SUCCESSFUL", failed = "FAILED"
    }
    public let id: String
    public let operation: String
    public let startTime: Double
    public internal(set) var endTime: Double?
    public internal(set) var status: Status
    /// `OperationFailureDetails.ErrorInfo.ErrorString` (at most 512 characters).
    public internal(set) var errorString: String?
    /// `ApplicationVersionChangeDetails`, for an operation that made a version.
    public internal(set) var versionChange: VersionChange?
    /// `OperationFailureDetails.RollbackOperationId`: the system rollback this failure led to.
    public internal(set) var rollbackOperationId: String?
}

/// `ApplicationVersionChangeDetails`: the version an operation started from and made.
public struct VersionChange: Sendable, Equatable, Codable {
    public let from: Int
    public let to: Int
}

/// How a start restores state (`ApplicationRestoreConfiguration`).
public enum RestoreChoice: Sendable, Equatable, Codable {
    case skip
    case latest
    case snapshot(String)
}
