/// The seam for maintenance: once a minute the engine asks the policy whether each RUNNING
/// application is due; a due one goes through MAINTENANCE. `ServiceMaintenance` is the
/// service's rule; a Lua policy can take its place.
public protocol MaintenancePolicy: AnyObject {
    /// Whether `app` is to be maintained now. `timeOfDay` is the UTC time in minutes since
    /// midnight (0…1439).
    func isDue(_ app: Application, now: Double, timeOfDay: Int, settings: LifecycleSettings) -> Bool
}

/// The service's rule (spec §7): maintenance comes inside the application's 8-hour window,
/// once every `settings.maintenanceInterval` seconds (floe's choice: the service says only
/// "periodically"), counted from the last maintenance or the application's creation.
public final class ServiceMaintenance: MaintenancePolicy {
    public init() {}

    public func isDue(_ app: Application, now: Double, timeOfDay: Int, settings: LifecycleSettings) -> Bool {
        guard now - (app.lastMaintenance ?? app.createTimestamp) >= settings.maintenanceInterval else { return false }
        return ServiceMaintenance.minutes(app.maintenanceWindow.start).map { start in
            (timeOfDay - start + 1440) % 1440 < 8 * 60
        } ?? false
    }

    /// "HH:MM" in minutes since midnight.
    static func minutes(_ time: String) -> Int? {
        let parts = time.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        return h * 60 + m
    }
}
