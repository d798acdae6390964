import JobRuntime

extension LifecycleEngine {
    /// CreateApplicationSnapshot: a savepoint of the RUNNING application's job, CREATING
    /// until it is taken, then READY (or FAILED). The application's status does not change.
    /// Errors: ResourceInUseException (not RUNNING, or the name is taken),
    /// LimitExceededException (1,000 snapshots), InvalidArgumentException (a bad name).
    public func createApplicationSnapshot(_ name: String, snapshotName: String) throws(LifecycleError) {
        let app = try application(name)
        try Validation.name(snapshotName, field: "SnapshotName", maxLength: 256)
        try checkAllowed(.createSnapshot, app)
        guard !app.snapshots.contains(where: { $0.name == snapshotName }) else {
            throw LifecycleError(.resourceInUse, "Application \(name) already has a snapshot named \(snapshotName).")
        }
        guard app.snapshots.count < settings.snapshotQuota else {
            throw LifecycleError(.limitExceeded, "Application \(name) already has \(app.snapshots.count) snapshots, its quota.")
        }
        guard let job = app.job else {
            throw LifecycleError(.invalidApplicationConfiguration, "Application \(name) has no job to snapshot.")
        }
        takeSnapshot(app, name: snapshotName, isSystem: false, stop: false, job: job) { _ in }
    }

    /// DeleteApplicationSnapshot: the snapshot and its savepoint go.
    /// Errors: ResourceNotFoundException, ResourceInUseException (still CREATING, or the
    /// application is DELETING), InvalidArgumentException (timestamp mismatch).
    public func deleteApplicationSnapshot(_ name: String, snapshotName: String, creationTimestamp: Double? = nil) throws(LifecycleError) {
        let app = try application(name)
        guard app.status != .deleting else {
            throw LifecycleError(.resourceInUse, "Application \(name) is in DELETING status.")
        }
        guard let index = app.snapshots.firstIndex(where: { $0.name == snapshotName }) else {
            throw LifecycleError(.resourceNotFound, "Application \(name) has no snapshot named \(snapshotName).")
        }
        let snapshot = app.snapshots[index]
        guard snapshot.status != .creating else {
            throw LifecycleError(.resourceInUse, "Snapshot \(snapshotName) is still CREATING.")
        }
        if let creationTimestamp, creationTimestamp.rounded(.down) != snapshot.created.rounded(.down) {
            throw LifecycleError(.invalidArgument, "SnapshotCreationTimestamp \(epochText(creationTimestamp)) does not match snapshot \(snapshotName)'s (\(epochText(snapshot.created))).")
        }
        if let path = snapshot.path { SnapshotStore.remove(path) }
        app.snapshots.remove(at: index)
        log(app, subject: .snapshot(snapshotName), from: snapshot.status.rawValue, to: "DELETED", cause: "DeleteApplicationSnapshot")
    }

    func systemSnapshotName(_ app: Application, _ reason: String) -> String {
        "floe-system-\(reason)-v\(app.versionId)-\(app.snapshots.count + 1)"
    }

    /// Takes a snapshot of `job` (stopping it when `stop`): CREATING, then READY with the
    /// savepoint's path after `settings.snapshotting`, or FAILED. `done` gets nil or the reason.
    func takeSnapshot(_ app: Application, name: String, isSystem: Bool, stop: Bool, job: any RunningJob,
                      done: @escaping (String?) -> Void) {
        app.snapshots.append(ApplicationSnapshot(name: name, status: .creating, versionId: app.versionId, runtime: app.runtime,
                                                 created: now, isSystem: isSystem, path: nil))
        log(app, subject: .snapshot(name), from: "", to: ApplicationSnapshot.Status.creating.rawValue, cause: isSystem ? "system snapshot" : "CreateApplicationSnapshot")
        job.triggerSavepoint(stop: stop) { [weak self, weak app] result in
            guard let self, let app, let index = app.snapshots.firstIndex(where: { $0.name == name }) else { return }
            switch result {
            case .success(let savepoint):
                app.snapshots[index].path = savepoint.path
                clock.schedule(after: settings.snapshotting, by: app) { [weak self, weak app] in
                    guard let self, let app, let index = app.snapshots.firstIndex(where: { $0.name == name }) else { return }
                    app.snapshots[index].status = .ready
                    log(app, subject: .snapshot(name), from: "CREATING", to: "READY", cause: savepoint.name)
                    done(nil)
                }
            case .failure(let error):
                app.snapshots[index].status = .failed
                log(app, subject: .snapshot(name), from: "CREATING", to: "FAILED", cause: error.message)
                done(error.message)
            }
        }
    }
}
