import JobRuntime

extension LifecycleEngine {
    /// UpdateApplication (spec §2 rows 5a/5b, §4): a new version with the update applied.
    /// READY: UPDATING, then READY. RUNNING: UPDATING; a system snapshot of the running job
    /// (when snapshots are on), then the new version's job restoring it (or as `restore`
    /// says), RUNNING once it runs. When the new version cannot start: a system rollback
    /// (ROLLING_BACK to the previous version, from the same snapshot) if rollback is
    /// enabled, else READY.
    /// `currentVersionId` / `conditionalToken`, when given, must be current.
    /// Errors: ResourceInUseException, ConcurrentModificationException,
    /// InvalidArgumentException (a bad value, missing code, a runtime downgrade of a
    /// running application).
    @discardableResult
    public func updateApplication(_ name: String, currentVersionId: Int? = nil, conditionalToken: String? = nil,
                                  update: ApplicationUpdate, restore: RestoreChoice = .latest,
                                  allowNonRestoredState: Bool = false) throws(LifecycleError) -> String {
        let app = try application(name)
        try checkAllowed(.update, app)
        try checkCurrent(app, versionId: currentVersionId, token: conditionalToken)
        let configuration = update.applied(to: app.configuration)
        try Validation.configuration(configuration, maxKPUs: settings.maxKPUs)
        var runtime = app.runtime
        if let requested = update.runtime {
            guard let parsed = RuntimeEnvironment(rawValue: requested), parsed.isFlink else {
                throw LifecycleError(.invalidArgument, "RuntimeEnvironmentUpdate '\(requested)' is not a Flink runtime floe knows.")
            }
            if app.status == .running, let from = app.runtime.flinkVersion, let to = parsed.flinkVersion, to < from {
                throw LifecycleError(.invalidArgument, "Cannot update running application \(name) from \(app.runtime) to \(parsed): its snapshot state cannot be restored by an older Flink version.")
            }
            runtime = parsed
        }
        if update.code != nil && !codeLoader.exists(configuration.code) {
            throw codeLoader.missing(configuration.code)
        }
        if let role = update.serviceExecutionRole {
            guard role.hasPrefix("arn:"), role.count <= 2048 else {
                throw LifecycleError(.invalidArgument, "ServiceExecutionRoleUpdate must be an ARN (arn:…) of at most 2048 characters; got '\(role)'.")
            }
            app.serviceExecutionRole = role
        }
        let operation = beginOperation(app, "UpdateApplication")
        let previous = app.versionId
        let wasRunning = app.status == .running
        app.versionUpdatedFrom = previous
        app.addVersion(configuration, runtime: runtime, at: now)
        app.setVersionChange(of: operation, from: previous)
        if wasRunning { app.runConfiguration = RunConfiguration(restore: restore, allowNonRestoredState: allowNonRestoredState) }
        transition(app, to: .updating, cause: "UpdateApplication to version \(app.versionId)")
        guard wasRunning else {
            after(settings.updating, app) { [self] in
                endOperation(app, operation, .successful)
                transition(app, to: .ready, cause: "updated to version \(app.versionId)")
            }
            return operation
        }
        app.run += 1
        redeploy(app, operation: operation, restore: restore, allowNonRestoredState: allowNonRestoredState,
                 reason: "update", settle: settings.updating) { [self] error in
            systemRollback(app, after: error, failedOperation: operation)
        }
        return operation
    }

    /// `CurrentApplicationVersionId` and `ConditionalToken`, each checked when given. Neither
    /// is accepted unless `settings.requireVersionOrToken` (spec §4.3: the model requires
    /// one, an AWS-validated test sent neither and got 200; lenient by default).
    func checkCurrent(_ app: Application, versionId: Int?, token: String?) throws(LifecycleError) {
        if settings.requireVersionOrToken && versionId == nil && token == nil {
            throw LifecycleError(.invalidArgument, "Either CurrentApplicationVersionId or ConditionalToken must be given (application \(app.name) is at version \(app.versionId)).")
        }
        if let versionId, versionId != app.versionId {
            throw LifecycleError(.concurrentModification, "Application \(app.name) is at version \(app.versionId), not \(versionId).")
        }
        if let token, token != app.conditionalToken {
            throw LifecycleError(.concurrentModification, "The ConditionalToken of application \(app.name) has changed.")
        }
    }

