import FloeTestSupport
import Foundation
import LuaHost
import Testing

/// What trying floe as a new user and as an attacker found (issue 12), each through the
/// real host. Each test failed (or hung) on the code before its fix.
@Suite struct FindingsTests {
    /// 1: an application on FLINK-1_20 (exponential-delay by default) whose job fails on its
    /// first record hung floe at 100 % CPU on the second sleep.
    @Test func aFailingJobUnderTheDefaultRestartStrategyBacksOffInsteadOfHanging() throws {
        let runtime = try makeRuntime()
        try runtime.run("""
            local app = floe.create_application{ name = "f", code = '\(Repository.path("scripts/jobs/always-failing.lua"))' }
            app:start()
            floe.sleep(1) ; floe.sleep(1) ; floe.sleep(60)
            assert(app.status == "RUNNING", app.status)
            restarts = app.job.restarts
            """)
        // Backoffs of 1, 1.5, 2.25, … s (jitter ±10 %) within the first minute: a handful, not millions.
        let restarts = Int(try runtime.global("restarts").doubleValue ?? -1)
        #expect((5...12).contains(restarts))
    }

    /// 1 again, with floe.job and the strategy named.
    @Test func aFloeJobWithExponentialDelayKeepsRestartingAfterItsFirstRestart() throws {
        let runtime = try makeRuntime()
        try runtime.run("""
            local job = floe.job{ code = '\(Repository.path("scripts/jobs/always-failing.lua"))', checkpoint_interval = 60,
                                  restart_strategy = { type = "exponential-delay" } }
            floe.sleep(30)
            assert(job.status == "RESTARTING" or job.status == "RUNNING", job.status)
            restarts = job.restarts
            """)
        #expect((4...9).contains(Int(try runtime.global("restarts").doubleValue ?? -1)))
    }

    /// 6: times past what the clock can hold were taken silently, and the clock saturated.
    @Test func aSleepPastTheEndOfVirtualTimeIsRefusedAndTimeStillMoves() throws {
        let runtime = try makeRuntime()
        for seconds in ["1e12", "1e10", "2^62"] {
            let error = runtime.failure("floe.sleep(\(seconds))")
            #expect(error?.code == FloeError.Code.badArgument)
            #expect(error?.message.contains("past the end of virtual time") == true, "\(seconds): \(error?.message ?? "no error")")
        }
        #expect(try runtime.value("floe.sleep(1) return floe.now()") == .number(1))
        #expect(runtime.failure("floe.sleep(4.7e9)")?.message.hasPrefix("bad argument #1 to 'sleep' (4700000000.0 s is past the end of virtual time: the clock stands at 1.0 s and goes no further than 4611686018.427388 s (about 146 years))") == true)
        let app = runtime.failure("local a = floe.create_application{ name = 'x', code = '\(Repository.path("scripts/jobs/running-sums.lua"))' } a:wait('RUNNING', 1e300)")
        #expect(app?.message.hasPrefix("bad argument #3 to 'wait' (1e+300 s is past the end of virtual time") == true, "\(app?.description ?? "")")
        #expect(runtime.failure("floe.settings{ starting = 1e300 }")?.code == FloeError.Code.badArgument)
        #expect(try runtime.value("floe.sleep(100 * 365 * 86400) return floe.now() > 3e9") == true)
    }

    /// The watchdog, from Lua: a wait whose events keep time standing still fails, naming
    /// what kept scheduling them (a batch job's rounds, here, with the bound set low).
    @Test func aWaitTheWatchdogStopsFailsStalledNamingTheJob() throws {
        let dir = try TemporaryDirectory()
        let job = try dir.write("long.lua", "local env = ...\nenv:from_sequence(1, 100000000):discard()")
        let runtime = try makeRuntime()
        try runtime.run("floe.settings{ stall_events = 3 }")
        #expect(try runtime.value("return floe.settings().stall_events") == .integer(3))
        let error = runtime.failure("local job = floe.job{ code = '\(job)', mode = 'batch' } job:wait()")
        #expect(error?.code == FloeError.Code.stalled)
        #expect(error?.message.hasPrefix("virtual time stood still at 0.0 s for 3 events; what kept scheduling them: job 'long' (RUNNING, attempt 1)") == true, "\(error?.message ?? "")")
        #expect(runtime.failure("floe.settings{ stall_events = 0 }")?.code == FloeError.Code.badArgument)
    }
}

