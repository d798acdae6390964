import JobRuntime

extension LifecycleEngine {
    /// Maintenance of a RUNNING application now (spec §7), as the maintenance policy calls
    /// it inside the window; a script can call it to rehearse one.
    /// Errors: ResourceInUseException (not RUNNING).
    @discardableResult
    public func performMaintenance(_ name: String) throws(LifecycleError) -> String {
        let app = try application(name)
        guard app.status == .running else {
            throw LifecycleError(.resourceInUse, "Application \(name) is in \(app.status.rawValue) status; only a RUNNING application is maintained.")
        }
        return maintain(app)
    }

    /// MAINTENANCE: the job's TaskManager is replaced (the job restarts in place from its
    /// latest checkpoint, as Flink's restart strategy says, and its restart count goes up);
    /// RUNNING again once `settings.maintenance` has passed and the job runs. A job that
    /// fails for good instead: a system rollback when enabled, else READY.
    @discardableResult
    func maintain(_ app: Application) -> String {
        let operation = beginOperation(app, settings.maintenanceOperation)
        app.lastMaintenance = now
        transition(app, to: .maintenance, cause: "maintenance: the TaskManagers are patched and replaced")
        guard let job = app.job else {
            after(settings.maintenance, app) { [self] in
                endOperation(app, operation, .successful)
                transition(app, to: .running, cause: "maintenance done")
            }
            return operation
        }
        job.inject(.taskManagerLost(index: 0, at: now))
        let started = now
        func check() {
            switch job.status {
            case .running where now >= started + settings.maintenance:
                endOperation(app, operation, .successful)
                transition(app, to: .running, cause: "maintenance done; the job is RUNNING")
            case .failed, .canceled, .finished:
                app.job = nil
                systemRollback(app, after: "the job is \(job.status.rawValue) after maintenance", failedOperation: operation)
            default:
                after(1, app, check)
            }
        }
        after(settings.maintenance, app, check)
        return operation
    }
}
