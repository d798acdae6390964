import Clock

/// One status change of a job or of one of its subtask attempts, in the order they happened.
public struct JobEvent: Equatable, Sendable, CustomStringConvertible {
    public enum Subject: Equatable, Sendable {
        case job
        /// A subtask attempt: "Map (1/2)", attempt 0, 1, ….
        case task(name: String, attempt: Int)
        /// A checkpoint (or savepoint) by id: IN_PROGRESS → COMPLETED or FAILED.
        case checkpoint(id: Int64, savepoint: Bool)
    }

    public let time: Instant
    public let subject: Subject
    public let from: String
    public let to: String
    /// Why, when there is more to say than the statuses ("Map (1/2) failed: …").
    public let cause: String?

    public init(time: Instant, subject: Subject, from: String, to: String, cause: String? = nil) {
        self.time = time
        self.subject = subject
        self.from = from
        self.to = to
        self.cause = cause
    }

    /// "2026-01-01 00:00:12.5 job RUNNING -> RESTARTING (…)", one line per event, at its time
    /// as floe writes times for people (`TimeText`, from the default epoch).
    public var description: String {
        let who: String = switch subject {
        case .job: "job"
        case .task(let name, let attempt): "task \(name) #\(attempt)"
        case .checkpoint(let id, let savepoint): "\(savepoint ? "savepoint" : "checkpoint") \(id)"
        }
        return "\(TimeText.point(time.seconds)) \(who) \(from) -> \(to)" + (cause.map { " (\($0))" } ?? "")
    }
}
