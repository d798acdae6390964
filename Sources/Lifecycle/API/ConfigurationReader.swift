import JobRuntime

/// Reads the configuration blocks of CreateApplication (`ApplicationConfiguration`) and
/// UpdateApplication (`ApplicationConfigurationUpdate`) into an `ApplicationUpdate`. The two
/// spell their members alike but for the `Update` suffix, so one reader serves both.
struct ConfigurationReader {
    let api: ServiceAPI
    /// "" for CreateApplication, "Update" for UpdateApplication.
    let suffix: String
    /// The configuration being updated (nil on create): a type not given stays as it is.
    let current: ApplicationConfiguration?

    func read(_ c: Value) throws(LifecycleError) -> ApplicationUpdate {
        for block in ["SqlApplicationConfiguration", "VpcConfiguration", "ZeppelinApplicationConfiguration", "ApplicationEncryptionConfiguration"] {
            let member = block == "VpcConfiguration" ? (suffix.isEmpty ? "VpcConfigurations" : "VpcConfigurationUpdates") : block + suffix
            guard c[member].isNil else {
                throw LifecycleError(.unsupportedOperation, "\(member) is not supported: floe runs Flink applications locally, without SQL, VPCs, Studio notebooks or KMS keys.")
            }
        }
        var update = ApplicationUpdate()
        try readCode(c["ApplicationCodeConfiguration" + suffix], into: &update)
        let flink = c["FlinkApplicationConfiguration" + suffix]
        let checkpoint = flink["CheckpointConfiguration" + suffix]
        if !checkpoint.isNil {
            update.checkpointConfigurationType = type(checkpoint, current?.checkpointConfigurationType)
            update.checkpointingEnabled = checkpoint["CheckpointingEnabled" + suffix].bool
            update.checkpointIntervalMs = checkpoint["CheckpointInterval" + suffix].int64
            update.minPauseBetweenCheckpointsMs = checkpoint["MinPauseBetweenCheckpoints" + suffix].int64
        }
        let parallelism = flink["ParallelismConfiguration" + suffix]
        if !parallelism.isNil {
            update.parallelismConfigurationType = type(parallelism, current?.parallelismConfigurationType)
            update.parallelism = parallelism["Parallelism" + suffix].int
            update.parallelismPerKPU = parallelism["ParallelismPerKPU" + suffix].int
            update.autoScalingEnabled = parallelism["AutoScalingEnabled" + suffix].bool
        }
        let monitoring = flink["MonitoringConfiguration" + suffix]
        if !monitoring.isNil {
            var m = current?.monitoring ?? MonitoringConfiguration()
            m.configurationType = type(monitoring, m.configurationType) ?? .default
            if m.configurationType == .default {
                m = MonitoringConfiguration()
            } else {
                m.metricsLevel = monitoring["MetricsLevel" + suffix].string ?? m.metricsLevel
                m.logLevel = monitoring["LogLevel" + suffix].string ?? m.logLevel
            }
            update.monitoring = m
        }
        let properties = c[suffix.isEmpty ? "EnvironmentProperties" : "EnvironmentPropertyUpdates"]["PropertyGroups"]
        if !properties.isNil {
            var groups: [String: [String: String]] = [:]
            for group in properties.items {
                let id = group["PropertyGroupId"].string ?? ""
                guard groups[id] == nil else {
                    throw LifecycleError(.invalidArgument, "PropertyGroupId \(id) appears more than once.")
                }
                groups[id] = group["PropertyMap"].members.compactMapValues(\.string)
            }
            update.properties = groups
        }
        update.snapshotsEnabled = c["ApplicationSnapshotConfiguration" + suffix]["SnapshotsEnabled" + suffix].bool
        update.rollbackEnabled = c["ApplicationSystemRollbackConfiguration" + suffix]["RollbackEnabled" + suffix].bool
        return update
    }

    /// A block's `ConfigurationType` (or `…Update`), else the current one.
    private func type(_ block: Value, _ current: ConfigurationType?) -> ConfigurationType? {
        block["ConfigurationType" + suffix].string.flatMap(ConfigurationType.init(rawValue:)) ?? current
    }

    /// The code: a ZIPFILE from an S3ContentLocation, whose bucket is a local folder.
    private func readCode(_ block: Value, into update: inout ApplicationUpdate) throws(LifecycleError) {
        guard !block.isNil else { return }
        if let type = block["CodeContentType" + suffix].string, type != "ZIPFILE" {
            throw LifecycleError(.invalidArgument, "CodeContentType\(suffix) \(type) is for SQL applications; a Flink application's code is a ZIPFILE at an S3ContentLocation.")
        }
        let content = block["CodeContent" + suffix]
        for inline in ["TextContent", "ZipFileContent"] where !content[inline + suffix].isNil {
            throw LifecycleError(.invalidArgument, "\(inline)\(suffix) is not supported: floe reads application code from S3ContentLocation (a bucket is a local folder).")
        }
        let s3 = content["S3ContentLocation" + suffix]
        guard !s3.isNil else {
            if suffix.isEmpty { throw LifecycleError(.invalidArgument, "ApplicationCodeConfiguration.CodeContent.S3ContentLocation is required for a Flink application.") }
            return
        }
        let old = current?.codeLocation
        guard let bucketARN = s3["BucketARN" + suffix].string ?? old?.bucketARN,
              let fileKey = s3["FileKey" + suffix].string ?? old?.fileKey else {
            throw LifecycleError(.invalidArgument, "S3ContentLocationUpdate needs BucketARNUpdate and FileKeyUpdate: the application's code is not in a bucket yet.")
        }
        guard bucketARN.hasPrefix("arn:aws:s3:::"), bucketARN.count > 13 else {
            throw LifecycleError(.invalidArgument, "BucketARN\(suffix) must be an S3 bucket ARN (arn:aws:s3:::<bucket>); got '\(bucketARN)'.")
        }
        let location = CodeLocation(bucketARN: bucketARN, fileKey: fileKey,
                                    objectVersion: s3["ObjectVersion" + suffix].string ?? (suffix.isEmpty ? nil : old?.objectVersion))
        update.codeLocation = .some(location)
        update.code = api.bucketFolder(location.bucket) + "/" + fileKey
    }
}
