import FloeTestSupport
import Foundation
import LuaHost
import Testing

/// `floe.policy.*` and `floe.on`: Lua the engine calls back, sandboxed and limited, through
/// the real host.
@Suite struct PolicyTests {
    static let busy = Repository.path("scripts/jobs/busy-counts.lua")

    /// An application at 90 % CPU (10 records a second, 0.09 s each), RUNNING.
    static let busyApplication = """
        app = floe.create_application{ name = "busy", code = '\(busy)', parallelism = 1,
          properties = { load = { rate = "10", cost = "0.09" } } }
        app:start()
        app:wait("RUNNING")
        function policy_failures()
          local n = 0
          for _, e in ipairs(app:log()) do if e.subject == "policy" then n = n + 1 end end
          return n
        end
        """

    @Test func aCustomAutoscalerIsObeyedWithinTheLimits() throws {
        let runtime = try makeRuntime()
        try runtime.run("""
            floe.settings{ max_kpus = 3 }
            local seen = {}   -- a local: the policy's own globals are a sandbox of its own
            floe.policy.autoscaling(function(app, m)
              seen[#seen + 1] = m
              if m.cpu > 40 then return m.parallelism + 1 end   -- beyond the limit once at 3
            end)
            \(Self.busyApplication)
            floe.sleep(1200)
            local m = seen[#seen]
            print(app.parallelism, app.version, m.max_parallelism, m.kpus, m.configured_parallelism, #m.history > 0)
            print(m.history[#m.history].records_in > 5, m.history[#m.history].busy <= 1)
            print(policy_failures() > 0)
            """)
        let lines = try runtime.printedLines()
        #expect(lines == ["3\t1\t3\t3\t1\ttrue", "true\ttrue", "true"])
    }

    @Test func aPolicyIsHandedTheMinutesItAsksFor() throws {
        let runtime = try makeRuntime()
        try runtime.run("""
            local lengths, times = {}, {}
            floe.policy.autoscaling(function(app, m)
              lengths[#lengths + 1] = #m.history
              times[#times + 1] = m.history[#m.history].time - m.history[1].time
            end, { history = 3 })
            \(Self.busyApplication)
            floe.sleep(600)
            print(table.concat(lengths, " "))
            print(times[#times])
            print(pcall(floe.policy.autoscaling, function() end, { history = 361 }))
            print(pcall(floe.policy.autoscaling, function() end, { history = 2.5 }))
            """)
        let lines = try runtime.printedLines()
        #expect(lines[0].hasPrefix("1 2 3 3 3"), "the list grows to 3 and stays there: \(lines[0])")
        #expect(lines[1] == "120.0", "the last three minutes, oldest first")
        #expect(lines[2].contains("options.history must be a whole number of minutes from 1 to 360"))
        #expect(lines[3].contains("options.history must be a whole number of minutes from 1 to 360"))
    }

    @Test func aFailingPolicyIsLoggedAndTheDefaultRuleDecides() throws {
        let runtime = try makeRuntime()
        try runtime.run("""
            floe.policy.autoscaling(function(app, m) error("no idea") end)
            \(Self.busyApplication)
            floe.sleep(1200)
            print(app.parallelism, policy_failures() >= 15)
            local reasons = {}
            for _, e in ipairs(app:log()) do if e.subject == "policy" then reasons[e.cause] = true end end
            print(next(reasons))
            floe.policy.autoscaling(nil)       -- the service's rule again
            """)
        let lines = try runtime.printedLines()
        #expect(lines.first == "2\ttrue", "the default rule scaled up after 15 minutes at 90 %")
        #expect(lines.last?.hasPrefix("the autoscaling policy failed: LuaError: ") == true)
        #expect(lines.last?.hasSuffix("no idea\ttrue") == true)
    }

