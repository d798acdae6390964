import JobRuntime

/// CreateApplication, Start, Stop, Update, Rollback, Delete, Describe, List.
extension ServiceAPI {
    static var applicationOperations: [APIOperation] {
        typealias R = RequestShapes
        return [
            APIOperation("CreateApplication", "Creates an application: READY, version 1.", input: R.request([
                "ApplicationName": R.applicationName, "ApplicationDescription": .string(0, 1024),
                "RuntimeEnvironment": R.runtimeEnvironment, "ServiceExecutionRole": R.arn,
                "ApplicationConfiguration": R.applicationConfiguration,
                "CloudWatchLoggingOptions": .list(.object(["LogStreamARN": R.arn], required: ["LogStreamARN"])),
                "Tags": R.tags, "ApplicationMode": .enumeration(["STREAMING", "INTERACTIVE"]),
            ], required: ["ApplicationName", "RuntimeEnvironment", "ServiceExecutionRole"])) { api, r throws(LifecycleError) in
                try api.createApplication(r)
            },
            APIOperation("StartApplication", "Starts a READY application: STARTING, then RUNNING once its job runs.", input: R.request([
                "ApplicationName": R.applicationName,
                "RunConfiguration": .object([
                    "FlinkRunConfiguration": R.flinkRunConfiguration, "SqlRunConfigurations": R.notLocal,
                    "ApplicationRestoreConfiguration": R.applicationRestoreConfiguration,
                ]),
            ], required: ["ApplicationName"])) { api, r throws(LifecycleError) in
                let run = r["RunConfiguration"]
                guard run["SqlRunConfigurations"].isNil else {
                    throw LifecycleError(.invalidRequest, "SqlRunConfigurations are for SQL applications; floe runs Flink applications.")
                }
                let id = try api.engine.startApplication(
                    r["ApplicationName"].string!, restore: try api.restoreChoice(run["ApplicationRestoreConfiguration"]),
                    allowNonRestoredState: run["FlinkRunConfiguration"]["AllowNonRestoredState"].bool ?? false)
                return .map(["OperationId": .string(id)])
            },
            APIOperation("StopApplication", "Stops an application: STOPPING (with a snapshot) or, with Force, FORCE_STOPPING; then READY.",
                         input: R.request(["ApplicationName": R.applicationName, "Force": .boolean], required: ["ApplicationName"])) { api, r throws(LifecycleError) in
                .map(["OperationId": .string(try api.engine.stopApplication(r["ApplicationName"].string!, force: r["Force"].bool ?? false))])
            },
            APIOperation("UpdateApplication", "Makes a new version; a RUNNING application is redeployed from a snapshot.", input: R.request([
                "ApplicationName": R.applicationName, "CurrentApplicationVersionId": R.versionId,
                "ApplicationConfigurationUpdate": R.applicationConfigurationUpdate, "ServiceExecutionRoleUpdate": R.arn,
                "RunConfigurationUpdate": .object([
                    "FlinkRunConfiguration": R.flinkRunConfiguration, "ApplicationRestoreConfiguration": R.applicationRestoreConfiguration,
                ]),
                "CloudWatchLoggingOptionUpdates": .list(.object([
                    "CloudWatchLoggingOptionId": .string(1, 50), "LogStreamARNUpdate": R.arn,
                ], required: ["CloudWatchLoggingOptionId"])),
                "ConditionalToken": R.conditionalToken, "RuntimeEnvironmentUpdate": R.runtimeEnvironment,
            ], required: ["ApplicationName"])) { api, r throws(LifecycleError) in
                try api.updateApplication(r)
            },
            APIOperation("RollbackApplication", "Rolls back to the version before, from the latest snapshot.", input: R.request([
                "ApplicationName": R.applicationName, "CurrentApplicationVersionId": R.versionId,
            ], required: ["ApplicationName", "CurrentApplicationVersionId"])) { api, r throws(LifecycleError) in
                let name = r["ApplicationName"].string!
                let id = try api.engine.rollbackApplication(name, currentVersionId: r["CurrentApplicationVersionId"].int!)
                return .map(["ApplicationDetail": api.detail(try api.engine.application(name)), "OperationId": .string(id)])
            },
            APIOperation("DeleteApplication", "Deletes an application with its snapshots: DELETING, then gone.", input: R.request([
                "ApplicationName": R.applicationName, "CreateTimestamp": .timestamp,
            ], required: ["ApplicationName", "CreateTimestamp"])) { api, r throws(LifecycleError) in
                try api.engine.deleteApplication(r["ApplicationName"].string!, createTimestamp: api.clockSeconds(r["CreateTimestamp"]))
                return .map([:])
            },
            APIOperation("DescribeApplication", "The application's ApplicationDetail.", input: R.request([
                "ApplicationName": R.applicationName, "IncludeAdditionalDetails": .boolean,
            ], required: ["ApplicationName"])) { api, r throws(LifecycleError) in
                .map(["ApplicationDetail": api.detail(try api.application(r),
                                                          includeAdditionalDetails: r["IncludeAdditionalDetails"].bool ?? false)])
            },
            APIOperation("ListApplications", "Application summaries in name order; NextToken is the next application's name.", input: R.request([
                "Limit": R.limit, "NextToken": R.applicationName,
            ])) { api, r throws(LifecycleError) in
                let names = api.engine.applicationNames
                let start = r["NextToken"].string.map { token in names.firstIndex { $0 >= token } ?? names.count } ?? 0
                let end = min(names.count, start + (r["Limit"].int ?? 50))
                var response = APIObject()
                response["ApplicationSummaries"] = .list(try names[start..<end].map { name throws(LifecycleError) in api.summary(try api.engine.application(name)) })
                if end < names.count { response["NextToken"] = .string(names[end]) }
                return response.value
            },
        ]
    }

