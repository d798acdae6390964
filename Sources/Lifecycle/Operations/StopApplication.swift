import JobRuntime

extension LifecycleEngine {
    /// StopApplication (spec §2 rows 3–4). Without `force`: RUNNING → STOPPING, a system
    /// snapshot first when snapshots are enabled (the job stops with a savepoint), then
    /// READY; a snapshot that cannot be taken leaves it stuck in STOPPING, as on the
    /// service, until a forced stop. With `force`: → FORCE_STOPPING, no snapshot, the job
    /// cancelled, operations in progress CANCELLED, then READY.
    /// Errors: ResourceInUseException.
    @discardableResult
    public func stopApplication(_ name: String, force: Bool = false) throws(LifecycleError) -> String {
        let app = try application(name)
        try checkAllowed(force ? .forceStop : .stop, app)
        if force { cancelOperations(app) }
        let operation = beginOperation(app, "StopApplication")
        app.run += 1  // what the current run still had scheduled is void
        if force {
            transition(app, to: .forceStopping, cause: "StopApplication with Force")
            app.job?.cancel()
            after(settings.forceStopping, app) { [self] in
                app.job = nil
                endOperation(app, operation, .successful)
                transition(app, to: .ready, cause: "forced stop done")
            }
            return operation
        }
        transition(app, to: .stopping, cause: "StopApplication")
        let finish = { [self] in
            after(settings.stopping, app) { [self] in
                app.job = nil
                endOperation(app, operation, .successful)
                transition(app, to: .ready, cause: "stopped")
            }
        }
        guard app.configuration.snapshotsEnabled, let job = app.job else {
            app.job?.cancel()
            finish()
            return operation
        }
        takeSnapshot(app, name: systemSnapshotName(app, "stop"), isSystem: true, stop: true, job: job) { [self] error in
            if let error {
                endOperation(app, operation, .failed, error: "the stop snapshot failed: \(error); the application stays in STOPPING until it is force-stopped")
            } else {
                finish()
            }
        }
        return operation
    }
}
