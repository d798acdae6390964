import FloeReport
import CLua
import Clock
import JobRuntime
import Lifecycle

/// What a host is created with: the clock, the seed, and the limits of its Lua state.
public struct HostOptions: Sendable {
    /// The seed of floe's random generator and of `math.random`.
    public var seed: UInt64 = 0
    /// Run on the wall clock (`--realtime`) instead of the virtual clock.
    public var realtime = false
    public var limits = LuaLimits.none
    /// Where durable state goes (`--state-dir`); the engines of later layers use it.
    public var stateDirectory: String?
    /// Where the status log is written as JSON lines (`--log`); the lifecycle engine writes it.
    public var logFile: String?
    /// `--report FILE`: where the command line writes the HTML report when the run ends.
    public var reportFile: String?
    /// A Flink cluster for jar applications (`--flink URL`, or `local`: one started for the
    /// run); the program that links the cluster's client attaches it (`FloeHost.clusterBackend`).
    public var flink: String?
    /// `--flink-scripts`: applications whose code is a job script run on that cluster too,
    /// through floe's runner (built-in operators only), instead of the embedded runtime.
    public var flinkScripts = false
    /// S3 buckets served from local folders (`--bucket B=DIR`); an unmounted bucket is the
    /// folder of its name beside the running script.
    public var buckets: [String: String] = [:]

    public init() {}
}

/// One Lua state and what floe hangs on it: the context block the C side reads, the
/// random generator, the registered Swift functions, the hooks and policies; the run
/// itself (clock, engine, backend, buckets, report) is its `host`, which `floe serve` uses too.
///
/// Owned by one thread; a `lua_State` never crosses threads (design: Threads).
public final class LuaRuntime {
    /// The main thread of the state.
    public let state: OpaquePointer
    /// The block the allocator, the hook and the trampoline read (lives as long as the state).
    let context: UnsafeMutablePointer<clua_Context>
    /// The run: clock, job backend, lifecycle engine, buckets, run record.
    public let host: FloeHost
    public var clock: any Clock { host.clock }
    public var random: SeededRandom
    public let options: HostOptions
    /// Where Lua code is running now; the dispatcher's gate reads it (kept in the context
    /// block, where reading it costs no exclusivity check on the hot path).
    public internal(set) var phase: Phase {
        get { Phase(rawValue: UInt8(truncatingIfNeeded: context.pointee.phase)) }
        set { context.pointee.phase = UInt32(newValue.rawValue) }
    }
    /// Swift functions pushed into Lua, kept alive for the state's lifetime.
    var functions: [ObjectIdentifier: LuaFunction] = [:]
    /// Nesting of protected calls; limits reset when the outermost one starts and ends.
    var callDepth = 0
    /// Whether top-level calls listen for Ctrl-C (the command line turns this on).
    public var catchesInterrupts = false
    /// The first script this runtime ran (its path, or "stdin"): what a report is named after.
    public var firstScript: String? {
        get { host.firstScript }
        set { host.firstScript = newValue }
    }
    /// The jobs `floe.job` started; Lua holds handles (indices) into this list.
    var jobs: [HostedJob] = []
    /// Runs `floe.job`'s jobs, and the applications' jobs, on the host's clock.
    var jobBackend: EmbeddedJobBackend { host.jobBackend }
    /// The applications of `floe.create_application` and `floe.aws`.
    var lifecycle: LifecycleEngine { host.engine }
    /// The lifecycle engine if the script has used it (without making one).
    var madeLifecycleIfAny: LifecycleEngine? { host.engineIfMade }
    /// Holds policies and hooks to what they may keep between calls.
    let keptMemory = KeptMemory()
    /// Whether the state is open: a `LuaRef` that outlives it lets go of nothing.
    let liveness = StateLiveness()
    /// `floe.aws`: the service API over `lifecycle`.
    var serviceAPI: ServiceAPI { host.serviceAPI }
    /// Bucket name → folder (`--bucket`, `floe.mount_bucket`).
    var buckets: [String: String] {
        get { host.buckets }
        set { host.buckets = newValue }
    }
    /// `floe.on`'s handlers.
    lazy var hooks = HookDispatcher(runtime: self)
    /// Checkpoints and minutes for timelines and reports.
    var runRecord: RunRecord { host.runRecord }
    /// What each call of a policy or hook may use.
    public var policyLimits = PolicyLimits()
    /// Policies and handlers that fell back: logged, said once on standard error, counted.
    let fallbacks = PolicyFallbacks()

    /// What the run should say as it ends (how often policies fell back), or nil.
    public var closingNote: String? { fallbacks.summary }

    /// Creates a state with the standard libraries and the `floe` module loaded.
    public init(options: HostOptions = HostOptions()) throws(FloeError) {
        self.options = options
        host = FloeHost(options: options, clock: options.realtime ? WallClock() : VirtualClock())
        self.random = SeededRandom(seed: options.seed)
        context = .allocate(capacity: 1)
        context.initialize(to: clua_Context())
        context.pointee.dispatch = dispatchToSwift
        context.pointee.warn_on = 1
        context.pointee.hook_step = 1000
        context.pointee.phase = UInt32(Phase.script.rawValue)
        guard let L = clua_newstate(context) else {
            context.deallocate()
            throw FloeError(code: FloeError.Code.outOfMemory, message: "cannot create a Lua state")
        }
        state = L
        context.pointee.host = Unmanaged.passUnretained(self).toOpaque()
        limits = options.limits
        // The hooks hear everything the engine does, from its first status change on.
        host.engineMade.append { [unowned self] engine in hooks.listen(to: engine) }
        clua_armhook(L)
        luaL_openlibs(L)
        ErrorType.register(in: self)
        register(JobType.type)
        register(ApplicationType.type)
        try FloeModule.install(in: self)
        registerMembersForCompletion()
    }

    deinit {
        if callDepth > 0 { listenForInterrupts(false) }
        // Policies written in Lua keep references in the registry: they let go of them
        // while the state is still open.
        madeLifecycleIfAny?.autoscalingPolicy = ServiceAutoscaling()
        madeLifecycleIfAny?.maintenancePolicy = ServiceMaintenance()
        // What the clock still has scheduled holds the jobs, the engine and the backend's
        // threads (a cycle through the clock): let go of it while the state is open.
        madeLifecycleIfAny?.close()
        for hosted in jobs { hosted.job.stopObserving() }
        clock.cancelAll()
        liveness.isOpen = false
        lua_close(state)  // runs every __gc first; the context must outlive it
        context.deallocate()
    }

    /// Sets a global (the host sets only `floe` and `arg`).
    public func setGlobal(_ name: String, _ value: LuaValue) {
        let stack = LuaStack(state)
        clua_pushglobaltable(state)
        stack.push(value)
        stack.rawSetField(lua_absindex(state, -2), name)
        stack.pop()
    }

    /// Sets a global to a Swift function.
    public func setGlobalFunction(_ function: LuaFunction) {
        let stack = LuaStack(state)
        clua_pushglobaltable(state)
        push(function)
        stack.rawSetField(lua_absindex(state, -2), function.name)
        stack.pop()
    }

    /// Reads a global raw into Swift.
    public func global(_ name: String) throws(FloeError) -> LuaValue {
        let stack = LuaStack(state)
        clua_pushglobaltable(state)
        stack.rawGetField(-1, name)
        defer { stack.pop(2) }
        return try stack.value(at: -1)
    }

    /// Reseeds floe's generator (the prelude reseeds `math.random` alongside).
    func reseed(_ seed: UInt64) {
        random = SeededRandom(seed: seed)
        host.seed = seed
    }
}
