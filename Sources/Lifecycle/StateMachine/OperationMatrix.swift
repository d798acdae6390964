/// What an operator (or the service) can do to an application, as far as its status
/// decides whether it may (spec §2.1's columns, and the service-driven actions).
public enum LifecycleAction: String, CaseIterable, Sendable, Hashable {
    case start = "StartApplication"
    case stop = "StopApplication"
    case forceStop = "StopApplication(Force)"
    /// UpdateApplication, and the Add/Delete CloudWatch logging and VPC operations.
    case update = "UpdateApplication"
    case rollback = "RollbackApplication"
    case delete = "DeleteApplication"
    case createSnapshot = "CreateApplicationSnapshot"
    case updateMaintenance = "UpdateApplicationMaintenanceConfiguration"

    /// The name the service's messages use ("StopApplication" for a forced stop too).
    public var operationName: String { self == .forceStop ? "StopApplication" : rawValue }
}

/// The status × operation matrix of the spec (§2.1), as data in one place: which actions
/// each status allows. Everything else is refused with `ResourceInUseException` and
/// changes nothing.
public enum OperationMatrix {
    static let allowed: [ApplicationStatus: Set<LifecycleAction>] = [
        .ready: [.start, .update, .delete, .updateMaintenance],
        .starting: [.forceStop],
        .running: [.stop, .forceStop, .update, .rollback, .delete, .createSnapshot, .updateMaintenance],
        .updating: [.forceStop, .rollback],
        .autoscaling: [.forceStop, .rollback],
        .stopping: [.forceStop],
        .forceStopping: [],
        .rollingBack: [],
        .maintenance: [],
        .deleting: [],
        .rolledBack: [],
    ]

    public static func allows(_ action: LifecycleAction, in status: ApplicationStatus) -> Bool {
        allowed[status]?.contains(action) ?? false
    }

    /// Nil when `action` is allowed in `status`; else the service's refusal.
    public static func refusal(of action: LifecycleAction, application: String,
                               in status: ApplicationStatus) -> LifecycleError? {
        guard !allows(action, in: status) else { return nil }
        let allowedIn = ApplicationStatus.allCases.filter { allows(action, in: $0) }.map(\.rawValue)
        let what = action == .forceStop ? "\(action.operationName) with Force" : action.operationName
        return LifecycleError(.resourceInUse,
                              "Application \(application) is in \(status.rawValue) status; \(what) is allowed only in \(allowedIn.joined(separator: ", ")).")
    }
}
