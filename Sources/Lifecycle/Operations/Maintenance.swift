import Clock
import JobRuntime

extension LifecycleEngine {
    /// A fault to rehearse: the application's next launch (start, update, rollback, scaling)
    /// fails to start its job with `reason`, as a new version with a bad entry class does.
    public func failNextLaunch(_ name: String, reason: String) throws(LifecycleError) {
        try application(name).failNextLaunch = reason
    }

    /// Releases a maintenance (a patch) for every application: pending until its policy
    /// lets it proceed. The schedule releases one every `settings.maintenanceInterval`; a
    /// scenario can release more.
    public func releaseMaintenance(patch: String) {
        for app in applications.values where app.status != .deleting {
            app.pendingMaintenance = PendingMaintenance(patch: patch, released: now, notBefore: now)
            pendingMaintenance.insert(app.name)
        }
        armMinuteTick()
    }

    /// The scheduled releases that are due: patch-1 at one interval, patch-2 at two, ….
    func releaseScheduledMaintenance() {
        let interval = settings.maintenanceInterval
        guard interval.isFinite, interval > 0 else { return }
        while Double(releasedPatches + 1) * interval <= now {
            releasedPatches += 1
            releaseMaintenance(patch: "patch-\(releasedPatches)")
        }
    }

    /// Asks the maintenance policy about `app`'s pending maintenance, when it is due, and
    /// carries the decision out. True when the application went into MAINTENANCE (or a
    /// snapshot before it) this minute.
    func considerMaintenance(_ app: Application) -> Bool {
        guard var pending = app.pendingMaintenance, now >= pending.notBefore,
              app.status != .ready, app.status != .deleting else { return false }
        let timeOfDay = Int(((settings.epoch + now) / 60).rounded(.down)) % 1440
        let start = ServiceMaintenance.minutes(app.maintenanceWindow.start) ?? 0
        let intoWindow = (timeOfDay - start + 1440) % 1440
        let inWindow = intoWindow < 8 * 60
        let minuteStart = now - ((settings.epoch + now).truncatingRemainder(dividingBy: 60))
        let nextWindow = inWindow ? now : minuteStart + Double(1440 - intoWindow) * 60
        let input = MaintenanceInput(now: now, timeOfDay: timeOfDay, maintenance: pending,
                                     windowStart: app.maintenanceWindow.start, windowEnd: app.maintenanceWindow.end,
                                     inWindow: inWindow, nextWindowStart: nextWindow)
        switch maintenancePolicy.decide(app, input: input) {
        case .proceed where app.status == .running:
            finishPending(app)
            maintain(app, patch: pending.patch)
            return true
        case .snapshotFirst where app.status == .running:
            finishPending(app)
            guard app.configuration.snapshotsEnabled, let job = app.job, job.status == .running else {
                maintain(app, patch: pending.patch)
                return true
            }
            let run = app.run
            takeSnapshot(app, name: systemSnapshotName(app, "maintenance"), isSystem: true, stop: false, job: job) { [self] _ in
                guard app.run == run, app.status == .running else { return }
                maintain(app, patch: pending.patch)
            }
            return true
        case .proceed, .snapshotFirst:
            pending.notBefore = now + 60
        case .deferUntil(let time):
            pending.notBefore = max(time, now + 1)
        case .skip:
            finishPending(app)
            log(app, subject: .maintenance, from: pending.patch, to: "SKIPPED", cause: "the maintenance policy skipped it")
            return false
        }
        app.pendingMaintenance = pending
        return false
    }

    private func finishPending(_ app: Application) {
        app.pendingMaintenance = nil
        pendingMaintenance.remove(app.name)
    }

