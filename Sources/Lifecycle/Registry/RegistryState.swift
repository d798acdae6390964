import JobRuntime

/// Everything a registry must keep for an engine to come back as it was: the applications,
/// the status log, the engine's counters and the clock's time.
public struct RegistryState: Sendable, Equatable {
    public var applications: [ApplicationRecord]
    public var statusLog: [StatusLogEntry]
    public var counters: EngineCounters
    /// Clock seconds when it was last written.
    public var clockSeconds: Double

    public init(applications: [ApplicationRecord] = [], statusLog: [StatusLogEntry] = [], counters: EngineCounters = EngineCounters(),
                clockSeconds: Double = 0) {
        self.applications = applications
        self.statusLog = statusLog
        self.counters = counters
        self.clockSeconds = clockSeconds
    }
}

extension LifecycleEngine {
    /// The live applications by name, for a store to compare each one's `revision` with
    /// the one it last wrote.
    public var applicationsByName: [String: Application] { applications }

    /// The engine's counters as they stand.
    public var counters: EngineCounters {
        EngineCounters(nextOperation: nextOperation, generations: generations, releasedPatches: releasedPatches,
                       jobsSubmitted: backend.submitted)
    }

    /// Loads a registry into an engine that holds no application yet, on a clock already at
    /// or past the registry's time, then settles what was under way (`recover`). Returns
    /// what recovery did, a line per application it touched.
    @discardableResult
    public func restore(_ state: RegistryState, reason: String) -> [String] {
        precondition(applications.isEmpty, "restore into an engine that already has applications")
        nextOperation = state.counters.nextOperation
        generations = state.counters.generations
        releasedPatches = state.counters.releasedPatches
        backend.submitted = max(backend.submitted, state.counters.jobsSubmitted)
        statusLog = state.statusLog
        for record in state.applications {
            let app = Application(record: record)
            applications[app.name] = app
            if app.pendingMaintenance != nil { pendingMaintenance.insert(app.name) }
        }
        return state.applications.compactMap { record in
            applications[record.name].flatMap { recover($0, jobID: record.jobID, restoredFrom: record.jobRestoredFrom, reason: reason) }
        }
    }
}
