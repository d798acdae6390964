import FloeTestSupport
import Foundation
import Testing

/// The built `floe` binary, run as a user runs it: standard output, standard error and
/// exit status compared.
@Suite struct CommandLineTests {
    @Test func anExpressionRunsWithDashE() throws {
        let result = try FloeExecutable.run(["-e", "print(1+1)"])
        #expect(result.stdout == "2\n")
        #expect(result.stderr == "")
        #expect(result.status == 0)
    }

    @Test func aScriptSeesItsArguments() throws {
        let dir = try TemporaryDirectory()
        let script = try dir.write("args.lua", "assert(arg[1] == 'a' and arg[2] == 'b') print(arg[0], arg[-1], ...)")
        let result = try FloeExecutable.run(["run", script, "a", "b"])
        #expect(result.stdout == "\(script)\trun\ta\tb\n")
        #expect(result.status == 0)
        let direct = try FloeExecutable.run([script, "a", "b"])
        #expect(direct.stdout == "\(script)\t\(FloeExecutable.url.path)\ta\tb\n")
    }

    @Test func theHelloScriptRuns() throws {
        let result = try FloeExecutable.run(["run", Repository.path("scripts/hello.lua"), "tester"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("hello, tester: this is floe"))
        #expect(result.stdout.contains("floe.now() went from 0 to 86400"))
        #expect(result.stdout.contains("code=BadArgument"))
    }

    @Test func theWordCountScenarioRunsTheSameEveryTime() throws {
        let first = try FloeExecutable.run(["run", "scripts/wordcount.lua", "2"], in: Repository.root)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("(to,13)\n"))
        #expect(first.stdout.contains("finished as\tFINISHED\n"))
        #expect(first.stdout.contains("job RUNNING -> FINISHED"))
        #expect(try FloeExecutable.run(["run", "scripts/wordcount.lua", "2"], in: Repository.root).stdout == first.stdout)
    }

    @Test func theFailoverScenarioEndsIdenticalToTheFaultFreeRun() throws {
        let result = try FloeExecutable.run(["run", "scripts/failover.lua"], in: Repository.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("after 9 s: RUNNING, 4 restarts\n"))
        #expect(result.stdout.contains("TaskManager 2 is lost"))
        #expect(result.stdout.hasSuffix("identical to the fault-free run\n"))
    }

    @Test func theQuickstartScenarioWritesTheSameStatusLogEveryRun() throws {
        let dir = try TemporaryDirectory()
        let first = dir.url.appendingPathComponent("first.jsonl").path
        let second = dir.url.appendingPathComponent("second.jsonl").path
        let run = try FloeExecutable.run(["--seed", "3", "--log", first, "run", "scripts/quickstart.lua"], in: Repository.root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("running at 2026-01-01 00:00:30, job RUNNING"))
        #expect(run.stdout.contains("DELETING       -> DELETED"))
        _ = try FloeExecutable.run(["--seed", "3", "--log", second, "run", "scripts/quickstart.lua"], in: Repository.root)
        let log = try String(contentsOfFile: first, encoding: .utf8)
        #expect(log.hasPrefix("{\"time\":0,\"application\":\"running-sums\",\"version\":1,\"subject\":\"application\",\"from\":\"\",\"to\":\"READY\""))
        #expect(log.split(separator: "\n").count > 15)
        #expect(try String(contentsOfFile: second, encoding: .utf8) == log)
    }

