import JobRuntime

/// CloudWatch logging options, the maintenance window and tags.
extension ServiceAPI {
    static var settingsOperations: [APIOperation] {
        typealias R = RequestShapes
        return [
            APIOperation("AddApplicationCloudWatchLoggingOption", "Adds a log stream: a new version.", input: R.request([
                "ApplicationName": R.applicationName, "CurrentApplicationVersionId": R.versionId,
                "CloudWatchLoggingOption": .object(["LogStreamARN": R.arn], required: ["LogStreamARN"]),
                "ConditionalToken": R.conditionalToken,
            ], required: ["ApplicationName", "CloudWatchLoggingOption"])) { api, r throws(LifecycleError) in
                let (_, operation) = try api.engine.addCloudWatchLoggingOption(
                    r["ApplicationName"].string!, logStreamARN: r["CloudWatchLoggingOption"]["LogStreamARN"].string!,
                    currentVersionId: r["CurrentApplicationVersionId"].int, conditionalToken: r["ConditionalToken"].string)
                return try api.loggingResponse(r, operation: operation)
            },
            APIOperation("DeleteApplicationCloudWatchLoggingOption", "Removes a log stream by id: a new version.", input: R.request([
                "ApplicationName": R.applicationName, "CurrentApplicationVersionId": R.versionId,
                "CloudWatchLoggingOptionId": .string(1, 50), "ConditionalToken": R.conditionalToken,
            ], required: ["ApplicationName", "CloudWatchLoggingOptionId"])) { api, r throws(LifecycleError) in
                let operation = try api.engine.deleteCloudWatchLoggingOption(
                    r["ApplicationName"].string!, optionId: r["CloudWatchLoggingOptionId"].string!,
                    currentVersionId: r["CurrentApplicationVersionId"].int, conditionalToken: r["ConditionalToken"].string)
                return try api.loggingResponse(r, operation: operation)
            },
            APIOperation("UpdateApplicationMaintenanceConfiguration", "Moves the 8-hour maintenance window (READY or RUNNING).", input: R.request([
                "ApplicationName": R.applicationName,
                "ApplicationMaintenanceConfigurationUpdate": .object([
                    "ApplicationMaintenanceWindowStartTimeUpdate": .string(5, 5, .time),
                ], required: ["ApplicationMaintenanceWindowStartTimeUpdate"]),
            ], required: ["ApplicationName", "ApplicationMaintenanceConfigurationUpdate"])) { api, r throws(LifecycleError) in
                let name = r["ApplicationName"].string!
                let window = try api.engine.updateMaintenanceConfiguration(
                    name, windowStart: r["ApplicationMaintenanceConfigurationUpdate"]["ApplicationMaintenanceWindowStartTimeUpdate"].string!)
                return .map([
                    "ApplicationARN": .string(try api.engine.application(name).arn),
                    "ApplicationMaintenanceConfigurationDescription": .map([
                        "ApplicationMaintenanceWindowStartTime": .string(window.start),
                        "ApplicationMaintenanceWindowEndTime": .string(window.end),
                    ]),
                ])
            },
            APIOperation("TagResource", "Adds or replaces tags (at most 50 per application).", input: R.request([
                "ResourceARN": R.arn, "Tags": R.tags,
            ], required: ["ResourceARN", "Tags"])) { api, r throws(LifecycleError) in
                let tags = try api.tags(r["Tags"])
                try api.engine.tagResource(arn: r["ResourceARN"].string!, tags: tags.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
                return .map([:])
            },
            APIOperation("UntagResource", "Removes tags by key.", input: R.request([
                "ResourceARN": R.arn, "TagKeys": .list(.string(1, 128), 1, 200),
            ], required: ["ResourceARN", "TagKeys"])) { api, r throws(LifecycleError) in
                try api.engine.untagResource(arn: r["ResourceARN"].string!, keys: r["TagKeys"].items.compactMap(\.string))
                return .map([:])
            },
            APIOperation("ListTagsForResource", "The application's tags, by key.",
                         input: R.request(["ResourceARN": R.arn], required: ["ResourceARN"])) { api, r throws(LifecycleError) in
                let tags = try api.engine.application(arn: r["ResourceARN"].string!).tags.sorted { $0.key < $1.key }
                return .map(["Tags": .list(tags.map { .map(["Key": .string($0.key), "Value": .string($0.value)]) })])
            },
        ]
    }

    private func loggingResponse(_ r: Value, operation: String) throws(LifecycleError) -> Value {
        let app = try application(r)
        return .map([
            "ApplicationARN": .string(app.arn), "ApplicationVersionId": Value(app.versionId),
            "CloudWatchLoggingOptionDescriptions": loggingDescriptions(app.configuration), "OperationId": .string(operation),
        ])
    }
}
