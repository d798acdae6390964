import Clock
import JobRuntime
import Lifecycle

/// What a server needs of a host besides Lua: the service API that `floe.aws` calls (one
/// implementation, two doors), the clock, and the report. Every call is on the runtime's
/// own thread, as everything of a runtime is.
extension LuaRuntime {
    /// Runs the service operation `operation` (`CreateApplication`) on `request`, as
    /// `floe.aws` does; an unmounted bucket is the folder of its name in the working folder.
    /// Errors: the service's (LifecycleError).
    public func callService(_ operation: String, _ request: Value) throws(LifecycleError) -> Value {
        let api = serviceAPI
        api.bucketFolder = { [buckets] bucket in buckets[bucket] ?? bucket }
        return try api.call(operation, request)
    }

    /// The Unix time of the clock's zero, which the service's timestamps count from. A
    /// server on a clock scaled to wall time sets it to when it started.
    public var serviceEpoch: Double {
        get { epoch }
        set { lifecycle.settings.epoch = newValue }
    }

    /// Lets `seconds` of clock time pass, running every event due on the way (the jobs'
    /// steps side by side where they may). Errors: Interrupted, Stalled.
    public func advanceClock(bySeconds seconds: Double) throws(FloeError) {
        _ = try advance(bySeconds: seconds, concurrently: true)
    }

    /// The HTML report of everything so far, as `floe.report` writes it; a page that
    /// fetches itself again every `refreshSeconds` and updates in place, when given (a live view).
    public func reportPage(refreshSeconds: Int? = nil) -> String { report(refreshSeconds: refreshSeconds).page }
}

extension LuaRuntime {
    /// The lifecycle engine behind `floe.aws` and the server (made on first use), for a
    /// registry store to save and restore.
    public var lifecycleEngine: LifecycleEngine { lifecycle }

    /// Every status change so far, in order (what `app:log()` and `--log` hold).
    public var statusLog: [StatusLogEntry] { lifecycle.statusLog }
}
