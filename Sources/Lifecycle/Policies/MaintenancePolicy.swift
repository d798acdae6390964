/// A maintenance the service has announced for an application: a patch, released at a
/// time, not to be carried out before `notBefore` (a policy's deferral moves it).
public struct PendingMaintenance: Sendable, Equatable, Codable {
    public let patch: String
    public let released: Double
    public internal(set) var notBefore: Double
}

/// What a maintenance policy decides for a due maintenance.
public enum MaintenanceDecision: Sendable, Equatable {
    /// MAINTENANCE now.
    case proceed
    /// A system snapshot first, then MAINTENANCE.
    case snapshotFirst
    /// Ask again at this time (clock seconds).
    case deferUntil(Double)
    /// Drop this patch for this application.
    case skip
}

/// What a maintenance decision is made from.
public struct MaintenanceInput: Sendable {
    public let now: Double
    /// UTC minutes since midnight, 0…1439.
    public let timeOfDay: Int
    public let maintenance: PendingMaintenance
    /// The application's 8-hour window ("HH:MM" UTC), whether now is inside it, and when it
    /// next opens (clock seconds; now, when inside).
    public let windowStart: String
    public let windowEnd: String
    public let inWindow: Bool
    public let nextWindowStart: Double

    /// `timeOfDay` as "HH:MM".
    public var clockTime: String { String(format2: timeOfDay / 60) + ":" + String(format2: timeOfDay % 60) }
}

/// The seam for maintenance: once a minute the engine asks the policy about each
/// application with a maintenance due. `ServiceMaintenance` is the service's rule; a Lua
/// policy can take its place, falling back to the rule when it fails.
public protocol MaintenancePolicy: AnyObject {
    func decide(_ app: Application, input: MaintenanceInput) -> MaintenanceDecision
}

/// The service's rule (spec §7): a RUNNING application is maintained inside its window;
/// outside it, or while another action is under way, the maintenance waits.
public final class ServiceMaintenance: MaintenancePolicy {
    public init() {}

    public func decide(_ app: Application, input: MaintenanceInput) -> MaintenanceDecision {
        guard input.inWindow else { return .deferUntil(input.nextWindowStart) }
        return app.status == .running ? .proceed : .deferUntil(input.now + 60)
    }

    /// "HH:MM" in minutes since midnight.
    static func minutes(_ time: String) -> Int? {
        let parts = time.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        return h * 60 + m
    }
}