    /// Every scenario of scripts/ that makes applications, twice with one seed: the same status
    /// log byte for byte, snapshots and all (a snapshot's cause named the temporary state
    /// folder, which differs each run), and no temporary state folder left behind, however
    /// the run ends (an error, `os.exit`).
    @Test func everyScenarioGivesTheSameStatusLogForItsSeedAndLeavesNoStateFolder() throws {
        let dir = try TemporaryDirectory()
        let tmp = dir.url.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        let environment = ["TMPDIR": tmp.path]
        let scenarios = [["quickstart.lua"], ["upgrade.lua"], ["aws-api.lua"], ["autoscaling.lua"], ["policies.lua"],
                         ["timeline.lua"], ["week.lua", "4", "0.5"], ["failing-job.lua"], ["stuck-start.lua"], ["batch.lua"]]
        for scenario in scenarios {
            var logs: [String] = []
            for run in 0..<2 {
                let log = dir.url.appendingPathComponent("\(scenario[0])-\(run).jsonl").path
                let result = try FloeExecutable.run(["--seed", "5", "--log", log, "run", "scripts/" + scenario[0]] + scenario.dropFirst(),
                                                    in: Repository.root, environment: environment)
                #expect(result.status == 0, "\(scenario[0]): \(result.stderr)")
                logs.append(try String(contentsOfFile: log, encoding: .utf8))
            }
            #expect(!logs[0].isEmpty && logs[0] == logs[1], "\(scenario[0])")
        }
        #expect(logs(containing: "snapshot", in: dir.url) > 0)
        // A run that errors, and one that leaves through os.exit, clean up too.
        let script = try dir.write("exits.lua", """
            local app = floe.create_application{ name = "x", code = '\(Repository.path("scripts/jobs/running-sums.lua"))', properties = { numbers = { count = "1000000", rate = "50" } } }
            app:start() app:wait("RUNNING") app:snapshot("s")
            if arg[1] == "exit" then os.exit(3) else error("on purpose") end
            """)
        #expect(try FloeExecutable.run([script, "exit"], environment: environment).status == 3)
        #expect(try FloeExecutable.run([script], environment: environment).status == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path) == [])
    }

