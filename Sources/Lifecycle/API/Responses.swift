import JobRuntime

/// The response shapes: ApplicationDetail and the summaries, built from the engine's model.
extension ServiceAPI {
    /// The full `ApplicationDetail` of the application, or of one of its versions
    /// (DescribeApplicationVersion's `ApplicationVersionDetail`).
    func detail(_ app: Application, version: ApplicationVersion? = nil, includeAdditionalDetails: Bool = false) -> Value {
        let configuration = version?.configuration ?? app.configuration
        let versionId = version?.id ?? app.versionId
        var d = APIObject()
        d["ApplicationARN"] = .string(app.arn)
        d["ApplicationDescription"] = .string(app.description)
        d["ApplicationName"] = .string(app.name)
        d["RuntimeEnvironment"] = .string((version?.runtime ?? app.runtime).rawValue)
        d["ServiceExecutionRole"] = .string(app.serviceExecutionRole)
        d["ApplicationStatus"] = .string(versionStatus(app, versionId).rawValue)
        d["ApplicationVersionId"] = Value(versionId)
        d["CreateTimestamp"] = timestamp(app.createTimestamp)
        d["LastUpdateTimestamp"] = timestamp(app.lastUpdateTimestamp)
        d["ApplicationConfigurationDescription"] = configurationDescription(
            app, configuration, current: versionId == app.versionId, includeAdditionalDetails: includeAdditionalDetails)
        if !configuration.cloudWatchLoggingOptions.isEmpty {
            d["CloudWatchLoggingOptionDescriptions"] = loggingDescriptions(configuration)
        }
        d["ApplicationMaintenanceConfigurationDescription"] = .map([
            "ApplicationMaintenanceWindowStartTime": .string(app.maintenanceWindow.start),
            "ApplicationMaintenanceWindowEndTime": .string(app.maintenanceWindow.end),
        ])
        if versionId == app.versionId {
            d["ApplicationVersionUpdatedFrom"] = Value(app.versionUpdatedFrom)
            d["ApplicationVersionRolledBackFrom"] = Value(app.versionRolledBackFrom)
            d["ApplicationVersionRolledBackTo"] = Value(app.versionRolledBackTo)
            d["ConditionalToken"] = .string(app.conditionalToken)
        }
        if let created = (version ?? app.versions.last)?.created { d["ApplicationVersionCreateTimestamp"] = timestamp(created) }
        d["ApplicationMode"] = .string(app.mode)
        return d.value
    }

    /// The status a version shows: the application's for the current one, ROLLED_BACK for
    /// one rolled back from, READY for the others.
    func versionStatus(_ app: Application, _ versionId: Int) -> ApplicationStatus {
        if versionId == app.versionId { return app.status }
        return app.versions.first { $0.id == versionId }?.rolledBack == true ? .rolledBack : .ready
    }

    func loggingDescriptions(_ configuration: ApplicationConfiguration) -> Value {
        .list(configuration.cloudWatchLoggingOptions.map {
            .map(["CloudWatchLoggingOptionId": .string($0.id), "LogStreamARN": .string($0.logStreamARN)])
        })
    }

