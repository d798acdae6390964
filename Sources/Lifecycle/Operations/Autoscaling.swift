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
        var slots: [Int: Double] = [:]
        for (task, ratio) in job.metrics.busyRatio {
            slots[LifecycleEngine.subtaskIndex(task), default: 0] += ratio
        }
        let perKPU = max(1, app.configuration.parallelismPerKPU)
        var containers: [Int: Double] = [:]
        for (slot, load) in slots { containers[slot / perKPU, default: 0] += load }
        return min(1, containers.values.max() ?? 0) * 100
    }

    /// "Map (2/4)" → 1.
    static func subtaskIndex(_ task: String) -> Int {
        guard let open = task.lastIndex(of: "("), let slash = task[open...].firstIndex(of: "/"),
              let n = Int(task[task.index(after: open)..<slash]) else { return 0 }
        return n - 1
    }

    // MARK: the minute tick

    /// Schedules the minute tick if it is not: once a minute, while any application is
    /// RUNNING, the policies look at each one (in name order, so runs repeat).
    func armMinuteTick() {
        guard !tickArmed else { return }
        tickArmed = true
        clock.schedule(after: 60) { [weak self] in self?.minuteTick() }
    }

    private func minuteTick() {
        tickArmed = false
        let timeOfDay = Int(((settings.epoch + now) / 60).rounded(.down)) % 1440
        for name in running.sorted() {
            guard let app = applications[name], app.status == .running else { continue }
            if maintenancePolicy.isDue(app, now: now, timeOfDay: timeOfDay, settings: settings) {
                maintain(app)
                continue
            }
            guard app.configuration.autoScalingEnabled else { continue }
            let cpu = cpuUtilization(of: app)
            guard let wanted = autoscalingPolicy.parallelism(for: app, cpu: cpu, now: now) else { continue }
            let target = min(max(1, wanted), app.configuration.parallelismPerKPU * settings.maxKPUs)
            if target != app.currentParallelism {
                _ = try? scaleApplication(name, to: target, cause: "CPU \(Int(cpu.rounded())) %")
            }
        }
        if !running.isEmpty { armMinuteTick() }
    }
}
