import FloeTestSupport
import Foundation
import LuaHost
import Testing

/// The operator layer, `floe.create_application` and `floe.Application`, through the real host.
@Suite struct ApplicationTests {
    let job = Repository.path("scripts/jobs/running-sums.lua")

    func create(_ runtime: LuaRuntime, extra: String = "") throws {
        try runtime.run("""
            app = floe.create_application{ name = "sums", code = '\(job)', parallelism = 1,
              properties = { numbers = { count = "100000", rate = "100" } } \(extra) }
            """)
    }

    @Test func anApplicationGoesThroughItsLifeAndKeepsItsStateAcrossAStop() throws {
        let runtime = try makeRuntime()
        try create(runtime)
        try runtime.run("""
            print(app.status, app.version, app.runtime, tostring(app), getmetatable(app).__name)
            app:start()
            print(app.status, app:wait("RUNNING"), floe.now())
            floe.sleep(100)
            app:stop()
            print(app:wait("READY"), #app:snapshots())
            app:start()                        -- restores the stop snapshot
            app:wait("RUNNING")
            floe.sleep(100)
            local sums = {}
            for _, pair in ipairs(app.job:collected("sums")) do sums[pair[1]] = pair[2] end
            local total = 0
            for _, s in pairs(sums) do total = total + s end
            -- One subtask reads 1, 2, 3, … in order: the sums add up to 1 + … + n, each
            -- number once, the numbers that arrived while stopped included.
            local n = math.floor((math.sqrt(8 * total + 1) - 1) / 2)
            print("counted once", n * (n + 1) // 2 == total, n > 15000)
            app:stop{ force = true }
            app:wait("READY")
            app:delete()
            print(app:wait("DELETED"), app.status, app.version)
            """)
        #expect(try runtime.printedLines() == [
            "READY\t1\tFLINK-1_20\tApplication(sums)\tfloe.Application",
            "STARTING\tRUNNING\t30.0",
            "READY\t1",
            "counted once\ttrue\ttrue",
            "DELETED\tDELETED\tnil",
        ])
    }

    @Test func theServicesRefusalsReachLuaWithTheirNames() throws {
        let runtime = try makeRuntime()
        try create(runtime)
        try runtime.run("""
            local ok, e = pcall(app.stop, app)
            print(e.code, e.message)
            ok, e = pcall(floe.create_application, { name = "sums", code = '\(job)' })
            print(e.code, e.message)
            ok, e = pcall(floe.create_application, { name = "x y", code = '\(job)' })
            print(e.code)
            ok, e = pcall(floe.create_application, { name = "old", code = '\(job)', runtime = "FLINK-1_8" })
            print(e.code)
            ok, e = pcall(floe.create_application, { name = "nocode", code = "nowhere.lua" })
            print(e.code)
            app:delete()
            app:wait("DELETED")
            ok, e = pcall(app.start, app)
            print(e.code, e.message)
            """)
        #expect(try runtime.printedLines() == [
            "ResourceInUseException\tApplication sums is in READY status; StopApplication is allowed only in RUNNING.",
            "ResourceInUseException\tApplication sums already exists.",
            "InvalidArgumentException",
            "InvalidArgumentException",
            "InvalidArgumentException",
            "ResourceNotFoundException\tApplication sums is not found in account 123456789012.",
        ])
    }

    @Test func aMisspelledFieldIsAnErrorNamingIt() throws {
        let runtime = try makeRuntime()
        let error = runtime.failure("floe.create_application{ name = 'x', code = 'y', paralelism = 2 }")
        #expect(error?.code == FloeError.Code.badArgument)
        #expect(error?.message.hasPrefix("bad argument #1 to 'create_application' (unknown field 'paralelism'") == true)
        try create(runtime)
        #expect(runtime.failure("app:start{ restor = 'skip' }")?.message.hasPrefix("bad argument #2 to 'start' (unknown field 'restor'") == true)
    }

    @Test func tagsComeAndGoWithoutANewVersion() throws {
        let runtime = try makeRuntime()
        try create(runtime)
        try runtime.run("""
            app:tag{ team = "payments", tier = "1" }
            app:untag{ "tier" }
            local tags = app:tags()
            print(tags.team, tags.tier, app.version)
            local many = {}
            for i = 1, 51 do many["k" .. i] = "v" end
            local ok, e = pcall(app.tag, app, many)
            print(e.code)
            """)
        #expect(try runtime.printedLines() == ["payments\tnil\t1", "TooManyTagsException"])
    }

    @Test func waitingForAStatusPassedThroughInOneInstantReturns() throws {
        let runtime = try makeRuntime()
        try runtime.run("""
            local app = floe.create_application{ name = "short", code = '\(job)',
              properties = { numbers = { count = "100", rate = "10" } } }   -- done in 10 s
            app:start()
            print(app:wait("RUNNING"), app.status, floe.now())               -- RUNNING, then READY at once
            """)
        #expect(try runtime.printedLines() == ["RUNNING\tREADY\t30.0"])
    }

    @Test func updatesCheckTheirVersionAndTheirFields() throws {
        let runtime = try makeRuntime()
        try create(runtime)
        try runtime.run("""
            app:update{ parallelism = 2, version = 1 }
            print(app.status, app.version)
            app:wait("READY")
            local ok, e = pcall(app.update, app, { parallelism = 3, version = 1 })
            print(e.code, e.message)
            ok, e = pcall(app.rollback, app)
            print(e.code)
            for _, v in ipairs(app:versions()) do print(v.version, v.parallelism, v.rolled_back) end
            print(app:maintenance_window("22:30"))
            """)
        #expect(try runtime.printedLines() == [
            "UPDATING\t2",
            "ConcurrentModificationException\tApplication sums is at version 2, not 1.",
            "ResourceInUseException",
            "1\t1\tfalse", "2\t2\tfalse",
            "22:30\t06:30",
        ])
        #expect(runtime.failure("app:update{ paralelism = 2 }")?.message.hasPrefix("bad argument #2 to 'update' (unknown field 'paralelism'") == true)
    }

    @Test func aBrokenJobScriptFailsTheStartAndTheApplicationIsReadyAgain() throws {
        let dir = try TemporaryDirectory()
        let broken = try dir.write("broken.lua", "local env = ...\nenv:from_values({1}):map(function(x) return x end")
        let runtime = try makeRuntime()
        try runtime.run("""
            local app = floe.create_application{ name = "broken", code = '\(broken)' }
            app:start()
            floe.sleep(30)
            local op = app:operations()[1]
            print(app.status, op.operation, op.status)
            print(op.error)
            """)
        let lines = try runtime.printedLines()
        #expect(lines.first == "READY\tStartApplication\tFAILED")
        #expect(lines.last?.hasPrefix("CodeValidationException: ") == true)
        #expect(lines.last?.hasSuffix("broken.lua:2: ')' expected near <eof>") == true)  // Lua shortens long chunk names
        _ = broken
    }
}