/// 2 and 3: numbers at the integer limit, and input the service refuses, through `floe.aws`.
@Suite struct APIFindingsTests {
    func runtime() throws -> LuaRuntime {
        let runtime = try makeRuntime()
        try runtime.run(AWSAPITests.setup)
        return runtime
    }

    /// 2: `math.maxinteger` milliseconds killed floe (signal 4) while the response was built,
    /// and 2^53 + 1 came back as 2^53.
    @Test func checkpointMillisecondsAtTheIntegerLimitRoundTripExactly() throws {
        let runtime = try runtime()
        try runtime.run("""
            for i, v in ipairs{ math.maxinteger, math.maxinteger - 511, (1 << 53) + 1 } do
              for _, field in ipairs{ "CheckpointInterval", "MinPauseBetweenCheckpoints" } do
                local request = create_request("big" .. i .. field)
                local c = { ConfigurationType = "CUSTOM", CheckpointingEnabled = true, CheckpointInterval = 60000, MinPauseBetweenCheckpoints = 5000 }
                c[field] = v
                request.ApplicationConfiguration.FlinkApplicationConfiguration = { CheckpointConfiguration = c }
                local d = aws.create_application(request).ApplicationDetail
                local got = d.ApplicationConfigurationDescription.FlinkApplicationConfigurationDescription.CheckpointConfigurationDescription[field]
                assert(math.type(got) == "integer" and got == v, field .. ": " .. tostring(got) .. " for " .. v)
              end
            end
            -- The same on update_application of a RUNNING application.
            running()
            local d = aws.update_application{ ApplicationName = "sums", CurrentApplicationVersionId = 1,
              ApplicationConfigurationUpdate = { FlinkApplicationConfigurationUpdate = { CheckpointConfigurationUpdate = {
                ConfigurationTypeUpdate = "CUSTOM", CheckpointIntervalUpdate = math.maxinteger, MinPauseBetweenCheckpointsUpdate = math.maxinteger } } } }
              .ApplicationDetail
            local c = d.ApplicationConfigurationDescription.FlinkApplicationConfigurationDescription.CheckpointConfigurationDescription
            assert(c.CheckpointInterval == math.maxinteger and c.MinPauseBetweenCheckpoints == math.maxinteger)
            wait_for("RUNNING")
            """)
    }

    /// 3: a PropertyMap of no entries or with an empty key; floats where the model has integers.
    @Test func inputTheServiceRefusesIsRefused() throws {
        let runtime = try runtime()
        try runtime.run("""
            local function with_map(map)
              local request = create_request("props")
              request.ApplicationConfiguration.EnvironmentProperties.PropertyGroups[1].PropertyMap = map
              return request
            end
            local m = refused("ParamValidationError", aws.create_application, with_map({}))
            assert(m:find("PropertyMap, value: 0, valid min length: 1", 1, true), m)
            m = refused("ParamValidationError", aws.create_application, with_map({ [""] = "x" }))
            assert(m:find("Invalid length for parameter ApplicationConfiguration.EnvironmentProperties.PropertyGroups[0].PropertyMap key '', value: 0, valid min length: 1", 1, true), m)
            m = refused("ParamValidationError", aws.update_application, { ApplicationName = "sums", CurrentApplicationVersionId = 1.0 })
            assert(m == "Parameter validation failed:\\nInvalid type for parameter CurrentApplicationVersionId, value: 1.0, type: number, valid types: integer", m)
            refused("ParamValidationError", aws.list_applications, { Limit = 10.0 })
            refused("ParamValidationError", aws.update_application, { ApplicationName = "sums", CurrentApplicationVersionId = 1,
              ApplicationConfigurationUpdate = { FlinkApplicationConfigurationUpdate = { ParallelismConfigurationUpdate = {
                ConfigurationTypeUpdate = "CUSTOM", ParallelismUpdate = 2.0 } } } })
            assert(#aws.list_applications{ Limit = 10 }.ApplicationSummaries == 1)
            """)
    }

