/// The state of one subtask attempt, as Flink's `ExecutionState` (spec: flink-runtime §3).
///
///     CREATED → SCHEDULED → DEPLOYING → INITIALIZING → RUNNING → FINISHED
///        │          │           ↓            ↓            ↓
///        └──────────┴──→ CANCELED ←── CANCELING ←─────────┘
///     any non-terminal → FAILED
///
/// INITIALIZING exists from Flink 1.13 (before: DEPLOYING → RUNNING). CANCELING has one L
/// here, CANCELLING two in `JobStatus`. A restart never revives an attempt: it makes a
/// new one in CREATED with the next attempt number.
public enum ExecutionState: String, CaseIterable, Sendable, Hashable {
    case created = "CREATED"
    case scheduled = "SCHEDULED"
    case deploying = "DEPLOYING"
    case running = "RUNNING"
    case finished = "FINISHED"
    case canceling = "CANCELING"
    case canceled = "CANCELED"
    case failed = "FAILED"
    case reconciling = "RECONCILING"
    case initializing = "INITIALIZING"

    public var isTerminal: Bool { self == .finished || self == .canceled || self == .failed }

    /// The edges an attempt may take (FAILED from any non-terminal state).
    public var allowedNext: Set<ExecutionState> {
        guard !isTerminal else { return [] }
        let table: [ExecutionState: Set<ExecutionState>] = [
            .created: [.scheduled, .canceled, .reconciling],
            .scheduled: [.deploying, .canceled],
            .deploying: [.initializing, .running, .canceling],
            .initializing: [.running, .canceling],
            .running: [.finished, .canceling],
            .canceling: [.canceled],
            .reconciling: Set(ExecutionState.allCases),
        ]
        return (table[self] ?? []).union([.failed])
    }

    /// A job vertex's displayed state from its subtasks' states (spec §3.3: first match wins).
    public static func rollUp(_ states: [ExecutionState]) -> ExecutionState {
        if states.contains(.failed) { return .failed }
        if states.contains(.canceling) { return .canceling }
        if states.contains(.canceled) { return .canceled }
        if states.contains(.initializing) { return .initializing }
        if states.contains(.running) { return .running }
        if states.contains(.finished) { return states.allSatisfy { $0 == .finished } ? .finished : .running }
        return .created
    }
}
