import JobRuntime

/// How an application that a registry left (a server stopped or killed) comes back. What a
/// client was told stands; what was under way resolves the way the service would have
/// carried it on, and the status log says which way (`reason` opens each cause):
///
/// | left in | comes back |
/// |---|---|
/// | READY | READY |
/// | RUNNING | RUNNING, its job started again from its latest checkpoint, else from what that job started from, else as the run configuration says |
/// | STARTING, UPDATING (of a running application), AUTOSCALING, MAINTENANCE, ROLLING_BACK | the same status, its job launched again (from the latest checkpoint, else as the run configuration says); RUNNING once it runs, the operation SUCCESSFUL (READY and FAILED if it cannot start) |
/// | UPDATING (of a READY application) | READY on the new version, the operation SUCCESSFUL |
/// | STOPPING, FORCE_STOPPING | READY, the operation SUCCESSFUL |
/// | DELETING | deleted |
///
/// A snapshot left CREATING is READY when its savepoint was written whole, else FAILED; an
/// operation still IN_PROGRESS on an application that came back steady is FAILED.
extension LifecycleEngine {
    func recover(_ app: Application, jobID: String?, restoredFrom: String?, reason: String) -> String? {
        settleSnapshots(app, reason: reason)
        let status = app.status
        let operation = app.operations.last { $0.status == .inProgress }?.id ?? ""
        switch status {
        case .ready, .rolledBack:
            failLeftOperations(app, reason: reason)
            return nil
        case .deleting:
            finishDeleting(app, cause: "\(reason) while DELETING: the delete is done")
            return "\(app.name): deleted"
        case .stopping, .forceStopping:
            endOperation(app, operation, .successful)
            app.run += 1
            app.job = nil
            transition(app, to: .ready, cause: "\(reason) while \(status.rawValue): the stop is done")
            return "\(app.name): READY (stopped)"
        case .updating where jobID == nil:
            endOperation(app, operation, .successful)
            transition(app, to: .ready, cause: "\(reason) while UPDATING: updated to version \(app.versionId)")
            return "\(app.name): READY on version \(app.versionId)"
        case .running, .starting, .updating, .autoscaling, .maintenance, .rollingBack:
            return relaunch(app, job: (jobID, restoredFrom), operation: operation, reason: reason)
        }
    }

    /// Starts the job of an application that was RUNNING, or on its way there, again.
    private func relaunch(_ app: Application, job: (id: String?, restoredFrom: String?), operation: String, reason: String) -> String {
        let status = app.status
        let (path, from) = restorePoint(app, job: job)
        let allowNonRestored = app.runConfiguration?.allowNonRestoredState ?? false
        app.run += 1
        if status == .running {
            log(app, subject: .application, from: status.rawValue, to: status.rawValue, cause: "\(reason): the job starts again from \(from)")
            running.insert(app.name)
            armMinuteTick()
            launch(app, restoringPath: path, allowNonRestoredState: allowNonRestored, settleTime: 0) { [self] outcome in
                guard case .failed(let error) = outcome else { return }
                app.run += 1
                app.job?.cancel()
                app.job = nil
                transition(app, to: .ready, cause: "the job could not start again: \(error)")
            }
        } else {
            log(app, subject: .application, from: status.rawValue, to: status.rawValue,
                cause: "\(reason) while \(status.rawValue): it goes on, the job launched again from \(from)")
            launch(app, restoringPath: path, allowNonRestoredState: allowNonRestored, settleTime: settleTime(of: status)) { [self] outcome in
                conclude(app, operation, outcome, running: status == .starting ? "the job is RUNNING" : "version \(app.versionId) is RUNNING",
                         failed: "\(status.rawValue) failed")
            }
        }
        return "\(app.name): \(status.rawValue), the job from \(from)"
    }

    /// Where a relaunched job's state comes from: the latest checkpoint its last job wrote,
    /// else what that job started from (a restart before its first checkpoint loses
    /// nothing), else what the run configuration chose (the latest READY snapshot by default).
    private func restorePoint(_ app: Application, job: (id: String?, restoredFrom: String?)) -> (path: String?, said: String) {
        if let jobID = job.id, let root = jobDefaults.stateDirectory, let checkpoint = SnapshotStore.latestCheckpoint(root: root, jobID: jobID) {
            return (checkpoint, Self.describe(checkpoint: checkpoint))
        }
        if let started = job.restoredFrom, SnapshotStore.isComplete(started) {
            let snapshot = app.snapshots.first { $0.path == started }
            return (started, snapshot.map { "snapshot \($0.name)" } ?? Self.describe(checkpoint: started))
        }
        let snapshot: ApplicationSnapshot?
        switch app.runConfiguration?.restore ?? .latest {
        case .skip: snapshot = nil
        case .latest: snapshot = app.configuration.snapshotsEnabled ? app.latestSnapshot : nil
        case .snapshot(let name): snapshot = app.snapshots.first { $0.name == name && $0.status == .ready }
        }
        guard let snapshot, let path = snapshot.path else { return (nil, "empty state") }
        return (path, "snapshot \(snapshot.name)")
    }

    /// "checkpoint chk-12 of job 1a2b3c4d", from `…/checkpoints/<job id>/chk-12`.
    private static func describe(checkpoint path: String) -> String {
        let parts = path.split(separator: "/")
        guard parts.count >= 2 else { return "checkpoint \(path)" }
        return "checkpoint \(parts[parts.count - 1]) of job \(parts[parts.count - 2].prefix(8))"
    }

    private func settleTime(of status: ApplicationStatus) -> Double {
        switch status {
        case .starting: settings.starting
        case .updating: settings.updating
        case .autoscaling: settings.autoscaling
        case .maintenance: settings.maintenance
        case .rollingBack: settings.rollingBack
        default: 0
        }
    }

    /// Snapshots left CREATING: READY when the savepoint is whole on disk, else FAILED;
    /// left DELETING: deleted.
    private func settleSnapshots(_ app: Application, reason: String) {
        for (index, snapshot) in app.snapshots.enumerated().reversed() {
            switch snapshot.status {
            case .creating:
                let whole = snapshot.path.map(SnapshotStore.isComplete) ?? false
                app.snapshots[index].status = whole ? .ready : .failed
                log(app, subject: .snapshot(snapshot.name), from: "CREATING", to: whole ? "READY" : "FAILED",
                    cause: whole ? "\(reason): its savepoint was written whole" : "\(reason) before its savepoint was written")
            case .deleting:
                if let path = snapshot.path { SnapshotStore.remove(path) }
                app.snapshots.remove(at: index)
                log(app, subject: .snapshot(snapshot.name), from: "DELETING", to: "DELETED", cause: "\(reason): the delete is done")
            case .ready, .failed:
                break
            }
        }
    }

    private func failLeftOperations(_ app: Application, reason: String) {
        for op in app.operations where op.status == .inProgress {
            endOperation(app, op.id, .failed, error: "\(reason) before the operation ended")
        }
    }
}