    /// 3: messages speak the epoch seconds requests and responses carry, not the clock's.
    @Test func aWrongTimestampIsAnsweredInEpochSeconds() throws {
        let runtime = try runtime()
        try runtime.run("""
            floe.sleep(80)
            local d = aws.create_application(create_request("late")).ApplicationDetail
            local m = refused("InvalidArgumentException", aws.delete_application, { ApplicationName = "late", CreateTimestamp = d.CreateTimestamp + 100 })
            assert(m == ("CreateTimestamp %.1f does not match application late's (%.1f)."):format(d.CreateTimestamp + 100, d.CreateTimestamp), m)
            """)
    }
}

/// 4: what policies and hooks keep between calls counts against a cap of their own.
@Suite struct KeptMemoryTests {
    @Test func aHookThatHoardsIsRemovedWithALoggedReasonAndTheOthersGoOn() throws {
        let runtime = try makeRuntime()
        try runtime.run("""
            floe.settings{ policy_kept = 1 << 20, step = 10 }
            local app = floe.create_application{ name = "h", code = '\(PolicyTests.busy)', properties = { load = { rate = "1", cost = "0.001" } } }
            local hoard, calls = {}, 0
            floe.on("checkpoint", function(e) hoard[#hoard + 1] = string.rep("x", 64 << 10) .. #hoard end)
            floe.on("checkpoint", function(e) calls = calls + 1 end)
            app:start() app:wait("RUNNING")
            floe.sleep(3600)
            assert(calls >= 50, calls)
            local removed = {}
            for _, e in ipairs(app:log()) do if e.subject == "policy" then removed[#removed + 1] = e.from .. ": " .. e.cause end end
            assert(#removed == 1 and removed[1]:find("^hook checkpoint: the hook checkpoint handler keeps %d+ KiB between calls, past its cap of 1024 KiB"), removed[1])
            assert(#hoard < 40, #hoard)
            """)
        #expect(try runtime.value("return floe.settings().policy_kept") == .integer(1 << 20))
    }
}

/// What the lifecycle explorer found, through the real host.
@Suite struct LifecycleFindingsTests {
    /// Maintenance waited for the job to be RUNNING at one of its checks; a job that fails on
    /// its first record is RUNNING only at the instant of each restart, so the application
    /// stayed in MAINTENANCE for ever.
    @Test func maintenanceOfAnApplicationWhoseJobKeepsFailingEnds() throws {
        let runtime = try makeRuntime()
        try runtime.run("""
            local app = floe.create_application{ name = "m", code = '\(Repository.path("scripts/jobs/always-failing.lua"))' }
            app:start() app:wait("RUNNING")
            floe.sleep(120)
            app:maintain()
            assert(app.status == "MAINTENANCE", app.status)
            app:wait("RUNNING", 600)
            assert(app:operations()[1].status == "SUCCESSFUL", app:operations()[1].status)
            """)
    }
}

/// Issue 13, first finding: a wait that can no longer succeed says why at once.
@Suite struct HopelessWaitTests {
    @Test func aWaitWhoseOperationFailedFailsAtOnceWithTheOperationsError() throws {
        let dir = try TemporaryDirectory()
        let empty = try dir.write("empty.lua", "local env = ...\n")
        let runtime = try makeRuntime()
        let error = runtime.failure("""
            local app = floe.create_application{ name = "e", code = '\(empty)' }
            app:start()
            app:wait("RUNNING")
            """)
        #expect(error?.code == "CodeValidationException")
        #expect(error?.message == "StartApplication FAILED: the job script \(empty) built no dataflow; application e is READY, so it cannot reach RUNNING")
        // At the start's end (30 s), not after the wait's hour.
        #expect(try runtime.value("return floe.now()") == .number(30))
    }

    @Test func aWaitForAnApplicationThatIsDeletedFailsAtOnce() throws {
        let runtime = try makeRuntime()
        let error = runtime.failure("""
            local app = floe.create_application{ name = "d", code = '\(Repository.path("scripts/jobs/running-sums.lua"))',
              properties = { numbers = { count = "1000000", rate = "5" } } }
            app:delete()
            app:wait("RUNNING")
            """)
        #expect(error?.code == "ResourceNotFoundException")
        #expect(try runtime.value("return floe.now()").doubleValue ?? 3600 < 60)
    }
}
