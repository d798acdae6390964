/// The status of a whole job, as Flink's `JobStatus` (spec: flink-runtime §2).
///
/// Default scheduler (1.10+):
///
///     (submit) → INITIALIZING → CREATED → RUNNING → FINISHED
///                     │            │        │ ↑  ↘
///                     │            │        ↓ │   CANCELLING → CANCELED
///                     ↓            └───→ RESTARTING ─→ FAILING → FAILED
///                   FAILED                 (↺ on another failure)
///
/// Legacy (1.8, 1.9): RUNNING → FAILING → RESTARTING → CREATED → RUNNING, or FAILING → FAILED;
/// a cancel while RESTARTING goes straight to CANCELED. Any non-terminal status can go to
/// SUSPENDED. The allowed edges are data: `JobStatusTransitions`.
public enum JobStatus: String, CaseIterable, Sendable, Hashable {
    case initializing = "INITIALIZING"
    case created = "CREATED"
    case running = "RUNNING"
    case failing = "FAILING"
    case failed = "FAILED"
    case cancelling = "CANCELLING"
    case canceled = "CANCELED"
    case finished = "FINISHED"
    case restarting = "RESTARTING"
    case suspended = "SUSPENDED"
    case reconciling = "RECONCILING"

    /// FAILED, CANCELED, FINISHED: the job can never run again.
    public var isGloballyTerminal: Bool { self == .failed || self == .canceled || self == .finished }

    /// The globally terminal statuses plus SUSPENDED (terminal on this JobManager only).
    public var isTerminal: Bool { isGloballyTerminal || self == .suspended }
}

/// The edges a job's status may take, per scheduler era (spec §2.2, §2.3), in one place.
public enum JobStatusTransitions {
    public static func allowed(from: JobStatus, era: SchedulerEra) -> Set<JobStatus> {
        guard !from.isTerminal else { return [] }
        let table = era == .legacy ? legacy : defaultScheduler
        return (table[from] ?? []).union([.suspended])
    }

    public static func isAllowed(from: JobStatus, to: JobStatus, era: SchedulerEra) -> Bool {
        allowed(from: from, era: era).contains(to)
    }

    static let defaultScheduler: [JobStatus: Set<JobStatus>] = [
        .initializing: [.created, .failed, .cancelling, .canceled],
        .created: [.running, .failing, .cancelling],
        .running: [.restarting, .failing, .cancelling, .finished],
        .restarting: [.running, .restarting, .failing, .cancelling],
        .failing: [.failed, .cancelling],
        .cancelling: [.canceled, .failed],
    ]

    static let legacy: [JobStatus: Set<JobStatus>] = [
        .initializing: [.created, .failed, .cancelling, .canceled],
        .created: [.running, .failing, .cancelling],
        .running: [.failing, .cancelling, .finished],
        .failing: [.restarting, .failed, .cancelling],
        .restarting: [.created, .failed, .canceled],
        .cancelling: [.canceled, .failed],
    ]
}
