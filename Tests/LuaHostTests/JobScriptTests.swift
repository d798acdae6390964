import FloeTestSupport
import Foundation
import LuaHost
import Testing

/// Job scripts run through the real host: `floe.job` builds the graph from Lua, every
/// subtask runs the script's functions in a Lua state of its own.
@Suite struct JobScriptTests {
    let dir: TemporaryDirectory

    init() throws { dir = try TemporaryDirectory() }

    /// Writes a job script and runs `scenario` (with `JOB` standing for its path).
    func run(job: String, _ scenario: String) throws -> LuaRuntime {
        let path = try dir.write("job.lua", job)
        let runtime = try makeRuntime()
        try runtime.run(scenario.replacingOccurrences(of: "JOB", with: "'\(path)'"))
        return runtime
    }

    @Test func theWordCountScriptCountsEveryWordAtAnyParallelism() throws {
        let text = try String(contentsOfFile: Repository.path("scripts/data/hamlet.txt"), encoding: .utf8)
        var expected: [String: Int] = [:]
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) { expected[String(word), default: 0] += 1 }
        for parallelism in [1, 2, 3] {
            let output = dir.url.appendingPathComponent("out-\(parallelism)").path
            let runtime = try makeRuntime()
            try runtime.run("""
                local job = floe.job{
                  code = '\(Repository.path("scripts/jobs/wordcount.lua"))', parallelism = \(parallelism), mode = 'batch',
                  properties = { input = { path = '\(Repository.path("scripts/data/hamlet.txt"))' }, output = { path = '\(output)' } },
                }
                assert(job:wait() == 'FINISHED', job.failure)
                """)
            var counts: [String: Int] = [:]
            for part in try FileManager.default.contentsOfDirectory(atPath: output) {
                for line in try String(contentsOfFile: "\(output)/\(part)", encoding: .utf8).split(separator: "\n") {
                    let fields = line.dropFirst().dropLast().split(separator: ",")
                    counts[String(fields[0])] = Int(fields[1])
                }
            }
            #expect(counts == expected, "parallelism \(parallelism)")
        }
    }

    @Test func collectedValuesComeBackAsLuaValues() throws {
        let runtime = try run(job: """
            local env = ...
            env:from_values(env.properties.values)
               :map(function(x) return { n = x, square = x * x } end)
               :collect("squares")
            -- Rolling sums; keys 0 and 1 both fall to subtask 2 of 2, which reads source
            -- subtask 1's batch (1, 2) before source subtask 2's (3, 4).
            env:from_sequence(1, 4):key_by{ modulo = 2 }:sum():collect("sums")
            """, """
            local job = floe.job{ code = JOB, properties = { values = {1, 2, 3} }, parallelism = 2 }
            assert(job:wait() == "FINISHED")
            local out = {}
            for _, v in ipairs(job:collected("squares")) do out[#out + 1] = v.n .. "^2=" .. v.square end
            print(table.concat(out, " "))
            print(table.concat(job:collected("sums"), " "))
            print(job.name, job.status, job.restarts, tostring(job))
            """)
        #expect(try runtime.printedLines() == ["1^2=1 2^2=4 3^2=9", "1 2 4 6", "job\tFINISHED\t0\tJob(#1)"])
    }

    @Test func tumblingWindowsFromLua() throws {
        let runtime = try run(job: """
            local env = ...
            env:from_sequence(1, 100, { rate = 10 })
               :map(function(n) return { n % 2 == 0 and "even" or "odd", n } end)
               :key_by(1):window(2):sum(2)
               :collect("windows")
            env:from_sequence(1, 100, { rate = 10 })
               :key_by{ modulo = 2 }:window(5):reduce(function(a, b) return math.max(a, b) end)
               :collect("maxima")
            """, """
            local job = floe.job{ code = JOB }
            print(job:wait(), floe.now())
            local t = {}
            for _, v in ipairs(job:collected("windows")) do t[#t + 1] = v[1] .. "=" .. v[2] end
            print(table.concat(t, " "))
            print(table.concat(job:collected("maxima"), " "))
            """)
        #expect(try runtime.printedLines() == [
            "FINISHED\t10.0",
            "odd=100 even=110 odd=300 even=310 odd=500 even=510 odd=700 even=710 odd=900 even=910",
            "49 50 99 100",
        ])
        #expect(runtime.failure("floe.job{ code = '\(try dir.write("w.lua", "local env = ...\nenv:from_values({1}):key_by():window(0):sum():discard()"))' }")?.message
                == "\(dir.url.path)/w.lua:2: bad argument #1 to 'window' (positive number of seconds expected, got 0)")
    }

    @Test func anErrorInAUserFunctionFailsTheJobNamingTheLine() throws {
        let runtime = try run(job: """
            local env = ...
            env:from_sequence(1, 10)
               :map(function(x)
                  if x == 7 then error("seven is not allowed") end
                  return x
               end)
               :discard()
            """, """
            local job = floe.job{ code = JOB }
            print(job:wait(), job.failure)
            """)
        let lines = try runtime.printedLines()
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("FAILED\tUserFunctionException: 'Map' failed: ") == true)
        #expect(lines.first?.hasSuffix("job.lua:4: seven is not allowed") == true)
    }

    @Test func aRunawayOrGreedyFunctionIsStoppedByItsLimits() throws {
        let runtime = try run(job: """
            local env = ...
            env:from_values({1}):map(function(x) while true do end end):discard()
            env:from_values({1}):map(function(x) local t = {} for i = 1, 1e9 do t[i] = i end end):discard()
            """, """
            local job = floe.job{ code = JOB, limits = { instructions = 100000, memory = 8 << 20 } }
            print(job:wait(), job.failure)
            """)
        let line = try runtime.printedLines().first ?? ""
        #expect(line.hasPrefix("FAILED\tInstructionLimitExceeded: 'Map' failed: ") || line.hasPrefix("FAILED\tMemoryLimitExceeded: 'Map' failed: "))
        // The host goes on.
        #expect(try runtime.value("return 1 + 1") == 2)
    }

    @Test func aBrokenJobScriptIsRefusedWhenTheJobIsCreated() throws {
        let runtime = try makeRuntime()
        let syntax = try dir.write("syntax.lua", "local env = ...\nenv:from_values({1}):map(function(x) return x end:discard()")
        let empty = try dir.write("empty.lua", "local env = ...")
        let badArgument = try dir.write("bad.lua", "local env = ...\nenv:from_values({1}):map(42):discard()")
        let noSink = try dir.write("nosink.lua", "local env = ...\nenv:from_values({1}):map(function(x) return x end)")
        let unkeyed = try dir.write("unkeyed.lua", "local env = ...\nlocal s = env:from_values({1})\ns.sum = nil\nenv:from_values({1}):key_by():sum():discard()")
        #expect(runtime.failure("floe.job{ code = '\(syntax)' }")?.code == FloeError.Code.syntaxError)
        #expect(runtime.failure("floe.job{ code = '\(empty)' }")?.message == "the job script \(empty) built no dataflow")
        #expect(runtime.failure("floe.job{ code = '\(badArgument)' }")?.message == "\(badArgument):2: bad argument #1 to 'map' (function expected, got number)")
        #expect(runtime.failure("floe.job{ code = '\(noSink)' }")?.message == "'Map' leads nowhere: every stream must end in a sink")
        #expect(runtime.failure("floe.job{ code = '\(dir.url.path)/missing.lua' }")?.code == FloeError.Code.fileError)
        #expect(runtime.failure("floe.job{ code = '\(unkeyed)', parallelism = 0 }")?.message == "the job's parallelism must be at least 1, got 0")
        #expect(runtime.failure("floe.job{ }")?.message == "bad argument #1 to 'job' (field 'code' (the job script's path) expected)")
    }

    @Test func aFailingJobLeavesTheOtherJobsAndTheHostRunning() throws {
        let failing = try dir.write("failing.lua", "local env = ...\nenv:from_sequence(1, 100, { rate = 10 }):map(function(x) if x == 20 then error('down') end return x end):discard()")
        let healthy = try dir.write("healthy.lua", "local env = ...\nenv:from_sequence(1, 100, { rate = 10 }):key_by{ modulo = 3 }:sum():collect('sums')")
        let runtime = try makeRuntime()
        try runtime.run("""
            local bad = floe.job{ code = '\(failing)' }
            local good = floe.job{ code = '\(healthy)', parallelism = 2 }
            print(bad:wait(), good.status)
            print(good:wait(), floe.now(), #good:collected('sums'))
            """)
        #expect(try runtime.printedLines() == ["FAILED\tRUNNING", "FINISHED\t10.0\t100"])
    }

    @Test func aMissingInputFileFailsTheJobNamingTheFile() throws {
        let runtime = try run(job: "local env = ...\nenv:from_lines('/nonexistent/input.txt'):discard()", """
            local job = floe.job{ code = JOB }
            print(job:wait(), job.failure)
            """)
        #expect(try runtime.printedLines() == ["FAILED\tSourceException: cannot open /nonexistent/input.txt: No such file or directory"])
    }

    @Test func restartStrategiesComeFromTheOperatorsTable() throws {
        let runtime = try run(job: """
            local env = ...
            env:from_sequence(1, 5, { rate = 1 }):map(function(x) return x end):collect("out")
            """, """
            local job = floe.job{ code = JOB, restart_strategy = { type = "fixed-delay", attempts = 2, delay = 30 } }
            job:inject{ fault = "task_failure", task = 1, after_records = 2 }
            print(job:wait(), job.restarts, table.concat(job:collected("out"), ","))
            """)
        #expect(try runtime.printedLines() == ["FINISHED\t1\t1,2,3,4,5"])
    }

    @Test func jobCodeRunsWithoutFilesProcessesOrDebug() throws {
        let runtime = try run(job: """
            local env = ...
            local found = { tostring(io), tostring(os), tostring(debug), tostring(dofile), tostring(string.dump),
                            tostring(package.loadlib), tostring(select(2, pcall(require, "socket")) ~= nil),
                            select(2, pcall(load, "\\27Lua", "x", "b")), select(2, pcall(collectgarbage, "collect")) }
            env:from_values({ table.concat(found, " ", 1, 7) .. " | " .. found[8] .. " | " .. found[9] }):collect("out")
            """, """
            local job = floe.job{ code = JOB }
            job:wait()
            print(job:collected("out")[1])
            print(io ~= nil, os ~= nil)      -- the operator's script keeps its library
            """)
        let lines = try runtime.printedLines()
        #expect(lines.first?.hasPrefix("nil nil nil nil nil nil true | ") == true, "\(lines)")
        #expect(lines.first?.contains("text chunks only") == true)
        #expect(lines.first?.contains("not available to job code") == true)
        #expect(lines.last == "true\ttrue")
    }
}

