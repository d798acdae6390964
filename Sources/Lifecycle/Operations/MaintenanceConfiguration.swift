extension LifecycleEngine {
    /// UpdateApplicationMaintenanceConfiguration (spec §7, §2 row 10): the 8-hour window's
    /// start ("HH:MM", UTC), its end 8 hours later. Only READY or RUNNING; no new version.
    /// Errors: ResourceInUseException, InvalidArgumentException (not HH:MM).
    @discardableResult
    public func updateMaintenanceConfiguration(_ name: String, windowStart: String) throws(LifecycleError) -> (start: String, end: String) {
        let app = try application(name)
        try checkAllowed(.updateMaintenance, app)
        let parts = windowStart.split(separator: ":")
        guard windowStart.count == 5, parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]),
              (0...23).contains(hours), (0...59).contains(minutes) else {
            throw LifecycleError(.invalidArgument, "ApplicationMaintenanceWindowStartTimeUpdate must be HH:MM (00:00 to 23:59); got '\(windowStart)'.")
        }
        let end = String(format2: (hours + 8) % 24) + ":" + String(format2: minutes)
        app.maintenanceWindow = (windowStart, end)
        return (windowStart, end)
    }
}

extension String {
    /// Two digits: 7 → "07".
    init(format2 value: Int) { self = value < 10 ? "0\(value)" : String(value) }
}
