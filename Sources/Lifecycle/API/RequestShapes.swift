/// The request shapes of the kinesisanalyticsv2 operations floe serves, transcribed from
/// the service model (botocore's `kinesisanalyticsv2/2018-05-23/service-2.json`), with its
/// member names, required members and limits.
enum RequestShapes {
    static let applicationName = APIShape.string(1, 128, .name)
    static let versionId = APIShape.long(1, 999_999_999)
    static let conditionalToken = APIShape.string(1, 512, .token)
    static let arn = APIShape.string(1, 2048, .arn)
    static let configurationType = APIShape.enumeration(["DEFAULT", "CUSTOM"])
    static let limit = APIShape.long(1, 50)
    static let nextToken = APIShape.string(1, 512)
    static let snapshotName = APIShape.string(1, 256, .name)
    static let tags = APIShape.list(.object(["Key": .string(1, 128), "Value": .string(0, 256)], required: ["Key"]), 1, 200)
    static let restoreType = APIShape.enumeration(["SKIP_RESTORE_FROM_SNAPSHOT", "RESTORE_FROM_LATEST_SNAPSHOT", "RESTORE_FROM_CUSTOM_SNAPSHOT"])
    static let runtimeEnvironment = APIShape.enumeration(RuntimeEnvironment.known)

    static let propertyGroups = APIShape.list(.object([
        "PropertyGroupId": .string(1, 50, .name),
        "PropertyMap": .map(key: .string(1, 2048), value: .string(1, 4096), 1, 50),
    ], required: ["PropertyGroupId", "PropertyMap"]), 0, 50)

    static let s3ContentLocation = APIShape.object([
        "BucketARN": arn, "FileKey": .string(1, 1024), "ObjectVersion": .string(1, 1024),
    ], required: ["BucketARN", "FileKey"])

    static let applicationCodeConfiguration = APIShape.object([
        "CodeContent": .object([
            "TextContent": .string(0, 102_400), "ZipFileContent": .string(0, 52_428_800), "S3ContentLocation": s3ContentLocation,
        ]),
        "CodeContentType": .enumeration(["PLAINTEXT", "ZIPFILE"]),
    ], required: ["CodeContentType"])

    static let flinkApplicationConfiguration = APIShape.object([
        "CheckpointConfiguration": .object([
            "ConfigurationType": configurationType, "CheckpointingEnabled": .boolean,
            "CheckpointInterval": .long(1), "MinPauseBetweenCheckpoints": .long(0),
        ], required: ["ConfigurationType"]),
        "MonitoringConfiguration": .object([
            "ConfigurationType": configurationType, "MetricsLevel": metricsLevel, "LogLevel": logLevel,
        ], required: ["ConfigurationType"]),
        "ParallelismConfiguration": .object([
            "ConfigurationType": configurationType, "Parallelism": .long(1), "ParallelismPerKPU": .long(1),
            "AutoScalingEnabled": .boolean,
        ], required: ["ConfigurationType"]),
    ])

    static let metricsLevel = APIShape.enumeration(["APPLICATION", "TASK", "OPERATOR", "PARALLELISM"])
    static let logLevel = APIShape.enumeration(["INFO", "WARN", "ERROR", "DEBUG"])

    /// VPC, SQL, Zeppelin and encryption blocks: in the model, refused by floe.
    static let notLocal = APIShape.unmodeled

    static let applicationConfiguration = APIShape.object([
        "SqlApplicationConfiguration": notLocal,
        "FlinkApplicationConfiguration": flinkApplicationConfiguration,
        "EnvironmentProperties": .object(["PropertyGroups": propertyGroups], required: ["PropertyGroups"]),
        "ApplicationCodeConfiguration": applicationCodeConfiguration,
        "ApplicationSnapshotConfiguration": .object(["SnapshotsEnabled": .boolean], required: ["SnapshotsEnabled"]),
        "ApplicationSystemRollbackConfiguration": .object(["RollbackEnabled": .boolean], required: ["RollbackEnabled"]),
        "VpcConfigurations": notLocal,
        "ZeppelinApplicationConfiguration": notLocal,
        "ApplicationEncryptionConfiguration": notLocal,
    ])

    static let applicationConfigurationUpdate = APIShape.object([
        "SqlApplicationConfigurationUpdate": notLocal,
        "ApplicationCodeConfigurationUpdate": .object([
            "CodeContentTypeUpdate": .enumeration(["PLAINTEXT", "ZIPFILE"]),
            "CodeContentUpdate": .object([
                "TextContentUpdate": .string(0, 102_400), "ZipFileContentUpdate": .string(0, 52_428_800),
                "S3ContentLocationUpdate": .object([
                    "BucketARNUpdate": arn, "FileKeyUpdate": .string(1, 1024), "ObjectVersionUpdate": .string(1, 1024),
                ]),
            ]),
        ]),
        "FlinkApplicationConfigurationUpdate": .object([
            "CheckpointConfigurationUpdate": .object([
                "ConfigurationTypeUpdate": configurationType, "CheckpointingEnabledUpdate": .boolean,
                "CheckpointIntervalUpdate": .long(1), "MinPauseBetweenCheckpointsUpdate": .long(0),
            ]),
            "MonitoringConfigurationUpdate": .object([
                "ConfigurationTypeUpdate": configurationType, "MetricsLevelUpdate": metricsLevel, "LogLevelUpdate": logLevel,
            ]),
            "ParallelismConfigurationUpdate": .object([
                "ConfigurationTypeUpdate": configurationType, "ParallelismUpdate": .long(1),
                "ParallelismPerKPUUpdate": .long(1), "AutoScalingEnabledUpdate": .boolean,
            ]),
        ]),
        "EnvironmentPropertyUpdates": .object(["PropertyGroups": propertyGroups], required: ["PropertyGroups"]),
        "ApplicationSnapshotConfigurationUpdate": .object(["SnapshotsEnabledUpdate": .boolean], required: ["SnapshotsEnabledUpdate"]),
        "ApplicationSystemRollbackConfigurationUpdate": .object(["RollbackEnabledUpdate": .boolean], required: ["RollbackEnabledUpdate"]),
        "VpcConfigurationUpdates": notLocal,
        "ZeppelinApplicationConfigurationUpdate": notLocal,
        "ApplicationEncryptionConfigurationUpdate": notLocal,
    ])

    static let flinkRunConfiguration = APIShape.object(["AllowNonRestoredState": .boolean])
    static let applicationRestoreConfiguration = APIShape.object([
        "ApplicationRestoreType": restoreType, "SnapshotName": snapshotName,
    ], required: ["ApplicationRestoreType"])

    /// An operation's request: `members`, of which `required` must be present.
    static func request(_ members: [String: APIShape], required: [String] = []) -> APIShape {
        .object(members, required: required)
    }

    /// Just the application's name.
    static let byName = request(["ApplicationName": applicationName], required: ["ApplicationName"])
}