    @Test func aMaintenancePolicyDefersOutOfThePeak() throws {
        let runtime = try makeRuntime()
        try runtime.run("""
            floe.settings{ maintenance_interval = 86400, step = 60 }   -- a patch a day; minute steps
            local asked = 0
            floe.policy.maintenance(function(app, m)
              asked = asked + 1
              -- 03:00–06:00 is the peak: wait for 06:00 if the window is open before then
              if m.in_window and m.time_of_day < "06:00" then return { defer_until = m.now + 3600 } end
              if not m.in_window then return "defer" end
              return "snapshot"
            end)
            app = floe.create_application{ name = "idle", code = '\(Self.busy)',
              properties = { load = { rate = "1", cost = "0.001" } } }
            app:start()
            app:wait("RUNNING")
            floe.sleep(2 * 86400 + 12 * 3600)
            local found = {}
            for _, op in ipairs(app:operations()) do
              if op.operation == "ApplicationMaintenance" then
                local hour = (op.start % 86400) / 3600
                table.insert(found, 1, ("maintenance day %d %s %s"):format(op.start // 86400, hour >= 6 and hour < 11, op.status))
              end
            end
            for _, line in ipairs(found) do print(line) end
            local snapshots = 0
            for _, s in ipairs(app:snapshots()) do if s.system then snapshots = snapshots + 1 end end
            print(snapshots, asked >= 6, app.status)
            """)
        let lines = try runtime.printedLines()
        #expect(lines == ["maintenance day 1 true SUCCESSFUL", "maintenance day 2 true SUCCESSFUL", "2\ttrue\tRUNNING"], "\(lines)")
    }