    /// Status-log lines that mention `word`, over every log in `folder`.
    func logs(containing word: String, in folder: URL) -> Int {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".jsonl") }.reduce(0) { count, file in
            let text = (try? String(contentsOfFile: folder.appendingPathComponent(file).path, encoding: .utf8)) ?? ""
            return count + text.split(separator: "\n").filter { $0.contains(word) }.count
        }
    }

    @Test func theUpgradeScenarioRollsBackABrokenUpdate() throws {
        let result = try FloeExecutable.run(["run", "scripts/upgrade.lua"], in: Repository.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("version 4 RUNNING with version 2's code and parallelism (as expected)"))
        #expect(result.stdout.contains("parallelism 2 again (as expected)"))
        #expect(!result.stdout.contains("NOT as expected"))
        // The failed update's whole error, not a cut of it.
        #expect(result.stdout.contains("UpdateApplication FAILED: the job FAILED: UserFunctionException: 'Pair' failed: scripts/jobs/running-sums-broken.lua:7: attempt to perform arithmetic on a nil value"))
        #expect(result.stdout.contains("2026-01-01 00:05:16  v4  UPDATING -> ROLLING_BACK"))
        #expect(result.stdout.contains("running-sums-broken.lua  (rolled back)"))
    }

    @Test func theBatchStuckStartAndFailingJobScenariosShowWhatTheServiceDoes() throws {
        let batch = try FloeExecutable.run(["run", "scripts/batch.lua"], in: Repository.root)
        #expect(batch.status == 0, "\(batch.stderr)")
        #expect(batch.stdout.contains("job         RUNNING -> FINISHED"))
        #expect(batch.stdout.contains("application RUNNING -> READY"))
        #expect(batch.stdout.hasSuffix("to\t13\nthe\t6\nand\t4\n"))

        let stuck = try FloeExecutable.run(["run", "scripts/stuck-start.lua"], in: Repository.root)
        #expect(stuck.status == 0, "\(stuck.stderr)")
        #expect(stuck.stdout == """
            after 2m the application is still STARTING
            stop:	ResourceInUseException
            forced stop: READY at 2026-01-01 00:02:05
            StopApplication	SUCCESSFUL
            StartApplication	CANCELLED

            """)

        let failing = try FloeExecutable.run(["run", "scripts/failing-job.lua"], in: Repository.root)
        #expect(failing.status == 0, "\(failing.stderr)")
        #expect(failing.stdout.contains("FLINK-1_8: application RUNNING"))
        #expect(failing.stdout.contains("job: RUNNING -> FAILING -> RESTARTING -> CREATED -> RUNNING"))
        #expect(failing.stdout.contains("FLINK-1_20: application RUNNING"))
        #expect(failing.stdout.contains("job: CREATED -> RUNNING -> RESTARTING -> RUNNING -> RESTARTING"))
    }

    @Test func theAWSAPIScenarioRunsAPipelineThroughFloeAWS() throws {
        let result = try FloeExecutable.run(["run", "scripts/aws-api.lua"], in: Repository.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            created	arn:aws:kinesisanalytics:us-east-1:123456789012:application/orders	READY	version 1
            2026-01-01 00:00:30  RUNNING
            update	000000000002	to version 2
            2026-01-01 00:05:55  RUNNING
            stale token:	ConcurrentModificationException
            snapshot	floe-system-update-v2-1	READY	version 2
            snapshot	before-stop	READY	version 2
            2026-01-01 00:06:20  READY
            operation	StopApplication	SUCCESSFUL	13s
            operation	UpdateApplication	SUCCESSFUL	23s
            operation	StartApplication	SUCCESSFUL	30s
            deleted; applications left:	0

            """)
        // A bucket mounted on the command line serves the code as well.
        let mounted = try FloeExecutable.run(["--bucket", "code=scripts/jobs", "-e", """
            local d = floe.aws.create_application{ ApplicationName = "a", RuntimeEnvironment = "FLINK-1_20",
              ServiceExecutionRole = "arn:aws:iam::1:role/r", ApplicationConfiguration = { ApplicationCodeConfiguration = {
                CodeContentType = "ZIPFILE", CodeContent = { S3ContentLocation = { BucketARN = "arn:aws:s3:::code", FileKey = "wordcount.lua" } } } } }
            print(d.ApplicationDetail.ApplicationStatus)
            """], in: Repository.root)
        #expect(mounted.stdout == "READY\n", "\(mounted.stderr)")
        let bad = try FloeExecutable.run(["--bucket", "code", "-e", ""])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("'--bucket' needs BUCKET=DIR"))
    }

    @Test func theAutoscalingScenarioScalesUpMaintainsAndScalesDown() throws {
        let result = try FloeExecutable.run(["run", "scripts/autoscaling.lua"], in: Repository.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            busy: 10 records/s at 0.09 s each is 90 % of a vCPU at parallelism 1.
            2026-01-01 00:01:30  CPU 90 %: above the service's 75 %, which scales up after 15 minutes above it
            2026-01-01 00:15:30  AUTOSCALING (as expected: 15 minutes at 90 %)
            2026-01-01 00:17:02  RUNNING at parallelism 2, CPU 63 % (as expected); the configured parallelism stays 1, still version 1
            2026-01-01 01:00:02  MAINTENANCE: the window opened at 01:00
            2026-01-01 01:00:22  RUNNING again: maintenance restarted the job in place (1 restart, as expected)
            busy's operations, newest first:
              ApplicationMaintenance SUCCESSFUL 2026-01-01 01:00:02 → 2026-01-01 01:00:22
              ScaleUp                SUCCESSFUL 2026-01-01 00:15:30 → 2026-01-01 00:16:02
              StartApplication       SUCCESSFUL 2026-01-01 00:00:00 → 2026-01-01 00:00:30

            idle: configured for parallelism 2, nearly no load, scaled by hand to 6.
            2026-01-01 07:31:36  after 6h 30m of CPU under 10 % the service halved it to parallelism 3, never below the configured 2 (as expected)
            idle's operations, oldest first: StartApplication, ScaleUp, ScaleDown

            """)
    }

    @Test func thePoliciesScenarioRunsTheOperatorsRulesForAWeek() throws {
        let result = try FloeExecutable.run(["run", "scripts/policies.lua"], in: Repository.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            Scaling (traffic ×4 from 01:00 to 03:00 on 2026-01-02; the autoscaler doubles after 5 busy minutes):
              2026-01-02 01:05:30  scale up from parallelism 1 to 2: CPU 80 %
              2026-01-02 03:05:32  scale down from parallelism 2 to 1: CPU 11 %
            Maintenance, a patch a day (the policy keeps it out of 08:00–20:00, a snapshot first):
              2026-01-02 03:01:04  SUCCESSFUL, outside the peak
              2026-01-03 03:01:06  SUCCESSFUL, outside the peak
              2026-01-04 03:01:06  SUCCESSFUL, outside the peak
              2026-01-05 03:01:06  SUCCESSFUL, outside the peak
              2026-01-06 03:01:06  SUCCESSFUL, outside the peak
              2026-01-07 03:01:06  SUCCESSFUL, outside the peak
              6 of 6 outside the peak (as expected)
            After a week: RUNNING at parallelism 1 (as expected), 8 system snapshots, the job restarted 5 times since the scale-down (once each maintenance)
            6 alerts from the example hooks; the first 3:
              2026-01-02 03:01:04 ALERT orders: job restarting (Source: sequence -> Key By (1/2) failed: TaskManagerLostException: TaskManager 1 is lost (heartbeat timed out))
              2026-01-03 03:01:06 ALERT orders: job restarting (Source: sequence -> Key By (1/1) failed: TaskManagerLostException: TaskManager 1 is lost (heartbeat timed out))
              2026-01-04 03:01:06 ALERT orders: job restarting (Source: sequence -> Key By (1/1) failed: TaskManagerLostException: TaskManager 1 is lost (heartbeat timed out))

            """)
    }

    @Test func theWeekRunsTheSameForASeed() throws {
        let first = try FloeExecutable.run(["--seed", "7", "run", "scripts/week.lua", "3", "1"], in: Repository.root)
        let second = try FloeExecutable.run(["--seed", "7", "run", "scripts/week.lua", "3", "1"], in: Repository.root)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == """
            3 applications for 1d: RUNNING 3 at the end
            9 status changes; 27 faults injected, 24 job restarts
            0 maintenances (a patch a day per application, kept out of 08:00–20:00 by the example policy)
            0 scalings: the example autoscaler doubles a job busy over 80 % of the time for 5 minutes, and this fleet peaks at 24 % busy, so none is expected
            40 alerts from the example hooks (job restarts, failed checkpoints and operations, policies that fell back)

            """)
        #expect(second.stdout == first.stdout)
    }

    @Test func standardInputIsAScriptWithDash() throws {
        let result = try FloeExecutable.run(["-"], stdin: "x=1 print(x + 1)")
        #expect(result.stdout == "2\n")
        #expect(result.status == 0)
        let piped = try FloeExecutable.run([], stdin: "print('piped')")
        #expect(piped.stdout == "piped\n")
    }

    @Test func anUncaughtErrorExitsOneWithMessageAndTraceback() throws {
        let result = try FloeExecutable.run(["-e", "error(\"boom\")"])
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("floe: (command line):1: boom\nstack traceback:\n"))
        #expect(result.stderr.contains("in main chunk"))
    }

    @Test func anUncaughtFloeErrorShowsWhereItsCodeAndATraceback() throws {
        let dir = try TemporaryDirectory()
        let script = try dir.write("bad.lua", "local x = 1\nfloe.sleep('later')\n")
        let result = try FloeExecutable.run([script])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("floe: \(script):2: BadArgument: bad argument #1 to 'sleep' (number expected, got string)\nstack traceback:"))
        #expect(result.stderr.contains("\(script):2: in main chunk"))
    }

    @Test func theReplPrintsExpressionsAndContinuesUnfinishedStatements() throws {
        let result = try FloeExecutable.run(["repl"], stdin: "function f(x)\nreturn x*2\nend\nf(21)\n")
        #expect(result.stdout == "42\n")
        #expect(result.stderr == "")
        #expect(result.status == 0)
    }

    @Test func theReplReportsErrorsAndGoesOn() throws {
        let result = try FloeExecutable.run(["repl"], stdin: "error('first')\nx = = 1\n'after'\nlocal y = 2\nfunction g(\n")
        #expect(result.stdout == "after\n")
        // Each error at the line it is on in the input (lua -i says stdin:1 for all).
        #expect(result.stderr.contains("stdin:1: first\nstack traceback:"))
        #expect(!result.stderr.contains("floe: stdin"))
        #expect(result.stderr.contains("stdin:2: unexpected symbol near '='"))
        #expect(result.stderr.contains("note: a local declared at the prompt lasts only for that statement"))
        #expect(result.stderr.contains("stdin:5: <name> or '...' expected near <eof>"))
        // The status after errors is lua -i's for the same input: 0.
        let lua = Process()
        lua.executableURL = URL(fileURLWithPath: "/usr/bin/lua5.4")
        lua.arguments = ["-i"]
        let input = Pipe()
        lua.standardInput = input
        lua.standardOutput = FileHandle.nullDevice
        lua.standardError = FileHandle.nullDevice
        try lua.run()
        input.fileHandleForWriting.write(Data("error('first')\nx = = 1\n".utf8))
        try input.fileHandleForWriting.close()
        lua.waitUntilExit()
        #expect(result.status == lua.terminationStatus)
        #expect(result.status == 0)
    }

    @Test func aLongerPipedSessionNamesTheLineOfEachError() throws {
        let result = try FloeExecutable.run(["repl"], stdin: "x = 1\nfor i = 1, 2 do\n  print(i)\nend\nerror('late')\n")
        #expect(result.stdout == "1\n2\n")
        #expect(result.stderr.hasPrefix("stdin:5: late\n"), "\(result.stderr)")
    }

    @Test func dashEAndDashLRunInCommandLineOrderBeforeTheScript() throws {
        let dir = try TemporaryDirectory()
        try dir.write("mod.lua", "print('mod loaded') return { answer = 42 }")
        let script = try dir.write("main.lua", "print('script', m.answer, mod and mod.answer)")
        let result = try FloeExecutable.run(["-e", "print('e1')", "-l", "mod", "-l", "m=mod", "-e", "print('e2')", script],
                                            environment: ["LUA_PATH": dir.url.path + "/?.lua"])
        #expect(result.stdout == "e1\nmod loaded\ne2\nscript\t42\t42\n")
        #expect(result.status == 0)
    }

    @Test func dashIEntersTheReplAfterTheScript() throws {
        let dir = try TemporaryDirectory()
        let script = try dir.write("setup.lua", "answer = 42")
        let result = try FloeExecutable.run(["-i", script], stdin: "answer\n")
        #expect(result.stdout.hasPrefix("floe "))
        #expect(result.stdout.hasSuffix("42\n"))
    }

    @Test func dashDashEndsOptionsAndDashVPrintsTheVersion() throws {
        let dir = try TemporaryDirectory()
        let script = try dir.write("-odd.lua", "print('odd name', ...)")
        let result = try FloeExecutable.run(["--", script, "-e"])
        #expect(result.stdout == "odd name\t-e\n")
        let version = try FloeExecutable.run(["-v"])
        #expect(version.stdout.hasPrefix("floe 0.1.0 (Lua 5.4"))
        #expect(version.status == 0)
    }

    @Test func aShebangLineIsSkipped() throws {
        let result = try FloeExecutable.run([Repository.path("scripts/hello.lua")])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("hello, operator"))
    }

    @Test func usageMistakesExitTwoWithAClearMessage() throws {
        for (arguments, message) in [
            (["-x"], "floe: unrecognized option '-x'"),
            (["--bogus"], "floe: unrecognized option '--bogus'"),
            (["-e"], "floe: '-e' needs argument"),
            (["run"], "floe: 'run' needs a script"),
            (["repl", "x.lua"], "floe: 'repl' takes no script (got 'x.lua')"),
            (["--seed", "many"], "floe: '--seed' needs an integer, got 'many'"),
            (["--max-memory", "lots"], "floe: '--max-memory' needs a size such as 65536, 512K or 64M, got 'lots'"),
        ] {
            let result = try FloeExecutable.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            // One line and a hint, as git says it; the usage is `--help`'s.
            let hint = arguments.first.map { ["run", "repl", "test"].contains($0) ? "floe \($0) --help" : "floe --help" } ?? ""
            #expect(result.stderr == message + "\nTry '\(hint)' for more.\n", "\(arguments): \(result.stderr)")
        }
    }

    @Test func everyCommandTakesHelp() throws {
        for (arguments, usage) in [(["--help"], "usage: floe [options] [script [args]]"), (["run", "--help"], "usage: floe run [options] script [args]"),
                                   (["repl", "-h"], "usage: floe repl [options]"), (["test", "--help"], "usage: floe test [options] [files and folders]")] {
            let result = try FloeExecutable.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(result.stdout.contains("\n" + usage + "\n"), "\(arguments): \(result.stdout)")
            #expect(result.stdout.contains("--report FILE.html"))
        }
    }

    @Test func theSeedOptionMakesRunsRepeatable() throws {
        let draw = "print(math.random(1e9), floe.seed())"
        let first = try FloeExecutable.run(["--seed", "7", "-e", draw])
        let second = try FloeExecutable.run(["--seed=7", "-e", draw])
        let other = try FloeExecutable.run(["--seed", "8", "-e", draw])
        #expect(first.stdout == second.stdout)
        #expect(first.stdout.hasSuffix("\t7\n"))
        #expect(first.stdout != other.stdout)
    }

    @Test func limitsFromTheCommandLineStopRunawayCode() throws {
        let loop = try FloeExecutable.run(["--max-instructions", "100000", "-e", "while true do pcall(function() while true do end end) end"])
        #expect(loop.status == 1)
        #expect(loop.stderr.hasPrefix("floe: (command line):1: InstructionLimitExceeded: instruction limit of 100000 exceeded\n"), "where it stopped")
        let memory = try FloeExecutable.run(["--max-memory", "1M", "-e", "local t = {} for i = 1, 1e8 do t[i] = i end"])
        #expect(memory.status == 1)
        #expect(memory.stderr == "floe: MemoryLimitExceeded: memory limit of 1048576 bytes exceeded\n")
    }
}

/// Plain `floe` on a terminal, through util-linux's `script` (Debian's bsdutils, which
/// `bin/setup` makes sure of), which gives it a pseudo-terminal.
@Suite struct TerminalTests {
    @Test func plainFloeOnATerminalIsTheReplWithBannerAndPrompts() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", FloeExecutable.url.path, "/dev/null"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data("1+2\nfunction f()\nreturn 5 end\nf()\n".utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        // The terminal echoes the typed lines whenever they arrive, so look at values and
        // prompts, not at how they interleave with the echo.
        let cleaned = text.replacingOccurrences(of: "\r", with: "")
        let values = cleaned.split(separator: "\n").map { line in
            String(line.replacingOccurrences(of: ">> ", with: "").replacingOccurrences(of: "> ", with: ""))
        }
        #expect(cleaned.contains("floe 0.1.0 (Lua 5.4"))
        #expect(cleaned.contains("> ") && cleaned.contains(">> "))
        #expect(values.contains("3") && values.contains("5"))
        #expect(process.terminationStatus == 0)
    }
}