    /// `ApplicationRestoreConfiguration` as a restore choice (latest when absent).
    func restoreChoice(_ block: Value) throws(LifecycleError) -> RestoreChoice {
        switch block["ApplicationRestoreType"].string {
        case nil, "RESTORE_FROM_LATEST_SNAPSHOT": return .latest
        case "SKIP_RESTORE_FROM_SNAPSHOT": return .skip
        default:
            guard let name = block["SnapshotName"].string else {
                throw LifecycleError(.invalidArgument, "ApplicationRestoreType RESTORE_FROM_CUSTOM_SNAPSHOT needs a SnapshotName.")
            }
            return .snapshot(name)
        }
    }

    private func createApplication(_ r: Value) throws(LifecycleError) -> Value {
        guard r["ApplicationMode"].string != "INTERACTIVE" else {
            throw LifecycleError(.unsupportedOperation, "ApplicationMode INTERACTIVE is for Studio notebooks; floe runs STREAMING Flink applications.")
        }
        let block = r["ApplicationConfiguration"]
        guard !block["ApplicationCodeConfiguration"].isNil else {
            throw LifecycleError(.invalidArgument, "ApplicationConfiguration.ApplicationCodeConfiguration is required: a Flink application needs its code (an S3ContentLocation).")
        }
        let update = try ConfigurationReader(api: self, suffix: "", current: nil).read(block)
        var configuration = update.applied(to: ApplicationConfiguration(code: update.code ?? ""))
        configuration.cloudWatchLoggingOptions = r["CloudWatchLoggingOptions"].items.enumerated().map { i, option in
            CloudWatchLoggingOption(id: "1.\(i + 1)", logStreamARN: option["LogStreamARN"].string ?? "")
        }
        var request = CreateApplicationRequest(name: r["ApplicationName"].string!, runtime: r["RuntimeEnvironment"].string!,
                                               serviceExecutionRole: r["ServiceExecutionRole"].string!, configuration: configuration)
        request.description = r["ApplicationDescription"].string ?? ""
        request.tags = try tags(r["Tags"])
        return .map(["ApplicationDetail": detail(try engine.createApplication(request))])
    }

    /// `Tags` as a dictionary; a repeated key is an `InvalidArgumentException`.
    func tags(_ list: Value) throws(LifecycleError) -> [String: String] {
        var tags: [String: String] = [:]
        for tag in list.items {
            let key = tag["Key"].string ?? ""
            guard tags[key] == nil else { throw LifecycleError(.invalidArgument, "Tags must not repeat a key; \(key) appears twice.") }
            tags[key] = tag["Value"].string ?? ""
        }
        return tags
    }

    private func updateApplication(_ r: Value) throws(LifecycleError) -> Value {
        let app = try application(r)
        var update = try ConfigurationReader(api: self, suffix: "Update", current: app.configuration).read(r["ApplicationConfigurationUpdate"])
        update.runtime = r["RuntimeEnvironmentUpdate"].string
        update.serviceExecutionRole = r["ServiceExecutionRoleUpdate"].string
        let loggingUpdates = r["CloudWatchLoggingOptionUpdates"].items
        if !loggingUpdates.isEmpty {
            var options = app.configuration.cloudWatchLoggingOptions
            for change in loggingUpdates {
                let id = change["CloudWatchLoggingOptionId"].string ?? ""
                guard let i = options.firstIndex(where: { $0.id == id }) else {
                    throw LifecycleError(.resourceNotFound, "Application \(app.name) has no CloudWatch logging option \(id).")
                }
                if let arn = change["LogStreamARNUpdate"].string { options[i] = CloudWatchLoggingOption(id: id, logStreamARN: arn) }
            }
            update.cloudWatchLoggingOptions = options
        }
        let run = r["RunConfigurationUpdate"]
        let id = try engine.updateApplication(
            app.name, currentVersionId: r["CurrentApplicationVersionId"].int, conditionalToken: r["ConditionalToken"].string,
            update: update, restore: try restoreChoice(run["ApplicationRestoreConfiguration"]),
            allowNonRestoredState: run["FlinkRunConfiguration"]["AllowNonRestoredState"].bool ?? false)
        return .map(["ApplicationDetail": detail(app), "OperationId": .string(id)])
    }
}