    private func configurationDescription(_ app: Application, _ c: ApplicationConfiguration, current: Bool,
                                          includeAdditionalDetails: Bool) -> Value {
        let location = c.codeLocation ?? CodeLocation(bucketARN: "arn:aws:s3:::local", fileKey: c.code)
        var s3 = APIObject()
        s3["BucketARN"] = .string(location.bucketARN)
        s3["FileKey"] = .string(location.fileKey)
        s3["ObjectVersion"] = Value(location.objectVersion)
        var flink = APIObject()
        flink["CheckpointConfigurationDescription"] = .map([
            "ConfigurationType": .string(c.checkpointConfigurationType.rawValue),
            "CheckpointingEnabled": .bool(c.checkpointingEnabled),
            "CheckpointInterval": .int(c.checkpointIntervalMs),
            "MinPauseBetweenCheckpoints": .int(c.minPauseBetweenCheckpointsMs),
        ])
        flink["MonitoringConfigurationDescription"] = .map([
            "ConfigurationType": .string(c.monitoring.configurationType.rawValue),
            "MetricsLevel": .string(c.monitoring.metricsLevel), "LogLevel": .string(c.monitoring.logLevel),
        ])
        flink["ParallelismConfigurationDescription"] = .map([
            "ConfigurationType": .string(c.parallelismConfigurationType.rawValue),
            "Parallelism": Value(c.parallelism), "ParallelismPerKPU": Value(c.parallelismPerKPU),
            "CurrentParallelism": Value(current ? app.currentParallelism : c.parallelism),
            "AutoScalingEnabled": .bool(c.autoScalingEnabled),
        ])
        if includeAdditionalDetails, current, let job = app.job, case .graph(let graph) = job.code {
            flink["JobPlanDescription"] = .string(jobPlan(graph, id: job.jobID))
        }
        var description = APIObject()
        description["ApplicationCodeConfigurationDescription"] = .map([
            "CodeContentType": "ZIPFILE",
            "CodeContentDescription": .map(["S3ApplicationCodeLocationDescription": s3.value]),
        ])
        if current, let run = app.runConfiguration {
            var restore = APIObject()
            switch run.restore {
            case .skip: restore["ApplicationRestoreType"] = "SKIP_RESTORE_FROM_SNAPSHOT"
            case .latest: restore["ApplicationRestoreType"] = "RESTORE_FROM_LATEST_SNAPSHOT"
            case .snapshot(let name):
                restore["ApplicationRestoreType"] = "RESTORE_FROM_CUSTOM_SNAPSHOT"
                restore["SnapshotName"] = .string(name)
            }
            description["RunConfigurationDescription"] = .map([
                "ApplicationRestoreConfigurationDescription": restore.value,
                "FlinkRunConfigurationDescription": .map(["AllowNonRestoredState": .bool(run.allowNonRestoredState)]),
            ])
        }
        description["FlinkApplicationConfigurationDescription"] = flink.value
        if !c.properties.isEmpty {
            description["EnvironmentPropertyDescriptions"] = .map(["PropertyGroupDescriptions": .list(
                c.properties.sorted { $0.key < $1.key }.map { group, map in
                    .map(["PropertyGroupId": .string(group), "PropertyMap": .map(map.mapValues { .string($0) })])
                })])
        }
        description["ApplicationSnapshotConfigurationDescription"] = .map(["SnapshotsEnabled": .bool(c.snapshotsEnabled)])
        description["ApplicationSystemRollbackConfigurationDescription"] = .map(["RollbackEnabled": .bool(c.rollbackEnabled)])
        return description.value
    }

    /// Flink's job plan as JSON, the way its REST API describes one (`jid`, `name`, `nodes`).
    private func jobPlan(_ graph: JobGraph, id: String) -> String {
        let quoted = StatusLogEntry.quoted
        let nodes = graph.nodes.map { node in
            "{\"id\":\"\(node.id)\",\"parallelism\":\(node.parallelism ?? graph.parallelism),\"description\":\(quoted(node.name))}"
        }
        return "{\"jid\":\(quoted(id)),\"name\":\(quoted(graph.name)),\"nodes\":[\(nodes.joined(separator: ","))]}"
    }

    func summary(_ app: Application) -> Value {
        .map([
            "ApplicationName": .string(app.name), "ApplicationARN": .string(app.arn),
            "ApplicationStatus": .string(app.status.rawValue), "ApplicationVersionId": Value(app.versionId),
            "RuntimeEnvironment": .string(app.runtime.rawValue), "ApplicationMode": .string(app.mode),
        ])
    }

    func snapshotDetails(_ s: ApplicationSnapshot) -> Value {
        .map([
            "SnapshotName": .string(s.name), "SnapshotStatus": .string(s.status.rawValue),
            "ApplicationVersionId": Value(s.versionId), "SnapshotCreationTimestamp": timestamp(s.created),
            "RuntimeEnvironment": .string(s.runtime.rawValue),
        ])
    }

    func operationInfo(_ op: ApplicationOperation) -> APIObject {
        var o = APIObject()
        o["Operation"] = .string(op.operation)
        o["OperationId"] = .string(op.id)
        o["StartTime"] = timestamp(op.startTime)
        o["EndTime"] = op.endTime.map(timestamp) ?? .nil
        o["OperationStatus"] = .string(op.status.rawValue)
        return o
    }
}

