import Clock

/// `floe.now()` and `floe.sleep(s)`: time as the host's clock keeps it (virtual unless
/// `--realtime`).
enum TimeModule {
    static var functions: [LuaFunction] { [
        /// floe.now() -> number: seconds since the run began. Not inside tasks (a record's
        /// time is its timestamp there).
        LuaFunction("now", phases: [.script, .policy, .hook, .jobBuild], doc: "floe.now(): seconds since the run began (virtual unless --realtime)") { call in
            call.results(.number(call.runtime.clock.now.seconds))
        },
        /// floe.sleep(s): lets `s` seconds pass, running every event due on the way.
        /// Scripts only. Errors: BadArgument (not a non-negative finite number, or past the
        /// end of virtual time), Interrupted, Stalled (the watchdog: time stood still).
        LuaFunction("sleep", phases: .script, doc: "floe.sleep(s): lets s seconds pass, running the events due") { call in
            let seconds = try call.number(1)
            try call.runtime.checkWait(seconds, argument: 1, of: call)
            // Jobs' steps due at one instant may run side by side: nothing waits on one of them.
            _ = try call.runtime.advance(bySeconds: seconds, concurrently: true)
            return 0
        },
    ] }
}
