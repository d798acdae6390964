import Lifecycle

/// One application's life over (virtual) time, as the timeline and the report draw it:
/// its statuses and its job's as spans, the moments worth marking, its checkpoints.
public struct Timeline {
    struct Span: Equatable {
        let start: Double
        let end: Double
        let status: String
    }

    enum MarkKind {
        case restart, failure, maintenance, scaling, update, rollback, snapshot, policy

        /// Its character in the terminal's marks lane, and its meaning in the legend.
        var symbol: Character {
            switch self {
            case .restart: "R"
            case .failure: "F"
            case .maintenance: "M"
            case .scaling: "S"
            case .update: "U"
            case .rollback: "B"
            case .snapshot: "o"
            case .policy: "?"
            }
        }

        var meaning: String {
            switch self {
            case .restart: "job restart"
            case .failure: "job failed"
            case .maintenance: "maintenance"
            case .scaling: "scaling"
            case .update: "update"
            case .rollback: "rollback"
            case .snapshot: "snapshot"
            case .policy: "policy fell back"
            }
        }
    }

    struct Mark: Equatable {
        let time: Double
        let kind: MarkKind
        let detail: String
    }

    let application: String
    let app: [Span]
    let job: [Span]
    let marks: [Mark]
    let checkpoints: RunRecord.Checkpoints

    /// Built from the status log's entries for `application`, up to `end`.
    public init(application: String, log: [StatusLogEntry], checkpoints: RunRecord.Checkpoints, end: Double) {
        self.application = application
        self.checkpoints = checkpoints
        var app: [Span] = [], job: [Span] = [], marks: [Mark] = []
        var appSince: (time: Double, status: String)?
        var jobSince: (time: Double, status: String)?
        for entry in log where entry.application == application {
            switch entry.subject {
            case .application:
                if let since = appSince { app.append(Span(start: since.time, end: entry.time, status: since.status)) }
                appSince = (entry.time, entry.to)
                // A deleted application's job rests no longer than the application does.
                if entry.to == "DELETED", let since = jobSince {
                    job.append(Span(start: since.time, end: entry.time, status: since.status))
                    jobSince = nil
                }
                let kind: MarkKind? = switch entry.to {
                case "MAINTENANCE": .maintenance
                case "AUTOSCALING": .scaling
                case "UPDATING": .update
                case "ROLLING_BACK": .rollback
                default: nil
                }
                if let kind { marks.append(Mark(time: entry.time, kind: kind, detail: entry.cause ?? "")) }
            case .job:
                if let since = jobSince { job.append(Span(start: since.time, end: entry.time, status: since.status)) }
                if !entry.from.isEmpty, entry.from != jobSince?.status {
                    // A new job: the status it began in passed in an instant.
                    job.append(Span(start: entry.time, end: entry.time, status: entry.from))
                }
                jobSince = (entry.time, entry.to)
                if entry.to == "RESTARTING" && entry.from != "RESTARTING" {
                    marks.append(Mark(time: entry.time, kind: .restart, detail: entry.cause ?? ""))
                } else if entry.to == "FAILED" {
                    marks.append(Mark(time: entry.time, kind: .failure, detail: entry.cause ?? ""))
                }
            case .policy:
                marks.append(Mark(time: entry.time, kind: .policy, detail: entry.cause ?? ""))
            case .snapshot(let name) where entry.to == "READY":
                marks.append(Mark(time: entry.time, kind: .snapshot, detail: name))
            case .snapshot, .maintenance:
                break
            }
        }
        if let since = appSince { app.append(Span(start: since.time, end: max(end, since.time), status: since.status)) }
        if let since = jobSince { job.append(Span(start: since.time, end: max(end, since.time), status: since.status)) }
        self.app = app
        self.job = job
        self.marks = marks
    }

    public var start: Double { app.first?.start ?? 0 }
    var end: Double { app.last?.end ?? 0 }

    /// Statuses that last (an application RUNNING or READY, a job RUNNING, or gone): in a
    /// column they give way to any other, so that a short UPDATING or RESTARTING shows.
    static let steady: Set<String> = ["RUNNING", "READY", "DELETED", "FINISHED", "CANCELED"]

    /// The status a column from `from` to `to` shows: of those in it, one that lasted over
    /// one that passed in an instant, then a passing one over a steady one, then the one
    /// that lasted longest; nil before the first.
    static func status(in spans: [Span], from: Double, to: Double) -> String? {
        var best: (status: String, rank: Int, overlap: Double)?
        for span in spans where span.start < to && (span.end > from || (span.start == span.end && span.start >= from)) {
            let overlap = min(span.end, to) - max(span.start, from)
            let rank = (overlap > 0 ? 2 : 0) + (steady.contains(span.status) ? 0 : 1)
            if let b = best, b.rank > rank || (b.rank == rank && b.overlap >= overlap) { continue }
            best = (span.status, rank, overlap)
        }
        return best?.status
    }
}