    /// Maintenance of a RUNNING application now (spec §7), as the maintenance policy calls
    /// it inside the window; a script can call it to rehearse one.
    /// Errors: ResourceInUseException (not RUNNING).
    @discardableResult
    public func performMaintenance(_ name: String) throws(LifecycleError) -> String {
        let app = try application(name)
        guard app.status == .running else {
            throw LifecycleError(.resourceInUse, "Application \(name) is in \(app.status.rawValue) status; only a RUNNING application is maintained.")
        }
        if app.pendingMaintenance != nil { finishPending(app) }
        return maintain(app, patch: "on demand")
    }

    /// MAINTENANCE: the job's TaskManager is replaced (the job restarts in place from its
    /// latest checkpoint, as Flink's restart strategy says, and its restart count goes up);
    /// RUNNING again once `settings.maintenance` has passed and the job runs. A job that
    /// fails for good instead: a system rollback when enabled, else READY.
    @discardableResult
    func maintain(_ app: Application, patch: String) -> String {
        let operation = beginOperation(app, settings.maintenanceOperation)
        transition(app, to: .maintenance, cause: "maintenance (\(patch)): the TaskManagers are patched and replaced")
        guard let job = app.job else {
            after(settings.maintenance, app) { [self] in
                endOperation(app, operation, .successful)
                transition(app, to: .running, cause: "maintenance done")
            }
            return operation
        }
        guard job.capabilities.contains(.faultInjection) else {
            restartFromSavepoint(app, job, operation: operation, patch: patch)
            return operation
        }
        do throws(JobError) { try job.inject(.taskManagerLost(index: 0, at: now)) } catch {
            endOperation(app, operation, .failed, error: error.description)
            transition(app, to: .running, cause: "maintenance (\(patch)) not carried out: \(error.message)")
            return operation
        }
        let started = Instant(seconds: now)
        /// Whether the job has run on the new TaskManagers: RUNNING now, or at any moment since
        /// (a job that fails at once keeps restarting, RUNNING only for an instant each time;
        /// the explorer found maintenance waiting for ever on one).
        func ran() -> Bool {
            job.status == .running || job.events.contains { $0.subject == .job && $0.to == "RUNNING" && $0.time > started }
        }
        func check() {
            switch job.status {
            case .failed, .canceled, .finished:
                app.job = nil
                systemRollback(app, after: "the job is \(job.status.rawValue) after maintenance", failedOperation: operation)
            default:
                guard ran() else { return after(1, app, check) }
                endOperation(app, operation, .successful)
                transition(app, to: .running, cause: "maintenance done; the job is \(job.status.rawValue)")
            }
        }
        after(settings.maintenance, app, check)
        return operation
    }

    /// Maintenance where floe cannot replace a TaskManager under the job (a real cluster):
    /// the job stops with a savepoint and runs again from it at the same parallelism, as the
    /// service's restart onto patched TaskManagers keeps its state. RUNNING once the new job
    /// runs and `settings.maintenance` has passed; a savepoint or a restart that fails: a
    /// system rollback when enabled, else READY.
    private func restartFromSavepoint(_ app: Application, _ job: any RunningJob, operation: String, patch: String) {
        app.run += 1  // the stopped job's end is the maintenance's, not the run's
        let run = app.run
        job.triggerSavepoint(stop: true) { [self] result in
            guard app.run == run else { return }
            switch result {
            case .failure(let error):
                job.cancel()  // a job whose stop failed may run on: the rollback or READY must not find it
                app.job = nil
                systemRollback(app, after: "the maintenance savepoint failed: \(error.message)", failedOperation: operation)
            case .success(let savepoint):
                launch(app, restoringPath: savepoint.path, allowNonRestoredState: false, settleTime: settings.maintenance) { [self] outcome in
                    switch outcome {
                    case .running:
                        endOperation(app, operation, .successful)
                        transition(app, to: .running, cause: "maintenance (\(patch)) done; the job runs again from its savepoint")
                    case .failed(let error):
                        app.job?.cancel()
                        app.job = nil
                        systemRollback(app, after: error, failedOperation: operation)
                    }
                }
            }
        }
    }
}
