#if canImport(Glibc)
import Glibc
#endif
import LuaHost

// Issue #4's figures: lifecycle transitions per second from Lua, applications each taken
// through create → start → update → rollback → stop → delete on the virtual clock; and
// the memory of an idle (READY) application.
func benchLifecycle(applications cycles: Int) throws {
    let job = "/tmp/floe-bench-lifecycle-job.lua"
    guard let file = fopen(job, "w") else { return print("lifecycle: cannot write \(job)") }
    fputs("local env = ...\nenv:from_sequence(1, 1000000, { rate = 10 }):key_by{ modulo = 10 }:sum():discard()\n", file)
    fclose(file)

    let idle = 10_000
    // Measured first, in a runtime of its own, before the cycles leave freed memory behind.
    let idleRuntime = try LuaRuntime()
    let before = residentBytes()
    try idleRuntime.run("floe.settings{ application_quota = 1000000 } for i = 1, \(idle) do floe.create_application{ name = 'idle-' .. i, code = '\(job)' } end")
    let after = residentBytes()
    print("lifecycle: memory per idle application: \(String(format: Double(after - before) / Double(idle) / 1024)) KiB (\(idle) READY applications)")

    let runtime = try LuaRuntime()
    let start = nanoseconds()
    let result = try runtime.run("""
        floe.settings{ application_quota = 1000000 }
        for i = 1, \(cycles) do
          local app = floe.create_application{ name = "app-" .. i, code = '\(job)' }
          app:start()          app:wait("RUNNING")
          app:update{ parallelism = 2 }   app:wait("RUNNING")
          app:rollback()       app:wait("RUNNING")
          app:stop()           app:wait("READY")
          app:delete()         app:wait("DELETED")
        end
        return floe.now()
        """)
    let seconds = Double(nanoseconds() - start) / 1e9
    let transitions = runtime.lifecycleTransitions
    print("lifecycle: \(cycles) applications, one after another, through create → start → update → rollback → stop → delete:")
    print("  \(transitions) transitions in \(String(format: seconds)) s: \(String(format: Double(transitions) / seconds)) transitions/s (virtual time \(result.first?.description ?? "?") s)")
}

/// The process's resident set, from /proc/self/statm.
func residentBytes() -> Int {
    guard let file = fopen("/proc/self/statm", "r") else { return 0 }
    defer { fclose(file) }
    var size = 0, resident = 0
    _ = withUnsafeMutablePointer(to: &size) { s in
        withUnsafeMutablePointer(to: &resident) { r in
            withVaList([s, r]) { vfscanf(file, "%ld %ld", $0) }
        }
    }
    return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
}
