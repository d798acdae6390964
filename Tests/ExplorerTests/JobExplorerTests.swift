import FloeTestSupport
import Foundation
import JobRuntime
@testable import LuaHost
import RuntimeExplorer
import Testing

/// The job runtime under random faults (issue 12): seeded cases of random graphs,
/// strategies, versions and fault schedules, each checked for what must hold.
@Suite struct JobExplorerTests {
    static let luaGraphs: LuaGraphs = { script, name, parallelism in
        let (graph, collectors) = try JobScripts.graph(source: script, name: name, parallelism: parallelism)
        return (graph, collectors["out"] ?? Collector())
    }

    @Test(arguments: 0..<8)
    func seedsRunToTheirEndWithTheFaultFreeOutput(_ part: Int) throws {
        let explorer = JobExplorer(luaGraphs: Self.luaGraphs)
        let report = explorer.explore(from: UInt64(part) * 250, count: 250)
        for failure in report.failures {
            let problems = failure.problems.map { "  - \($0)" }.joined(separator: "\n")
            Issue.record(Comment(rawValue: failure.schedule + "\n" + problems))
        }
        #expect(report.seeds == 250)
    }
}

/// The lifecycle under random operations and faults (issue 12): applications on random
/// runtimes started, stopped, updated to good and failing code, rolled back, scaled,
/// maintained and deleted at random moments, their jobs failing and losing TaskManagers.
@Suite struct LifecycleExplorerTests {
    @Test(arguments: 0..<4)
    func seedsNeverTrapStallOrStickInATransientStatus(_ part: Int) throws {
        let report = LifecycleExplorer().explore(from: UInt64(part) * 25, count: 25)
        for failure in report.failures {
            let problems = failure.problems.map { "  - \($0)" }.joined(separator: "\n")
            Issue.record(Comment(rawValue: failure.schedule + "\n" + problems))
        }
        #expect(report.seeds == 25)
    }
}

/// Found by running 20,000 seeds: whatever the clock still had scheduled, and the jobs'
/// observers (whose closures held the engine and, through a waiting launch, the job
/// itself), kept the engine, its jobs and its backend's worker thread alive after their
/// owner was gone: every run leaked a thread, until the process could not fork.
@Suite struct LeakTests {
    @Test func aRuntimeLetsGoOfItsEngineJobsAndBackend() throws {
        weak var backend: AnyObject?
        weak var job: AnyObject?
        do {
            let runtime = try LuaRuntime()
            try runtime.run("""
                local a = floe.create_application{ name = "a", code = '\(Repository.path("scripts/jobs/busy-counts.lua"))',
                  properties = { load = { rate = "1", cost = "0.001" } } }
                local b = floe.create_application{ name = "b", code = '\(Repository.path("scripts/jobs/always-failing.lua"))' }
                a:start() b:start() a:wait("RUNNING") floe.sleep(120)
                b:stop{ force = true } b:wait("READY") b:delete()       -- a job that ended, of an application gone
                floe.job{ code = '\(Repository.path("scripts/jobs/busy-counts.lua"))', properties = { load = { rate = "1", cost = "0.001" } } }
                floe.sleep(60)                                          -- events still pending when the runtime goes
                """)
            backend = runtime.lifecycle.backend
            job = try runtime.lifecycle.application("a").job
            #expect(backend != nil && job != nil)
        }
        #expect(backend == nil, "the backend (and its worker thread) outlived the runtime")
        #expect(job == nil, "a job outlived the runtime")
    }

    @Test func explorerRunsLeaveNoThreads() throws {
        // In a process of its own (threads are the process's): floe-bench prints what is left.
        let bench = FloeExecutable.url.deletingLastPathComponent().appendingPathComponent("floe-bench")
        let process = Process()
        process.executableURL = bench
        process.arguments = ["faults", "--seeds", "200"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(output.contains("200 seeds, 0 failed"), "\(output)")
        #expect(output.hasSuffix("threads left: 1\n"), "\(output)")
    }
}