    @Test func hooksSeeEventsInOrderAndCannotActOnTheEngine() throws {
        let runtime = try makeRuntime()
        try runtime.run("""
            local events, checkpoints, refused, target = {}, 0, nil, nil
            floe.on("status", function(e) events[#events + 1] = e.event .. " " .. e.from .. ">" .. e.to end)
            floe.on("operation", function(e) events[#events + 1] = e.event .. " " .. e.operation .. " " .. e.status end)
            floe.on("checkpoint", function(e) checkpoints = checkpoints + 1 end)
            floe.on("status", function(e)
              if e.to == "RUNNING" and target then refused = select(2, pcall(target.stop, target)) end
            end)
            floe.on("scaling", function(e) error("a hook that fails") end)
            \(Self.busyApplication)
            target = app
            floe.sleep(1000)
            print(table.concat(events, ", "))
            print(refused.code, checkpoints > 10, policy_failures())
            """)
        let lines = try runtime.printedLines()
        #expect(lines.first == "status >READY, status READY>STARTING, operation StartApplication SUCCESSFUL, status STARTING>RUNNING, "
            + "status RUNNING>AUTOSCALING, operation ScaleUp SUCCESSFUL, status AUTOSCALING>RUNNING")
        #expect(lines.last == "NotAllowed\ttrue\t1")
    }

    @Test func aFilterKeepsAHandlerToItsEvents() throws {
        let runtime = try makeRuntime()
        try runtime.run("""
            local all, failed, running, numbered = 0, 0, 0, 0
            floe.on("checkpoint", function() all = all + 1 end)
            floe.on("checkpoint", { status = "FAILED" }, function(e) failed = failed + 1 end)
            floe.on("status", { to = "RUNNING", event = "status" }, function() running = running + 1 end)
            floe.on("checkpoint", { id = 2.0, savepoint = false }, function() numbered = numbered + 1 end)
            \(Self.busyApplication)
            app.job:inject{ fault = "checkpoint_failure" }
            floe.sleep(600)
            print(all > 5, failed, running, numbered)
            print(pcall(floe.on, "status", { to = {} }, print))
            print(pcall(floe.on, "status", "RUNNING", print))
            shared = "the script's"
            local function tell() return shared end
            floe.on("status", tell)
            print(tell())   -- the handler is a sandboxed copy: the script's function keeps its globals
            """)
        let lines = try runtime.printedLines()
        #expect(lines[0] == "true\t1\t1\t1", "every checkpoint, the one failed, the one RUNNING, checkpoint 2: \(lines[0])")
        #expect(lines[1].contains("the filter's 'to' must be a string, number or boolean, not a table"))
        #expect(lines[2].contains("filter table expected, got string"))
        #expect(lines[3] == "the script's")
    }

    @Test func sandboxEscapesAndResourceAttacksAreContained() throws {
        let runtime = try makeRuntime()
        let before = runtime.memoryInUse
        try runtime.run("""
            local results, i = {}, 0
            -- One policy, a new attack each minute; all of it runs in the policy's sandbox.
            floe.policy.autoscaling(function(app, m)
              i = i + 1
              if i == 1 then results.globals = tostring(os) .. tostring(io) .. tostring(debug) .. tostring(require) .. tostring(package)
              elseif i == 2 then results.dump = tostring(string.dump) .. tostring(getmetatable(""))
              elseif i == 3 then results.binary = select(2, pcall(load, "\\27Lua", "x", "b"))
              elseif i == 4 then results.gc = select(2, pcall(collectgarbage, "collect"))
              elseif i == 5 then results.act = select(2, pcall(app.stop, app)).code
              elseif i == 6 then results.wait = select(2, pcall(app.wait, app, "READY")).code
              elseif i == 7 then results.sleep = tostring(floe.sleep) .. tostring(getmetatable(app))
              elseif i == 8 then while true do end                                     -- a loop for ever
              elseif i == 9 then local t = {} for k = 1, 1e9 do t[k] = ("x"):rep(64) .. k end   -- memory
              elseif i == 10 then coroutine.yield()                                     -- yield across the host
              elseif i == 11 then
                local co = coroutine.wrap(function() while true do coroutine.yield() end end)
                while true do co() end                                                  -- a coroutine without end
              elseif i == 12 then return setmetatable({}, { __index = function() while true do end end })
              elseif i == 13 then _G.floe = nil; string.upper = nil; return -1
              elseif i == 14 then return 2^80
              elseif i == 15 then return "more"
              elseif i == 16 then return load("return os")()
              elseif i == 17 then local s = string.rep("x", 1 << 30) end                -- one huge string
            end)
            \(Self.busyApplication)
            floe.sleep(20 * 60)
            print(results.globals, results.dump)
            print(results.binary)
            print(results.gc)
            print(results.act, results.wait, results.sleep)
            print(app.status, policy_failures(), ("abc"):upper(), type(floe.sleep), type(string.upper))
            """)
        let lines = try runtime.printedLines()
        #expect(lines[0] == "nilnilnilnilnil\tnilnil")
        #expect(lines[1].contains("text chunks only"))
        #expect(lines[2].contains("collectgarbage(\"collect\") is not available"))
        #expect(lines[3] == "NotAllowed\tNotAllowed\tnilnil")
        // Every attack from the loop on failed, was logged, and left the application and the
        // script's own library as they were.
        #expect(lines[4] == "RUNNING\t9\tABC\tfunction\tfunction", "\(lines)")
        #expect(runtime.memoryInUse - before < 32 << 20, "the heap after the attacks")
    }

    @Test func faultsComeWhenTheScenarioSays() throws {
        let runtime = try makeRuntime()
        try runtime.run("""
            \(Self.busyApplication)
            local completed = app.job:metrics().numberOfCompletedCheckpoints
            app:inject{ fault = "slow_checkpoint", seconds = 300 }
            floe.sleep(330)      -- a checkpoint a minute, but the next one takes five
            print(app.job:metrics().numberOfCompletedCheckpoints - completed <= 2, app.job:metrics().lastCheckpointDuration >= 300000)
            app:inject{ fault = "task_failure", after = 60 }
            floe.sleep(30)
            local before = app.job.restarts
            floe.sleep(90)
            print(before, app.job.restarts)
            app:inject{ fault = "failing_start", reason = "ProgramInvocationException: no main class" }
            app:update{ snapshots = true }
            app:wait("READY")
            local op = app:operations()[1]
            print(op.operation, op.status, op.error)
            print(pcall(app.inject, app, { fault = "meteor" }))
            """)
        let lines = try runtime.printedLines()
        #expect(lines[0] == "true\ttrue")
        #expect(lines[1] == "0\t1")
        #expect(lines[2] == "UpdateApplication\tFAILED\tthe job failed to start: ProgramInvocationException: no main class")
        #expect(lines[3].hasPrefix("false\tBadArgument: "))
    }
}
