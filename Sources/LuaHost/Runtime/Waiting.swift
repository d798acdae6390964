import Clock

/// The one way Lua lets time pass: `floe.sleep`, `app:wait`, `job:wait`, a savepoint or a
/// rescale waited on. Each asks for a span of virtual time; the span must end inside what
/// the clock can reach, and an advance that Ctrl-C or the watchdog ends is an error.
extension LuaRuntime {
    /// The longest span a wait may ask for now: up to `Instant.latest` (about 146 years).
    var longestWait: Double { host.longestWait }

    /// Refuses a span of `seconds` that is negative, not finite, or ends past the clock's end.
    func checkWait(_ seconds: Double, argument: Int32, of call: LuaCall) throws(FloeError) {
        guard seconds.isFinite, seconds >= 0 else {
            throw call.argumentError(argument, "non-negative number of seconds expected, got \((try? call.value(argument))?.description ?? "\(seconds)")")
        }
        guard seconds <= longestWait else {
            throw call.argumentError(argument, "\(seconds) s is past the end of virtual time: the clock stands at \(clock.now.seconds) s and goes no further than \(Instant.latest.seconds) s (about 146 years)")
        }
    }

    /// Lets up to `seconds` of time pass (no further than the clock's end), until `reached()`
    /// holds (asked before the first event and after each one, or after each instant's
    /// events when `concurrently`). Returns whether it held. Errors: Interrupted (Ctrl-C),
    /// Stalled (the watchdog).
    func advance(bySeconds seconds: Double, concurrently: Bool = false,
                 until reached: () -> Bool = { false }) throws(FloeError) -> Bool {
        var interrupted = false
        try host.advance(bySeconds: seconds, concurrently: concurrently, stop: {
            interrupted = takeInterrupt()
            return interrupted || reached()
        })
        if interrupted { throw LuaRuntime.interruptedError }
        return reached()
    }

    /// The watchdog's bound, on the virtual clock (none on the wall clock, where time moves).
    var stallLimit: Int {
        get { (clock as? VirtualClock)?.stallLimit ?? 0 }
        set { (clock as? VirtualClock)?.stallLimit = newValue }
    }
}
