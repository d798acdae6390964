import LuaHost

// Issue #5's figure: simulated application-hours per wall second, for scripts/week.lua (a
// fleet with checkpoints every minute, a few records a second each, the example policies,
// alerting hooks and random faults). Run from the repository's root.
func benchWeek(applications: Int, days: Int) throws {
    let script = "scripts/week.lua"
    let runtime = try LuaRuntime()
    let arguments = [String(applications), String(days)]
    runtime.setArgumentTable(["floe", script] + arguments, script: 1)
    let start = nanoseconds()
    try runtime.runScript(script, arguments: arguments)
    let seconds = Double(nanoseconds() - start) / 1e9
    let hours = Double(applications * days * 24)
    print("week: \(applications) applications × \(days) days (\(String(format: hours)) application-hours) in \(String(format: seconds)) s: \(String(format: hours / seconds)) application-hours/s (target ≥ 1,000)")
}
