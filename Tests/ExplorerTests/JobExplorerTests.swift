import JobRuntime
import LuaHost
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