/// Checkpoints, faults, savepoints and rescaling, driven from Lua.
@Suite struct JobOperationsTests {
    let dir: TemporaryDirectory

    init() throws { dir = try TemporaryDirectory() }

    @Test func faultsSavepointsAndARescaleLoseNothingAndDoubleNothing() throws {
        let job = try dir.write("sums.lua", """
            local env = ...
            env:from_sequence(1, 20000, { rate = 1000 }):uid("numbers")
               :map(function(x) return { x % 10, x } end)
               :key_by(1):sum(2):uid("sums")
               :collect("sums")
            """)
        let runtime = try makeRuntime()
        try runtime.run("""
            local job = floe.job{ code = '\(job)', parallelism = 2, checkpoint_interval = 2,
                                  restart_strategy = { type = "fixed-delay", attempts = 5, delay = 1 } }
            job:inject{ fault = "task_failure", task = 1, after_records = 3000 }
            job:inject{ fault = "taskmanager_lost", taskmanager = 2, after = 7.5 }
            job:inject{ fault = "checkpoint_failure" }
            assert(job:wait("RUNNING") == "RUNNING")
            floe.sleep(9)
            local m = job:metrics()
            print("restarts", job.restarts, m.fullRestarts, m.numberOfFailedCheckpoints >= 1, m.numberOfCompletedCheckpoints >= 1)
            print("operators", #m.operators, m.operators[1].name, #m.busy)
            local path = job:savepoint()
            print("savepoint", path:match("/savepoints/savepoint%-%x+%-%d+$") ~= nil)
            print("rescale", job:rescale(4))
            print("end", job:wait(), floe.now())
            local last = {}
            for _, v in ipairs(job:collected("sums")) do last[v[1]] = v[2] end
            print("sums", last[0], last[1], last[9])
            """)
        let lines = try runtime.printedLines()
        #expect(lines[0] == "restarts\t4\t4\ttrue\ttrue")  // a task, a TaskManager's two tasks, a declined checkpoint
        #expect(lines[1] == "operators\t5\tSource: sequence\t4")
        #expect(lines[2] == "savepoint\ttrue")
        #expect(lines[3] == "rescale\tINITIALIZING")
        #expect(lines[4] == "end\tFINISHED\t20.0")
        #expect(lines[5] == "sums\t20010000\t19992000\t20008000")  // Σ x over 1…20000 by x % 10: exactly once
    }

