import JobRuntime

extension LifecycleEngine {
    /// StartApplication: READY → STARTING → RUNNING once the job runs and the start time has
    /// passed (spec §2 row 2). The job restores as `restore` says: the latest READY
    /// snapshot (the default; none means empty state), none, or a named one. A start whose
    /// code cannot be built or whose job fails while starting ends FAILED, back in READY.
    /// Errors: ResourceInUseException, InvalidArgumentException (an unknown snapshot, or a
    /// retired runtime: FLINK-1_6, 1_8, 1_11).
    @discardableResult
    public func startApplication(_ name: String, restore: RestoreChoice = .latest,
                                 allowNonRestoredState: Bool = false) throws(LifecycleError) -> String {
        let app = try application(name)
        try checkAllowed(.start, app)
        guard settings.allowDeprecatedRuntimes || !RuntimeEnvironment.retired.contains(app.runtime.rawValue) else {
            throw LifecycleError(.invalidArgument, "RuntimeEnvironment \(app.runtime) is retired: applications on it can no longer be started; update to FLINK-1_15 or later.")
        }
        let snapshot: ApplicationSnapshot?
        switch restore {
        case .skip: snapshot = nil
        case .latest: snapshot = app.latestSnapshot
        case .snapshot(let snapshotName):
            guard let found = app.snapshots.first(where: { $0.name == snapshotName && $0.status == .ready }) else {
                throw LifecycleError(.invalidArgument, "Application \(name) has no READY snapshot named \(snapshotName).")
            }
            snapshot = found
        }
        let operation = beginOperation(app, "StartApplication")
        app.runConfiguration = RunConfiguration(restore: restore, allowNonRestoredState: allowNonRestoredState)
        app.run += 1
        transition(app, to: .starting, cause: "StartApplication")
        launch(app, restoring: snapshot, allowNonRestoredState: allowNonRestoredState, settleTime: settings.starting) { [self] outcome in
            conclude(app, operation, outcome, running: "the job is RUNNING", failed: "StartApplication failed")
        }
        return operation
    }

    /// Ends a launch's operation: RUNNING when its job runs; else the job is dropped and
    /// the application is READY again.
    func conclude(_ app: Application, _ operation: String, _ outcome: LaunchOutcome, running: String, failed: String) {
        switch outcome {
        case .running:
            endOperation(app, operation, .successful)
            transition(app, to: .running, cause: running)
        case .failed(let error):
            endOperation(app, operation, .failed, error: error)
            app.run += 1
            app.job?.cancel()
            app.job = nil
            transition(app, to: .ready, cause: "\(failed): \(error)")
        }
    }

    /// A batch job that finished (or a job that failed for good) takes a RUNNING
    /// application back to READY.
    func endRun(_ app: Application, because cause: String) {
        guard app.status == .running else { return }
        app.run += 1
        app.job = nil
        transition(app, to: .ready, cause: cause)
    }

    enum LaunchOutcome {
        case running
        case failed(String)
    }

    /// The backend that runs `code`: the engine's own for job graphs (the cluster with
    /// `jobScriptsOnCluster`), the cluster for a jar. Errors: a jar with no cluster to run it on.
    func backend(for code: JobCode) throws(LifecycleError) -> any JobBackend {
        guard case .jar(let jar) = code else { return jobScriptsOnCluster ? clusterBackend ?? backend : backend }
        guard let clusterBackend else {
            throw LifecycleError(.invalidArgument, "\(jar.name).jar is a jar: a jar runs on a Flink cluster, and floe has none (give it --flink URL, or --flink local)")
        }
        return clusterBackend
    }

    /// Builds the application's job and submits it, restoring `snapshot`; calls `settled`
    /// once the job is RUNNING and `settleTime` seconds have passed, or when it cannot start.
    /// Afterwards the job's end moves a RUNNING application to READY (a batch job finishing).
    func launch(_ app: Application, restoring snapshot: ApplicationSnapshot?, allowNonRestoredState: Bool,
                settleTime: Double, settled: @escaping (LaunchOutcome) -> Void) {
        launch(app, restoringPath: snapshot?.path, allowNonRestoredState: allowNonRestoredState, settleTime: settleTime, settled: settled)
    }