    /// Replaces a running application's job by one of its current version: a system
    /// snapshot first when snapshots are on (the old job stops with it), then the new job.
    /// RUNNING once it runs; `failed` is called with the reason when it cannot start.
    func redeploy(_ app: Application, operation: String, restore: RestoreChoice, allowNonRestoredState: Bool,
                  reason: String, settle: Double, failed: @escaping (String) -> Void) {
        let deploy = { [self] (snapshot: ApplicationSnapshot?) in
            launch(app, restoring: snapshot, allowNonRestoredState: allowNonRestoredState, settleTime: settle) { [self] outcome in
                switch outcome {
                case .running:
                    endOperation(app, operation, .successful)
                    transition(app, to: .running, cause: "version \(app.versionId) is RUNNING")
                case .failed(let error):
                    app.job?.cancel()
                    app.job = nil
                    failed(error)
                }
            }
        }
        let restoring = { () -> ApplicationSnapshot? in
            switch restore {
            case .skip: return nil
            case .latest: return app.latestSnapshot
            case .snapshot(let name): return app.snapshots.first { $0.name == name && $0.status == .ready }
            }
        }
        guard app.configuration.snapshotsEnabled, let job = app.job, job.status == .running else {
            // No snapshot to take: without snapshots an update loses its state, as on the service.
            app.job?.cancel()
            deploy(app.configuration.snapshotsEnabled ? restoring() : nil)
            return
        }
        let run = app.run
        takeSnapshot(app, name: systemSnapshotName(app, reason), isSystem: true, stop: true, job: job) { [self] error in
            guard app.run == run else { return }
            if let error {
                // As on the service, the application stays in its status until a forced stop.
                endOperation(app, operation, .failed, error: "the \(reason) snapshot failed: \(error)")
                return
            }
            deploy(restoring())
        }
    }

    /// After a failed update, scaling or maintenance: with rollback enabled, ROLLING_BACK to
    /// the version before (from the latest snapshot), RUNNING or, if that fails too, READY;
    /// without, READY (spec §2 row 13).
    func systemRollback(_ app: Application, after error: String, failedOperation: String) {
        endOperation(app, failedOperation, .failed, error: error)
        guard app.configuration.rollbackEnabled, let target = app.versionUpdatedFrom,
              let version = app.versions.first(where: { $0.id == target }) else {
            app.run += 1
            transition(app, to: .ready, cause: "the update failed: \(error)")
            return
        }
        let operation = beginOperation(app, "RollbackApplication")
        if let i = app.operations.firstIndex(where: { $0.id == failedOperation }) { app.operations[i].rollbackOperationId = operation }
        rollBack(app, to: version, operation: operation, cause: "system rollback: \(error)")
    }

    /// Makes a new version with `version`'s configuration (rolled back from the current one),
    /// and runs it from the latest snapshot.
    func rollBack(_ app: Application, to version: ApplicationVersion, operation: String, cause: String) {
        let from = app.versionId
        if let index = app.versions.firstIndex(where: { $0.id == from }) { app.versions[index].rolledBack = true }
        app.versionRolledBackFrom = from
        app.versionRolledBackTo = version.id
        app.addVersion(version.configuration, runtime: version.runtime, at: now)
        app.setVersionChange(of: operation, from: from)
        app.run += 1
        transition(app, to: .rollingBack, cause: cause)
        app.job?.cancel()
        app.job = nil
        launch(app, restoring: app.latestSnapshot, allowNonRestoredState: false, settleTime: settings.rollingBack) { [self] outcome in
            conclude(app, operation, outcome, running: "rolled back to version \(version.id)'s configuration", failed: "the rollback failed")
        }
    }

    /// RollbackApplication (spec §2 row 6): back to the version before the current one, from
    /// the latest snapshot. `currentVersionId` is required.
    /// Errors: ResourceInUseException, ConcurrentModificationException,
    /// InvalidRequestException (no snapshot, or no earlier version).
    @discardableResult
    public func rollbackApplication(_ name: String, currentVersionId: Int) throws(LifecycleError) -> String {
        let app = try application(name)
        try checkAllowed(.rollback, app)
        try checkCurrent(app, versionId: currentVersionId, token: nil)
        guard app.latestSnapshot != nil else {
            throw LifecycleError(.invalidRequest, "Application \(name) has no snapshot to roll back from.")
        }
        guard let target = app.versionUpdatedFrom ?? (app.versionId > 1 ? app.versionId - 1 : nil),
              let version = app.versions.first(where: { $0.id == target }) else {
            throw LifecycleError(.invalidRequest, "Application \(name) has no earlier version to roll back to.")
        }
        cancelOperations(app)
        let operation = beginOperation(app, "RollbackApplication")
        rollBack(app, to: version, operation: operation, cause: "RollbackApplication to version \(target)'s configuration")
        return operation
    }
}
