import FlinkREST
import Foundation
import LuaHost

/// `floe-bench flink`: a local Flink cluster from the pip distribution (`bin/setup --flink`),
/// one job of floe's runner (a rated sequence keyed by modulo, counted, discarded), and
/// side by side: the control latencies — submit → RUNNING, stop-with-savepoint, submit from
/// it → RUNNING, cancel → CANCELED — made directly through Flink's REST API (polled every
/// 0.1 s) and through floe's lifecycle (`app:start`, `app:stop`, `app:stop{force = true}`,
/// its service durations set to 0, its backend polling every 0.5 s); and records per second
/// of one bounded job run to the end on the embedded runtime and on the cluster.
/// Not part of "everything": it starts a cluster.
func benchFlink(rounds: Int, records: Int) throws {
    let distribution = try LocalFlinkCluster.findDistribution(projectRoot: LocalFlinkCluster.projectRoot)
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("floe-bench-flink-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let started = Date()
    let cluster = try LocalFlinkCluster(distribution: distribution, folder: scratch + "/cluster")
    defer { cluster.stop() }
    print("flink: a local cluster (Flink \(try FlinkClient(url: cluster.url).overview().flinkVersion)) started in \(String(format: Date().timeIntervalSince(started))) s")
    let job = scratch + "/rated.lua"
    try "local env = ...\nenv:from_sequence(1, 1000000000000, {rate = 1000}):key_by{modulo = 10}:count():discard()\n"
        .write(toFile: job, atomically: true, encoding: .utf8)

    // Direct: the same job through the REST calls floe makes, polled every 0.1 s.
    let client = FlinkClient(url: cluster.url)
    let runner = LocalFlinkCluster.projectRoot + "/.build-flink/floe-runner.jar"
    let arguments = try directArguments(job: job)
    let jar = try client.uploadJar(runner)
    func until(_ condition: () throws -> Bool) rethrows -> Double {
        let t = Date()
        while try !condition() { Thread.sleep(forTimeInterval: 0.1) }
        return Date().timeIntervalSince(t)
    }
    var direct: [[Double]] = [[], [], [], []]
    for _ in 0..<rounds {
        var t = Date()
        let first = try client.run(jar: jar, .init(entryClass: "floe.FloeRunner", arguments: arguments, parallelism: 2))
        _ = try until { try client.status(of: first) == "RUNNING" }
        direct[0].append(Date().timeIntervalSince(t))
        Thread.sleep(forTimeInterval: 1)
        t = Date()
        let trigger = try client.requestSavepoint(first, into: "file://" + cluster.savepointFolder, stop: true)
        var path = ""
        _ = try until {
            if case .completed(let p) = try client.savepoint(trigger, of: first) { path = p; return true }
            return false
        }
        direct[1].append(Date().timeIntervalSince(t))
        t = Date()
        let second = try client.run(jar: jar, .init(entryClass: "floe.FloeRunner", arguments: arguments, parallelism: 2, savepointPath: path))
        _ = try until { try client.status(of: second) == "RUNNING" }
        direct[2].append(Date().timeIntervalSince(t))
        Thread.sleep(forTimeInterval: 1)
        t = Date()
        try client.cancel(second)
        _ = try until { try client.status(of: second) == "CANCELED" }
        direct[3].append(Date().timeIntervalSince(t))
    }

    // Through floe: the lifecycle on the wall clock, the cluster as its backend.
    var options = HostOptions()
    options.realtime = true
    options.flinkScripts = true
    let runtime = try LuaRuntime(options: options)
    let connection = try ClusterConnection(cluster.url)
    runtime.host.clusterBackend = connection.backend(clock: runtime.host.clock)
    try runtime.run("""
        floe.settings{starting = 0, stopping = 0, force_stopping = 0, snapshotting = 0}
        bench = floe.create_application{name = 'rated', code = '\(job)', parallelism = 2}
        """)
    func timed(_ lua: String) throws -> Double {
        let t = Date()
        try runtime.run(lua)
        return Date().timeIntervalSince(t)
    }
    var floe: [[Double]] = [[], [], [], []]
    for round in 0..<rounds {
        floe[0].append(try timed(round == 0 ? "bench:start() bench:wait('RUNNING')" : "bench:start{restore = 'skip'} bench:wait('RUNNING')"))
        Thread.sleep(forTimeInterval: 1)
        floe[1].append(try timed("bench:stop() bench:wait('READY')"))
        floe[2].append(try timed("bench:start() bench:wait('RUNNING')"))
        Thread.sleep(forTimeInterval: 1)
        floe[3].append(try timed("bench:stop{force = true} bench:wait('READY')"))
    }
    print("flink: control latencies, median of \(rounds) (direct REST polled every 0.1 s; floe's backend polls every 0.5 s):")
    print("  \("".padding(toLength: 38, withPad: " ", startingAt: 0))direct REST   through floe   floe's overhead")
    for (i, name) in ["submit → RUNNING", "stop with a savepoint", "submit from the savepoint → RUNNING", "cancel → CANCELED"].enumerated() {
        let d = median(direct[i]), f = median(floe[i])
        print("  \(name.padding(toLength: 38, withPad: " ", startingAt: 0))\(String(format: "%8.2f s", d))    \(String(format: "%8.2f s", f))      \(String(format: "%+.2f s", f - d))")
    }

    // Records per second of one bounded job, run to its end, on each backend.
    let bounded = scratch + "/bounded.lua"
    try "local env = ...\nenv:from_sequence(1, \(records)):key_by{modulo = 10}:count():discard()\n".write(toFile: bounded, atomically: true, encoding: .utf8)
    let run = "local app = floe.create_application{name = 'bounded', code = '\(bounded)', parallelism = 2} app:start() app:wait('RUNNING') app:wait('READY', 600)"
    let embedded = try LuaRuntime()
    var t = Date()
    try embedded.run("floe.settings{starting = 0}; " + run)
    let embeddedSeconds = Date().timeIntervalSince(t)
    t = Date()
    try runtime.run(run)
    let clusterSeconds = Date().timeIntervalSince(t)
    print("flink: one job, \(records) records (a sequence keyed by modulo 10, counted, discarded; parallelism 2), start to FINISHED:")
    print("  embedded runtime \(String(format: "%.2f", embeddedSeconds)) s, \(String(format: "%.0f", Double(records) / embeddedSeconds)) records/s; "
          + "the cluster \(String(format: "%.2f", clusterSeconds)) s, \(String(format: "%.0f", Double(records) / clusterSeconds)) records/s "
          + "(×\(String(format: "%.1f", clusterSeconds / embeddedSeconds)) the time)")
    withExtendedLifetime(connection) {}
}

/// The runner's arguments for the job script `job`, as floe's backend makes them.
private func directArguments(job: String) throws -> [String] {
    let runtime = try LuaRuntime()
    try runtime.run("floe.create_application{name = 'probe', code = '\(job)', parallelism = 2}")
    let engine = runtime.host.engine
    guard case .graph(let graph) = try engine.codeLoader.code(for: "probe", configuration: try engine.application("probe").configuration) else { return [] }
    return ["--graph", try RunnerGraph.json(graph, checkpointInterval: 60, on: "the cluster")]
}
