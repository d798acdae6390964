import JobRuntime

extension LifecycleEngine {
    /// DeleteApplication: READY or RUNNING → DELETING → gone, with its job stopped and its
    /// snapshots deleted (spec §2 row 7). `createTimestamp` must match the application's, to
    /// the second, when given.
    /// Errors: ResourceNotFoundException, ResourceInUseException, InvalidArgumentException.
    public func deleteApplication(_ name: String, createTimestamp: Double? = nil) throws(LifecycleError) {
        let app = try application(name)
        if let createTimestamp, createTimestamp.rounded(.down) != app.createTimestamp.rounded(.down) {
            throw LifecycleError(.invalidArgument, "CreateTimestamp \(epochText(createTimestamp)) does not match application \(name)'s (\(epochText(app.createTimestamp))).")
        }
        try checkAllowed(.delete, app)
        app.run += 1
        cancelOperations(app)
        transition(app, to: .deleting, cause: "DeleteApplication")
        app.job?.cancel()
        after(settings.deleting, app) { [self] in finishDeleting(app, cause: "deleted with its snapshots") }
    }

    /// The end of DELETING: the snapshots' folders removed, the application gone.
    func finishDeleting(_ app: Application, cause: String) {
        for snapshot in app.snapshots { if let path = snapshot.path { SnapshotStore.remove(path) } }
        app.snapshots.removeAll()
        app.job = nil
        applications[app.name] = nil
        pendingMaintenance.remove(app.name)
        log(app, subject: .application, from: ApplicationStatus.deleting.rawValue, to: "DELETED", cause: cause)
    }
}
