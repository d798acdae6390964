#if canImport(Glibc)
import Glibc
#endif
import FlinkREST
import FloeStore
import Lifecycle
import LuaHost
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// `floe serve`: the service's wire protocol on an HTTP port, the host on this (the
/// control) thread, the connections on NIO's event loops.
public enum FloeServe {
    /// Serves until SIGTERM or SIGINT; the exit status.
    public static func run(_ given: ServeOptions) -> Int32 {
        var options = given
        // A file grown past the process's limit (`ulimit -f`, a quota) is a failed write the
        // store reports, not a signal that kills the server mid-answer.
        signal(SIGXFSZ, SIG_IGN)
        // The state directory first: a second server on it stops here, before anything runs.
        var keeper: StateKeeper?
        if let directory = options.host_.stateDirectory {
            do throws(StoreError) { keeper = try StateKeeper(directory: directory, holder: "floe serve") } catch {
                Console.writeError("floe serve: \(error.description)\n")
                return 1
            }
            options.host_.stateDirectory = keeper?.absoluteDirectory
        }
        let runtime: LuaRuntime
        var cluster: ClusterConnection?
        defer { withExtendedLifetime(cluster) {} }
        do throws(FloeError) {
            runtime = try LuaRuntime(options: options.host_)
            if let spec = options.flink {
                do throws(FlinkError) {
                    cluster = try ClusterConnection(spec) { local in
                        Console.write("floe serve: a local Flink cluster at \(local.url) (its log: \(local.logFolder)); stopped when the server stops\n")
                    }
                } catch {
                    Console.writeError("floe serve: \(error.message)\n")
                    return 1
                }
                runtime.host.clusterBackend = cluster?.backend(clock: runtime.host.clock)
            }
            // On the scaled clock the service's timestamps are real: its zero is when it
            // first started (on a state directory, the first start's).
            let wallEpoch = options.virtual ? nil : wallSeconds(CLOCK_REALTIME).rounded(.down)
            if let keeper {
                do throws(StoreError) {
                    if let restored = try keeper.restore(into: runtime.host, wallEpoch: wallEpoch) {
                        Console.write("floe serve: \(StateKeeper.summary(keeper.directory, restored))\n")
                    }
                } catch {
                    Console.writeError("floe serve: \(error.description)\n")
                    return 1
                }
            } else if let wallEpoch {
                runtime.host.serviceEpoch = wallEpoch
            }
            if let script = options.script { try runtime.runScript(script, arguments: options.scriptArguments) }
            runtime.firstScript = "floe serve" + (options.script.map { " " + $0 } ?? "")
        } catch {
            Console.writeError("floe serve: \(error.location ?? "")\(error.description)\n")
            return 1
        }
        /// Whatever a client is about to hear is on disk first; a server that cannot write
        /// it stops rather than tell anyone something it would forget.
        func keep(clockMoved: Bool = false) {
            guard let keeper else { return }
            do throws(StoreError) { try keeper.save(clockMoved: clockMoved) } catch {
                Console.writeError("floe serve: \(error.description); stopping (nothing unwritten was acknowledged)\n")
                exit(1)
            }
        }
        keep()
        var signatures: SigV4?
        if let path = options.credentials {
            do throws(SigV4.Refusal) { signatures = try SigV4.load(path) } catch {
                Console.writeError("floe serve: \(error.message)\n")
                return 1
            }
        }
        let queue = ControlQueue()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        defer { try? group.syncShutdownGracefully() }
        let maxBody = options.maxBody
        let timeout = TimeAmount.milliseconds(Int64(options.requestTimeout * 1000))
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: timeout))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(HTTPHandler(queue: queue, maxBody: maxBody))
                }
            }
        let channel: Channel
        do {
            channel = try bootstrap.bind(host: options.host, port: options.port).wait()
        } catch {
            Console.writeError("floe serve: cannot listen on \(options.host):\(options.port): \(error)\n")
            return 1
        }
        let port = channel.localAddress?.port ?? options.port
        let pace = options.virtual ? "the virtual clock: POST /_floe/advance moves it"
            : options.flink != nil ? "the wall clock, as the Flink cluster at \(cluster?.url ?? "") runs" : "the clock at ×\(ServeFormat.number(options.speed)) wall time"
        Console.write("floe serve: listening on http://\(options.host):\(port) (\(pace))\n")
        StopSignal.install()

        let control = Control(host: runtime.host, options: options, signatures: signatures)
        let wallStart = wallSeconds(CLOCK_MONOTONIC), clockStart = runtime.host.clock.now.seconds
        while !StopSignal.requested {
            let batch = queue.take(waiting: options.virtual ? 0.25 : 0.02)
            if !options.virtual {
                let target = clockStart + (wallSeconds(CLOCK_MONOTONIC) - wallStart) * options.speed
                let step = target - runtime.host.clock.now.seconds
                if step > 0 {
                    do throws(FloeError) { try runtime.host.advance(bySeconds: step) } catch {
                        Console.writeError("floe serve: \(error.description)\n")
                    }
                    keep()
                }
            }
            for item in batch {
                let response = control.answer(item.request)
                keep(clockMoved: item.request.path.hasPrefix("/_floe/advance"))
                item.promise.succeed(response)
            }
        }
        try? channel.close().wait()
        Console.write("floe serve: stopped\n")
        return 0
    }

    static func wallSeconds(_ clock: clockid_t) -> Double {
        var t = timespec()
        clock_gettime(clock, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}

enum ServeFormat {
    static func number(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
}

/// SIGTERM and SIGINT ask the control loop to stop (it looks between requests).
enum StopSignal {
    private static let flag = Atomic<Bool>(false)
    static var requested: Bool { flag.load(ordering: .relaxed) }

    static func install() {
        let handler: @convention(c) (Int32) -> Void = { _ in StopSignal.flag.store(true, ordering: .relaxed) }
        signal(SIGTERM, handler)
        signal(SIGINT, handler)
        // A parent may hand them down blocked (test runners do): they must still arrive.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
