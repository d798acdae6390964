import JobRuntime

extension LifecycleEngine {
    /// Scales a RUNNING application to `parallelism` (spec §6.3): AUTOSCALING, a system
    /// snapshot when snapshots are on (the job stops with it), the job again at the new
    /// parallelism restoring it, RUNNING. The version stays; `CurrentParallelism` changes.
    /// A job that cannot come back: a system rollback when enabled, else READY.
    /// The autoscaling policy calls this; so can a script, to rehearse a scaling.
    /// Errors: ResourceInUseException (not RUNNING), InvalidArgumentException (outside
    /// 1 … ParallelismPerKPU × the KPU limit, or the current parallelism).
    @discardableResult
    public func scaleApplication(_ name: String, to parallelism: Int, cause: String = "") throws(LifecycleError) -> String {
        let app = try application(name)
        guard app.status == .running else {
            throw LifecycleError(.resourceInUse, "Application \(name) is in \(app.status.rawValue) status; only a RUNNING application scales.")
        }
        let limit = app.configuration.parallelismPerKPU * settings.maxKPUs
        guard (1...limit).contains(parallelism), parallelism != app.currentParallelism else {
            throw LifecycleError(.invalidArgument, "Cannot scale application \(name) from parallelism \(app.currentParallelism) to \(parallelism): it must differ and be 1 to \(limit) (\(app.configuration.parallelismPerKPU) per KPU × \(settings.maxKPUs) KPUs).")
        }
        let up = parallelism > app.currentParallelism
        let operation = beginOperation(app, up ? settings.scaleUpOperation : settings.scaleDownOperation)
        let from = app.currentParallelism
        app.currentParallelism = parallelism
        app.run += 1
        transition(app, to: .autoscaling, cause: "\(up ? "scale up" : "scale down") from parallelism \(from) to \(parallelism)\(cause.isEmpty ? "" : ": \(cause)")")
        redeploy(app, operation: operation, restore: .latest, allowNonRestoredState: false,
                 reason: "scaling", settle: settings.autoscaling) { [self] error in
            app.currentParallelism = from
            systemRollback(app, after: error, failedOperation: operation)
        }
        return operation
    }

    /// The application's `containerCPUUtilization` now, in percent: the busiest TaskManager
    /// container's. Container k holds slots k·PPK … k·PPK + PPK − 1 on its one vCPU; slot i
    /// runs subtask i of every vertex (slot sharing), so its load is their busy ratios summed.
    public func cpuUtilization(of app: Application) -> Double {
        guard let job = app.job, job.status == .running else { return 0 }
        return cpuUtilization(of: app, load: job.load)
    }

    func cpuUtilization(of app: Application, load: JobLoad) -> Double {
        let perKPU = max(1, app.configuration.parallelismPerKPU)
        var busiest = 0.0
        for first in stride(from: 0, to: load.slots.count, by: perKPU) {
            busiest = max(busiest, load.slots[first..<min(first + perKPU, load.slots.count)].reduce(0, +))
        }
        return min(1, busiest) * 100
    }

    // MARK: the minute tick

    /// Schedules the minute tick if it is not: once a minute, while any application is
    /// RUNNING, each one's metrics are sampled and the policies look at it (in name order,
    /// so runs repeat).
    func armMinuteTick() {
        guard !tickArmed else { return }
        tickArmed = true
        clock.schedule(after: 60) { [weak self] in self?.minuteTick() }
    }

    private func minuteTick() {
        tickArmed = false
        releaseScheduledMaintenance()
        let order = tickOrder ?? running.sorted()
        tickOrder = order
        // Applications with a maintenance pending are asked about it in a transient status too.
        let waiting = pendingMaintenance.filter { !running.contains($0) && applications[$0]?.status.isTransient == true }
        let visited = waiting.isEmpty ? order : (order + waiting).sorted()
        for name in visited {
            guard let app = applications[name] else { continue }
            if app.status == .running { sample(app) }
            if app.pendingMaintenance != nil, considerMaintenance(app) { continue }
            guard app.status == .running, app.configuration.autoScalingEnabled else { continue }
            let limit = app.configuration.parallelismPerKPU * settings.maxKPUs
            let input = ScalingInput(now: now, history: app.metricsHistory, parallelism: app.currentParallelism,
                                     configuredParallelism: app.configuration.parallelism,
                                     parallelismPerKPU: app.configuration.parallelismPerKPU, maxParallelism: limit)
            guard let target = autoscalingPolicy.parallelism(for: app, input: input), target != app.currentParallelism else { continue }
            guard (1...limit).contains(target) else {
                recordPolicyFailure(app, policy: "autoscaling", reason: "asked for parallelism \(target); allowed: 1 to \(limit)")
                continue
            }
            _ = try? scaleApplication(name, to: target, cause: "CPU \(Int(input.cpu.rounded())) %")
        }
        if !running.isEmpty { armMinuteTick() }
    }

    /// Appends this minute's metrics to the application's history (a new run starts a new one).
    private func sample(_ app: Application) {
        if app.historyRun != app.run {
            app.historyRun = app.run
            app.metricsHistory.removeAll()
            app.lastCounters = nil
        }
        var counters = (recordsIn: 0, recordsOut: 0)
        var busy = 0.0, cpu = 0.0
        if let job = app.job, job.status == .running {
            let load = job.load
            counters = (load.recordsIn, load.recordsOut)
            busy = load.busiest
            cpu = cpuUtilization(of: app, load: load)
        }
        let last = app.lastCounters ?? counters
        app.lastCounters = counters
        let perSecond = { (now: Int, before: Int) in Double(max(0, now - before)) / 60 }
        let minute = MinuteMetrics(time: now, cpu: cpu, busy: busy,
                                   recordsInPerSecond: perSecond(counters.recordsIn, last.recordsIn),
                                   recordsOutPerSecond: perSecond(counters.recordsOut, last.recordsOut),
                                   parallelism: app.currentParallelism)
        app.metricsHistory.append(minute)
        if app.metricsHistory.count > 360 { app.metricsHistory.removeFirst() }
        for listener in onSample { listener(app, minute) }
    }

    /// Logs that a policy failed for `app` (the default rule decides instead).
    public func recordPolicyFailure(_ app: Application, policy: String, reason: String) {
        log(app, subject: .policy, from: policy, to: "default rule", cause: String(reason.prefix(512)))
    }
}
