/// The edges an application's status may take (spec §2's transition table), as data in one
/// place. The engine's single `transition` checks every change against it.
public enum ApplicationTransitions {
    static let edges: [ApplicationStatus: Set<ApplicationStatus>] = [
        .ready: [.starting, .updating, .deleting],
        .starting: [.running, .ready, .forceStopping],
        .running: [.stopping, .forceStopping, .updating, .autoscaling, .maintenance, .rollingBack, .deleting, .ready],
        .stopping: [.ready, .forceStopping],
        .forceStopping: [.ready],
        .updating: [.running, .ready, .rollingBack, .forceStopping],
        .autoscaling: [.running, .ready, .rollingBack, .forceStopping],
        .maintenance: [.running, .ready, .rollingBack],
        .rollingBack: [.running, .ready],
        .deleting: [],
        .rolledBack: [],
    ]

    public static func isAllowed(from: ApplicationStatus, to: ApplicationStatus) -> Bool {
        edges[from]?.contains(to) ?? false
    }
}
