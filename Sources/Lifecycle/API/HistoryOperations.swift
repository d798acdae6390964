import JobRuntime

/// Snapshots, versions and operations: create, delete, describe, list.
extension ServiceAPI {
    static var historyOperations: [APIOperation] {
        typealias R = RequestShapes
        let paged = { @Sendable (extra: [String: APIShape]) in
            R.request(["ApplicationName": R.applicationName, "Limit": R.limit, "NextToken": R.nextToken].merging(extra) { a, _ in a },
                      required: ["ApplicationName"])
        }
        return [
            APIOperation("CreateApplicationSnapshot", "A snapshot (savepoint) of the RUNNING application: CREATING, then READY.", input: R.request([
                "ApplicationName": R.applicationName, "SnapshotName": R.snapshotName,
            ], required: ["ApplicationName", "SnapshotName"])) { api, r throws(LifecycleError) in
                try api.engine.createApplicationSnapshot(r["ApplicationName"].string!, snapshotName: r["SnapshotName"].string!)
                return .map([:])
            },
            APIOperation("DeleteApplicationSnapshot", "Deletes a snapshot; its creation time must match to the second.", input: R.request([
                "ApplicationName": R.applicationName, "SnapshotName": R.snapshotName, "SnapshotCreationTimestamp": .timestamp,
            ], required: ["ApplicationName", "SnapshotName", "SnapshotCreationTimestamp"])) { api, r throws(LifecycleError) in
                try api.engine.deleteApplicationSnapshot(r["ApplicationName"].string!, snapshotName: r["SnapshotName"].string!,
                                                         creationTimestamp: api.clockSeconds(r["SnapshotCreationTimestamp"]))
                return .map([:])
            },
            APIOperation("DescribeApplicationSnapshot", "A snapshot's SnapshotDetails.", input: R.request([
                "ApplicationName": R.applicationName, "SnapshotName": R.snapshotName,
            ], required: ["ApplicationName", "SnapshotName"])) { api, r throws(LifecycleError) in
                let app = try api.application(r)
                guard let snapshot = app.snapshots.first(where: { $0.name == r["SnapshotName"].string }) else {
                    throw LifecycleError(.resourceNotFound, "Application \(app.name) has no snapshot named \(r["SnapshotName"].string!).")
                }
                return .map(["SnapshotDetails": api.snapshotDetails(snapshot)])
            },
            APIOperation("ListApplicationSnapshots", "The application's snapshots, oldest first, system snapshots included.",
                         input: paged([:])) { api, r throws(LifecycleError) in
                // The model gives this operation no ResourceNotFoundException (spec §3.2).
                guard let app = try? api.application(r) else {
                    throw LifecycleError(.invalidArgument, "Application \(r["ApplicationName"].string!) is not found in account \(api.engine.settings.account).")
                }
                return try api.pagedResponse("SnapshotSummaries", app.snapshots, r, api.snapshotDetails)
            },
            APIOperation("ListApplicationVersions", "The application's versions, oldest first; rolled-back ones show ROLLED_BACK.",
                         input: paged([:])) { api, r throws(LifecycleError) in
                let app = try api.application(r)
                return try api.pagedResponse("ApplicationVersionSummaries", app.versions, r) { v in
                    .map(["ApplicationVersionId": Value(v.id), "ApplicationStatus": .string(api.versionStatus(app, v.id).rawValue)])
                }
            },
            APIOperation("DescribeApplicationVersion", "One version's ApplicationDetail.", input: R.request([
                "ApplicationName": R.applicationName, "ApplicationVersionId": R.versionId,
            ], required: ["ApplicationName", "ApplicationVersionId"])) { api, r throws(LifecycleError) in
                let app = try api.application(r)
                guard let version = app.versions.first(where: { $0.id == r["ApplicationVersionId"].int }) else {
                    throw LifecycleError(.resourceNotFound, "Application \(app.name) has no version \(r["ApplicationVersionId"].int!).")
                }
                return .map(["ApplicationVersionDetail": api.detail(app, version: version)])
            },
            APIOperation("ListApplicationOperations", "Lifecycle operations, newest first, filtered by Operation and OperationStatus.",
                         input: paged(["Operation": .string(1, 64),
                                       "OperationStatus": .enumeration(["IN_PROGRESS", "CANCELLED", "SUCCESSFUL", "FAILED"])])) { api, r throws(LifecycleError) in
                let app = try api.application(r)
                let wanted = r["Operation"].string.map(ServiceAPI.operationNames(matching:))
                let status = r["OperationStatus"].string
                let operations = app.operations.reversed().filter { op in
                    (wanted?.contains(op.operation) ?? true) && (status.map { $0 == op.status.rawValue } ?? true)
                }
                return try api.pagedResponse("ApplicationOperationInfoList", operations, r) { api.operationInfo($0).value }
            },
            APIOperation("DescribeApplicationOperation", "One operation, with its version change and failure details.", input: R.request([
                "ApplicationName": R.applicationName, "OperationId": .string(1, 64),
            ], required: ["ApplicationName", "OperationId"])) { api, r throws(LifecycleError) in
                let app = try api.application(r)
                guard let op = app.operations.first(where: { $0.id == r["OperationId"].string }) else {
                    throw LifecycleError(.resourceNotFound, "Application \(app.name) has no operation \(r["OperationId"].string!).")
                }
                var details = api.operationInfo(op)
                details["OperationId"] = nil
                if let change = op.versionChange {
                    details["ApplicationVersionChangeDetails"] = .map([
                        "ApplicationVersionUpdatedFrom": Value(change.from), "ApplicationVersionUpdatedTo": Value(change.to),
                    ])
                }
                if op.status == .failed {
                    var failure = APIObject()
                    failure["RollbackOperationId"] = Value(op.rollbackOperationId)
                    failure["ErrorInfo"] = .map(["ErrorString": Value(op.errorString)])
                    details["OperationFailureDetails"] = failure.value
                }
                return .map(["ApplicationOperationInfoDetails": details.value])
            },
        ]
    }

    /// The operation names a filter matches: maintenance goes by two names in the docs
    /// (spec §7), and either finds it.
    static func operationNames(matching filter: String) -> Set<String> {
        filter == "Maintenance" || filter == "ApplicationMaintenance" ? ["ApplicationMaintenance", "Maintenance"] : [filter]
    }
}