    /// `launch` from a snapshot or checkpoint folder (nil: empty state).
    func launch(_ app: Application, restoringPath restorePath: String?, allowNonRestoredState: Bool,
                settleTime: Double, settled: @escaping (LaunchOutcome) -> Void) {
        let run = app.run
        let version = app.versionId  // the job's rows stay under the version it runs, through its stop
        if let reason = app.failNextLaunch {
            app.failNextLaunch = nil
            return after(settleTime, app) { settled(.failed("the job failed to start: \(reason)")) }
        }
        let code: JobCode
        let runner: any JobBackend
        do throws(LifecycleError) {
            var running = app.configuration
            running.parallelism = app.currentParallelism  // the job's, a graph's or a jar's
            code = try codeLoader.code(for: app.name, configuration: running)
            runner = try backend(for: code)
        } catch {
            return after(settleTime, app) { settled(.failed(error.description)) }
        }
        // On a cluster, STARTING lasts until the real job runs, not a set time.
        let settleTime = runner === backend ? settleTime : 0
        // The settle time as the clock's instant, the one `after` schedules at: compared
        // in seconds, a fractional start (the scaled clock's) could fall a rounding short
        // of its own deadline when that event ran, and the launch never settled.
        let due = clock.now.advanced(bySeconds: settleTime)
        var configuration = jobDefaults
        configuration.flinkVersion = app.runtime.flinkVersion ?? configuration.flinkVersion
        configuration.restart = app.configuration.restartStrategy
        configuration.checkpointInterval = app.configuration.checkpointingEnabled ? Double(app.configuration.checkpointIntervalMs) / 1000 : nil
        configuration.checkpointMinPause = Double(app.configuration.minPauseBetweenCheckpointsMs) / 1000
        configuration.restorePath = restorePath
        configuration.allowNonRestoredState = allowNonRestoredState
        let job: any RunningJob
        do throws(JobError) {
            job = try runner.submit(code, configuration: configuration)
        } catch {
            return after(settleTime, app) { settled(.failed(error.description)) }
        }
        app.job = job
        app.jobRestoredFrom = restorePath
        app.jobs.append(job)
        var done = false
        func settle(_ outcome: LaunchOutcome) {
            guard !done, app.run == run else { return }
            done = true
            settled(outcome)
        }
        /// From the settle time on, the job's status decides: RUNNING (or a batch job that
        /// already FINISHED) settles the launch as running, FAILED or CANCELED as failed;
        /// anything else waits for the job's next change.
        func evaluate() {
            guard !done, app.run == run, clock.now >= due else { return }
            switch job.status {
            case .running:
                settle(.running)
            case .finished:
                settle(.running)
                endRun(app, because: "the job is FINISHED")
            case .failed, .canceled:
                settle(.failed(job.failureCause.map { "the job \(job.status.rawValue): \($0)" } ?? "the job ended \(job.status.rawValue)"))
            default:
                break
            }
        }
        after(settleTime, app) { evaluate() }
        job.observe { [weak self, weak app, weak job] event in
            guard let self, let app else { return }
            for listener in onJobEvent { listener(app, event) }
            guard case .job = event.subject, let job else { return }
            // Every status change of the application's jobs is logged, even one a stop or a
            // delete brought about; only the current run's events move the application.
            log(app, version: version, subject: .job, from: event.from, to: event.to, cause: event.cause)
            guard app.run == run, app.job === job else { return }
            if !done {
                evaluate()
            } else if JobStatus(rawValue: event.to)?.isGloballyTerminal == true {
                endRun(app, because: "the job is \(event.to)")
            }
        }
    }
}
