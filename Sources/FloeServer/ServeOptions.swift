import LuaHost

/// What `floe serve` was asked for.
public struct ServeOptions: Sendable {
    /// The loopback address by default: a server for one machine's tools.
    public var host = "127.0.0.1"
    /// `floe serve`'s port unless `--port` says otherwise (0: any free port, said at start).
    public static let defaultPort = 8620
    public var port = ServeOptions.defaultPort
    /// Service seconds per real second on the scaled clock: at 10, STARTING's 30 s take 3 s,
    /// so that a client polling every second or two sees RUNNING within a few seconds.
    public static let defaultSpeed = 10.0
    public var speed = ServeOptions.defaultSpeed
    /// `--virtual`: time moves only when a client asks (`POST /_floe/advance`).
    public var virtual = false
    /// Seconds a connection may go without sending anything while a request is unfinished
    /// (or while it has none outstanding) before it is closed.
    public var requestTimeout = 30.0
    /// The largest request body taken (the rest is refused with 413).
    public var maxBody = 1 << 20
    /// `--credentials FILE`: every API request must be signed (SigV4) with one of its keys.
    public var credentials: String?
    /// `--flink URL|local`: applications whose code is a jar run on this Flink cluster, and
    /// the clock is the wall clock (speed 1), the cluster's time.
    public var flink: String?
    /// A script run first in the same host, and its arguments.
    public var script: String?
    public var scriptArguments: [String] = []
    public var host_: HostOptions = HostOptions()

    public init() {}
}
