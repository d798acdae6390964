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
        /// floe.time_text([t]) -> string: the clock time `t` (now) as floe writes it for
        /// people everywhere: "2026-01-01 00:10:30" on the virtual calendar (its zero is
        /// 2026-01-01 00:00:00 UTC), the fraction of a second when there is one. Errors:
        /// BadArgument (not a number).
        LuaFunction("time_text", phases: [.script, .policy, .hook, .jobBuild], doc: "floe.time_text([t]): a clock time as people read it, 2026-01-01 00:10:30") { call in
            let seconds = try call.optionalNumber(1) ?? call.runtime.clock.now.seconds
            return call.results(.string(call.runtime.timeText(seconds)))
        },
        /// floe.duration_text(s) -> string: a stretch of `s` seconds as floe writes it:
        /// "250ms", "2.5s", "1h 30s", "2d 3h 5m". Errors: BadArgument (not a number).
        LuaFunction("duration_text", phases: [.script, .policy, .hook, .jobBuild], doc: "floe.duration_text(s): seconds as people read them, 1h 5m") { call in
            call.results(.string(TimeText.duration(try call.number(1))))
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
