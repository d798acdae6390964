/// A job's metrics, as Flink's job-scope and operator-scope metrics name them (spec §12).
public struct JobMetrics: Sendable, Equatable {
    /// Milliseconds since the job last became RUNNING (0 when not running, -1 once ended).
    public var uptime: Int64 = 0
    /// Milliseconds since FAILING, when that is after the last RUNNING (else 0; -1 once ended).
    public var downtime: Int64 = 0
    /// Restarts since submission (`numRestarts`; `fullRestarts` is the same number).
    public var numRestarts = 0
    public var numberOfCompletedCheckpoints = 0
    public var numberOfFailedCheckpoints = 0
    /// Milliseconds of virtual time of the last completed checkpoint, -1 before any.
    public var lastCheckpointDuration: Int64 = -1
    /// Bytes of the last completed checkpoint, -1 before any.
    public var lastCheckpointSize = -1
    /// Per operator (by name, in graph order): records in and out in the current attempt.
    public var operators: [OperatorMetrics] = []

    public init() {}
    /// Per subtask (by task name): the busy ratio of the last step of virtual time, 0…1,
    /// modelled as the records each operator processed times its cost per record over the
    /// step's length (design: Time).
    public var busyRatio: [(task: String, ratio: Double)] = []

    public static func == (a: JobMetrics, b: JobMetrics) -> Bool {
        a.uptime == b.uptime && a.downtime == b.downtime && a.numRestarts == b.numRestarts
            && a.numberOfCompletedCheckpoints == b.numberOfCompletedCheckpoints
            && a.numberOfFailedCheckpoints == b.numberOfFailedCheckpoints
            && a.lastCheckpointDuration == b.lastCheckpointDuration && a.lastCheckpointSize == b.lastCheckpointSize
            && a.operators == b.operators && a.busyRatio.map(\.task) == b.busyRatio.map(\.task)
            && a.busyRatio.map(\.ratio) == b.busyRatio.map(\.ratio)
    }
}

public struct OperatorMetrics: Sendable, Equatable {
    public let name: String
    public var numRecordsIn: Int
    public var numRecordsOut: Int

    public init(name: String, numRecordsIn: Int, numRecordsOut: Int) {
        self.name = name
        self.numRecordsIn = numRecordsIn
        self.numRecordsOut = numRecordsOut
    }
}

/// What the autoscaler samples every simulated minute: the few numbers it needs, without
/// the names and per-operator lists of `JobMetrics`.
public struct JobLoad: Sendable, Equatable {
    /// Records the sources emitted, and the sinks received, in the current attempt.
    public var recordsIn = 0
    public var recordsOut = 0
    /// The busiest subtask's busy ratio over the last step, 0…1.
    public var busiest = 0.0
    /// Per slot (subtask index i runs in slot i, every vertex's: slot sharing), the busy
    /// ratios of the subtasks in it, summed.
    public var slots: [Double] = []

    public init() {}
}