    @Test func injectedFaultsAndSavepointsRefuseNonsense() throws {
        let job = try dir.write("small.lua", "local env = ...\nenv:from_values({1, 2, 3}):discard()")
        let runtime = try makeRuntime()
        try runtime.run("job = floe.job{ code = '\(job)' }")
        #expect(runtime.failure("job:inject{ fault = 'meteor' }")?.message
                == "bad argument #2 to 'inject' (field 'fault' must be task_failure, taskmanager_lost, checkpoint_failure or slow_checkpoint)")
        #expect(runtime.failure("job:inject{ fault = 'task_failure', task = 9 }")?.message
                == "bad argument #2 to 'inject' (field 'task' must be a task number from 1 to 1)")
        try runtime.run("assert(job:wait() == 'FINISHED')")
        #expect(runtime.failure("job:savepoint()")?.message == "a savepoint needs a RUNNING job; 'small' is FINISHED")
        #expect(runtime.failure("floe.job{ code = '\(job)', checkpoint_interval = -1 }")?.message
                == "bad argument #1 to 'job' (field 'checkpoint_interval' must be a positive number of seconds)")
        #expect(runtime.failure("job:wait('SOMEDAY')")?.message
                == "bad argument #2 to 'wait' (a job status such as \"FINISHED\" expected, got 'SOMEDAY')")
    }
}
