// swift-tools-version: 6.0
//
// floe: a local host for Apache Flink applications managed the way Amazon Managed
// Service for Apache Flink manages them, driven from embedded Lua 5.4.
//
// Layers point downward only (see the design's layer table):
//   floe (executable) → FloeCommandLine → LuaHost → FloeReport → Lifecycle → JobRuntime → Clock;
//   LuaHost → CLua; FloeCommandLine → CEdit (the REPL's line editor);
//   floe-serve → FloeServer → FloeStore → LuaHost; floe-state → FloeCommandLine, FloeStore;
//   FloeServer, floe-state, floe-bench → FlinkREST → JobRuntime (a real Flink cluster).
import PackageDescription

// Release builds leave out the run-time exclusivity checks (swift_beginAccess on every
// access to a class's stored array: a tenth of a simulated week's instructions); debug
// builds, the ones the tests run, keep them and so still catch overlapping accesses.
let releaseSpeed: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

// Release builds link the Swift runtime into the executable rather than loading a dozen
// shared libraries at every start (`floe -e ''` 8.4 → 5.5 ms). Debug builds, which the
// tests link against, stay dynamic: a test bundle cannot take a static runtime.
let staticRuntime: [LinkerSetting] = [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))]

let package = Package(
    name: "floe",
    products: [
        .executable(name: "floe", targets: ["floe"]),
        .executable(name: "floe-bench", targets: ["floe-bench"]),
        .executable(name: "floe-serve", targets: ["floe-serve"]),
        .executable(name: "floe-state", targets: ["floe-state"]),
    ],
    dependencies: [
        // Heap: the virtual clock's event queue (a well-tested binary min-max heap). Deque: an
        // application's last six hours of minute metrics, appended and trimmed every minute.
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        // `floe serve`'s HTTP/1.1: NIO's server bootstrap, HTTP codec and pipelining helper.
        // The protocol is one route (POST /) and a few of floe's, so NIO directly rather
        // than a framework on top of it (Hummingbird) saves a dozen packages in every build.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // SigV4's HMAC-SHA256 and SHA-256 (`floe serve --credentials`): crypto from a
        // well-kept library, not by hand.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The registry of a `--state-dir` in SQLite: migrations, transactions and typed rows
        // over Debian's libsqlite3 instead of hand-written calls into its C API.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // MARK: C
        // Debian's Lua 5.4 plus a header-only shim (macro wrappers, the raise trampoline,
        // the message handler, the limits hook and the counting allocator).
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),

        // libedit's readline interface: the REPL's line editor on a terminal.
        .systemLibrary(
            name: "CEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),

        // MARK: core
        .target(
            name: "Clock",
            dependencies: [.product(name: "HeapModule", package: "swift-collections")],
            swiftSettings: releaseSpeed
        ),

        .target(name: "JobRuntime", dependencies: ["Clock"], swiftSettings: releaseSpeed),
        .target(
            name: "Lifecycle",
            dependencies: ["JobRuntime", "Clock", .product(name: "DequeModule", package: "swift-collections")],
            swiftSettings: releaseSpeed
        ),

        // What a run looks like to people, with no Lua in it: the timelines (in the terminal)
        // and the HTML report (the page `--report` writes and `floe serve` keeps live).
        .target(name: "FloeReport", dependencies: ["Clock", "JobRuntime", "Lifecycle"], swiftSettings: releaseSpeed),

        // MARK: host
        .target(
            name: "LuaHost",
            dependencies: ["CLua", "Clock", "JobRuntime", "Lifecycle", "FloeReport", .product(name: "DequeModule", package: "swift-collections")],
            exclude: ["SCRIPTING.md"],
            resources: [.embedInCode("Prelude")],
            swiftSettings: releaseSpeed
        ),

        // MARK: exploration
        // The job runtime and the lifecycle run under random faults from a seed, with their
        // invariants checked (the suite's ExplorerTests, `floe-bench faults`).
        .target(name: "RuntimeExplorer", dependencies: ["JobRuntime", "Lifecycle", "Clock"], swiftSettings: releaseSpeed),

        // MARK: store
        // The registry a state directory keeps (SQLite through GRDB), below the server and
        // the command line's floe-state.
        .target(name: "FloeStore", dependencies: ["Lifecycle", "LuaHost", .product(name: "GRDB", package: "GRDB.swift")]),

        // MARK: Flink
        // A real Flink cluster through its REST API (Foundation's URLSession: no package to
        // build; only the Foundation-linked programs load it), and a local session cluster
        // started from the pip distribution and stopped by its pids.
        .target(name: "FlinkREST", dependencies: ["JobRuntime", "Clock"]),

        // MARK: server
        // `floe serve`: the service's wire protocol over a host. Its own executable, which
        // `floe serve` becomes, so that `floe -e ''` loads none of NIO or Foundation.
        .target(
            name: "FloeServer",
            dependencies: ["LuaHost", "Lifecycle", "JobRuntime", "Clock", "FloeStore", "FlinkREST", .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Linked against the shared Swift runtime: it uses Foundation, which -static-stdlib does not bring.
        .executableTarget(name: "floe-serve", dependencies: ["FloeServer", "LuaHost"]),

        // MARK: executables
        // The command line (run, repl, test, the REPL's editor): `floe`, and `floe-state`,
        // which `floe` becomes given --state-dir (its store needs Foundation, which would
        // cost every `floe -e` its start-up).
        .target(name: "FloeCommandLine", dependencies: ["LuaHost", "CEdit"]),
        .executableTarget(name: "floe", dependencies: ["FloeCommandLine"], linkerSettings: staticRuntime),
        .executableTarget(name: "floe-state", dependencies: ["FloeCommandLine", "FloeStore", "FlinkREST", "LuaHost"]),
        .executableTarget(name: "floe-bench", dependencies: ["LuaHost", "JobRuntime", "Clock", "RuntimeExplorer", "FlinkREST"]),

        // MARK: test support
        .target(name: "FloeTestSupport", dependencies: ["LuaHost"]),

        // MARK: tests
        .testTarget(name: "ClockTests", dependencies: ["Clock"]),
        .testTarget(name: "JobRuntimeTests", dependencies: ["JobRuntime", "Clock"]),
        .testTarget(name: "LifecycleTests", dependencies: ["Lifecycle", "JobRuntime"]),
        .testTarget(name: "LuaHostTests", dependencies: ["LuaHost", "FloeReport", "Lifecycle", "JobRuntime", "CLua", "FloeTestSupport"]),
        .testTarget(name: "FloeCLITests", dependencies: ["floe", "floe-serve", "floe-state", "FloeTestSupport"], exclude: ["Clients"]),
        .testTarget(name: "FlinkTests", dependencies: ["FlinkREST", "JobRuntime", "Clock", "FloeTestSupport", "floe", "floe-state", "floe-serve"], exclude: ["Jobs", "Clients", "Scenarios"]),
        .testTarget(name: "ExplorerTests", dependencies: ["RuntimeExplorer", "LuaHost", "JobRuntime", "FloeTestSupport", "floe-bench"]),
    ]
)
