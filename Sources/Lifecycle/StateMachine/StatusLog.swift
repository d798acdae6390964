import JobRuntime

/// What a status-log entry is about.
public enum StatusSubject: Sendable, Hashable, CustomStringConvertible {
    case application
    case job
    /// A snapshot, by name.
    case snapshot(String)
    /// A policy or handler that fell back (`from` names it, `to` is "default rule").
    case policy
    /// A maintenance the maintenance policy skipped (`from` names the patch).
    case maintenance

    /// As the log and Lua write it: "application", "job", "snapshot NAME", "policy", "maintenance".
    public var description: String {
        switch self {
        case .application: "application"
        case .job: "job"
        case .snapshot(let name): "snapshot \(name)"
        case .policy: "policy"
        case .maintenance: "maintenance"
        }
    }

    /// The subject `description` wrote ("snapshot NAME" for a snapshot); nil for any other text.
    public init?(description text: String) {
        switch text {
        case "application": self = .application
        case "job": self = .job
        case "policy": self = .policy
        case "maintenance": self = .maintenance
        case _ where text.hasPrefix("snapshot "): self = .snapshot(String(text.dropFirst("snapshot ".count)))
        default: return nil
        }
    }

    /// Its kind, without a snapshot's name: "application", "job", "snapshot", "policy", "maintenance".
    public var family: String {
        if case .snapshot = self { return "snapshot" }
        return description
    }
}

/// One status change of an application or of its job, in the order they happened: what
/// `app:log()` and `--log FILE` show.
public struct StatusLogEntry: Sendable, Equatable {
    /// Seconds since the run began.
    public let time: Double
    public let application: String
    public let version: Int
    public let subject: StatusSubject
    public let from: String
    public let to: String
    public let cause: String?

    public init(time: Double, application: String, version: Int, subject: StatusSubject, from: String, to: String, cause: String?) {
        self.time = time
        self.application = application
        self.version = version
        self.subject = subject
        self.from = from
        self.to = to
        self.cause = cause
    }

    /// One JSON object on one line (keys in a fixed order, so logs compare byte for byte).
    public var jsonLine: String {
        var fields = [
            "\"time\":\(StatusLogEntry.number(time))",
            "\"application\":\(StatusLogEntry.quoted(application))",
            "\"version\":\(version)",
            "\"subject\":\(StatusLogEntry.quoted(subject.description))",
            "\"from\":\(StatusLogEntry.quoted(from))",
            "\"to\":\(StatusLogEntry.quoted(to))",
        ]
        if let cause { fields.append("\"cause\":\(StatusLogEntry.quoted(cause))") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func number(_ d: Double) -> String {
        if let i = Int64(exactly: d) { return String(i) }
        return String(d)
    }

    static func quoted(_ s: String) -> String { JSONText.quoted(s) }
}
