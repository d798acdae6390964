#if canImport(Glibc)
import Glibc
#endif
import Clock
import FloeReport
import JobRuntime
import Lifecycle

/// A run's composition root, with no Lua prompt in it: the clock, the job backend that runs
/// jobs on it, the code loader, the lifecycle engine and what hangs on the engine (the
/// `--log` writer, the run record the timelines and the report draw), the buckets, and the
/// service API over the engine. The Lua runtime is one door to it (`floe`, `floe.aws`, the
/// hooks and policies it attaches); `floe serve` is the other (`callService`, `advance`,
/// `reportPage`). Owned by one thread, as the runtime that makes it is.
public final class FloeHost {
    public let options: HostOptions
    public let clock: any Clock
    /// The seed jobs and job scripts start with (`floe.seed` changes it).
    var seed: UInt64
    /// Runs `floe.job`'s jobs, and the applications', on the clock.
    lazy var jobBackend = EmbeddedJobBackend(clock: clock)
    /// Turns application code (job scripts) into job graphs.
    lazy var codeLoader = LuaCodeLoader(options: jobScriptOptions)
    /// Bucket name → folder (`--bucket`, `floe.mount_bucket`).
    public var buckets: [String: String]
    /// Checkpoints and minutes for timelines and reports.
    public let runRecord = RunRecord()
    /// The first script the run ran (its path, "stdin", "floe serve …"): what a report is named after.
    public var firstScript: String?
    /// Where jars run (`--flink`): handed to the engine, which runs job scripts on
    /// `jobBackend` and jars here.
    public var clusterBackend: (any JobBackend)? {
        didSet { madeEngine?.clusterBackend = clusterBackend }
    }
    /// Told of the engine as it is made, before anything runs on it (the Lua runtime's hooks).
    var engineMade: [(LifecycleEngine) -> Void] = []
    private var madeEngine: LifecycleEngine?

    init(options: HostOptions, clock: any Clock) {
        self.options = options
        self.clock = clock
        seed = options.seed
        buckets = options.buckets
    }

    /// The lifecycle engine (made on first use: a run that makes no application pays nothing).
    public var engine: LifecycleEngine {
        if let madeEngine { return madeEngine }
        let made = makeEngine()
        madeEngine = made
        return made
    }

    /// The engine if anything has used it, without making one.
    public var engineIfMade: LifecycleEngine? { madeEngine }

    /// `floe.aws` and the server: the service API over the engine.
    lazy var serviceAPI = ServiceAPI(engine: engine, bucketFolder: { $0 })

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
        get { madeEngine?.settings.epoch ?? TimeText.defaultEpoch }
        set { engine.settings.epoch = newValue }
    }

    /// Every status change so far, in order (what `app:log()` and `--log` hold).
    public var statusLog: [StatusLogEntry] { madeEngine?.statusLog ?? [] }

    /// A clock time in the one form floe writes for people: "2026-01-01 00:10:30".
    public func timeText(_ seconds: Double) -> String { TimeText.point(seconds, epoch: serviceEpoch) }

    /// Lets up to `seconds` of clock time pass (no further than the clock's end), running
    /// every event due on the way (the jobs' steps side by side where they may when
    /// `concurrently`), until `stop()` holds. Errors: Stalled (the watchdog).
    func advance(bySeconds seconds: Double, concurrently: Bool, stop: () -> Bool) throws(FloeError) {
        if case .stalled(let stall) = clock.advance(bySeconds: min(seconds, longestWait), concurrently: concurrently, stop: stop) {
            throw FloeError(code: FloeError.Code.stalled,
                            message: "\(stall); a wait cannot end while events keep time standing still (floe.settings{stall_events = N} sets the bound, now \((clock as? VirtualClock)?.stallLimit ?? 0))")
        }
    }

    /// The longest span time may pass now: up to `Instant.latest` (about 146 years).
    var longestWait: Double { Double(max(0, Instant.latest.nanoseconds - clock.now.nanoseconds)) / 1e9 }

    /// Lets `seconds` of clock time pass, running every event due on the way, the jobs'
    /// steps side by side where they may (the server's clock steps). Errors: Stalled.
    public func advance(bySeconds seconds: Double) throws(FloeError) {
        try advance(bySeconds: seconds, concurrently: true, stop: { false })
    }

    /// What job scripts run with: the seed, and the job limits' defaults.
    var jobScriptOptions: HostOptions {
        var options = HostOptions()
        options.seed = seed
        options.limits = LuaLimits(memoryBytes: 64 << 20, instructions: 10_000_000)
        return options
    }

    /// What every job starts with (`floe.job`'s and the applications'): the seed, print
    /// sinks on the console, snapshots in `--state-dir` (fsynced) or a temporary folder.
    var jobDefaults: JobConfiguration {
        var defaults = JobConfiguration()
        defaults.seed = seed
        defaults.output = { Console.write($0) }
        if let directory = options.stateDirectory {
            defaults.stateDirectory = directory
            defaults.durableState = true
        }
        return defaults
    }

    /// The lifecycle engine on the clock, heard first by `engineMade`'s listeners, its
    /// checkpoints and minutes kept for the report and its status log written to `--log`
    /// as JSON lines.
    private func makeEngine() -> LifecycleEngine {
        let engine = LifecycleEngine(clock: clock, backend: jobBackend, codeLoader: codeLoader, jobDefaults: jobDefaults)
        engine.clusterBackend = clusterBackend
        engine.jobScriptsOnCluster = options.flinkScripts
        for listener in engineMade { listener(engine) }
        runRecord.listen(to: engine)
        if let path = options.logFile, let file = fopen(path, "w") {
            let writer = LogWriter(file)
            engine.onLog.append { writer.write($0.jsonLine) }
        } else if let path = options.logFile {
            Console.writeError("floe: cannot write the status log to \(path): \(String(cString: strerror(errno)))\n")
        }
        return engine
    }
}

/// The `--log` file: one JSON line per status change, flushed as it is written.
final class LogWriter {
    private let file: UnsafeMutablePointer<FILE>

    init(_ file: UnsafeMutablePointer<FILE>) { self.file = file }

    func write(_ line: String) {
        fputs(line + "\n", file)
        fflush(file)
    }

    deinit { fclose(file) }
}
