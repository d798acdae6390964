import FloeTestSupport
import LuaHost
import Testing

/// Each row of the status log reads correctly on its own (issue 13, finding 4).
@Suite struct StatusLogRowsTests {
    let job = Repository.path("scripts/jobs/running-sums.lua")

    @Test func theOldJobsStopIsLoggedUnderTheVersionItRan() throws {
        let runtime = try makeRuntime()
        try runtime.run("""
            app = floe.create_application{ name = "orders", code = '\(job)', parallelism = 1,
              properties = { numbers = { count = "100000000", rate = "10" } } }
            app:start() app:wait("RUNNING")
            floe.sleep(3600)
            app:update{ parallelism = 2 } app:wait("RUNNING")
            """)
        let log = try runtime.statusLogLines()
        #expect(log.contains { $0.contains("orders v1  job: RUNNING -> FINISHED  (stopped with a savepoint)") }, "\(log)")
        #expect(!log.contains { $0.contains("v2  job: RUNNING -> FINISHED") }, "\(log)")
        #expect(log.contains { $0.contains("orders v2  job: CREATED -> RUNNING") }, "\(log)")
    }

    @Test func aSecondFailureWhileRestartingSaysSo() throws {
        let runtime = try makeRuntime()
        try runtime.run("""
            job = floe.job{ code = '\(job)', parallelism = 2, properties = { numbers = { count = "100000", rate = "1000" } },
                            checkpoint_interval = 1 }
            floe.sleep(3)
            job:inject{ fault = "taskmanager_lost", taskmanager = 1 }
            floe.sleep(10)
            rows = {}
            for _, e in ipairs(job:events()) do
              if e.subject == "job" and e.from == "RESTARTING" and e.to == "RESTARTING" then rows[#rows + 1] = e.cause end
            end
            """)
        let rows = try runtime.value("return rows").tableValue?.sequence.compactMap(\.stringValue) ?? []
        #expect(!rows.isEmpty, "a lost TaskManager fails both of its tasks: the second arrives while restarting")
        for cause in rows { #expect(cause.hasPrefix("another failure while restarting: "), "\(cause)") }
    }
}
