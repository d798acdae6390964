import FloeTestSupport
import Foundation
import Testing

/// floe says why (issue 13, finding 1): a policy or handler falling back is said on
/// standard error once per policy and reason, with a count at the end; a missing job script
/// says where it was looked for; the prompt's commands say what they did.
@Suite struct OperatorMessagesTests {
    static let scenario = """
        floe.settings{ maintenance_interval = 3600 }
        floe.policy.maintenance(function(app, m) return "defere" end)
        floe.on("restart", function(e) error("boom") end)
        local app = floe.create_application{ name = "orders", code = "job.lua", parallelism = 1,
          properties = { numbers = { count = "100000000", rate = "10" } } }
        app:start() app:wait("RUNNING")
        app.job:inject{ fault = "task_failure", task = 1 }
        floe.sleep(5 * 3600)
        local n = 0
        for _, e in ipairs(app:log()) do if e.subject == "policy" then n = n + 1 end end
        print("policy entries", n)
        """

    func folder(_ scenario: String) throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        try dir.write("job.lua", try String(contentsOfFile: Repository.path("scripts/jobs/running-sums.lua"), encoding: .utf8))
        try dir.write("scenario.lua", scenario)
        return dir
    }

    @Test func aPolicyThatFallsBackIsSaidOncePerReasonAndCountedAtTheEnd() throws {
        let dir = try folder(Self.scenario)
        let result = try FloeExecutable.run([dir.url.appendingPathComponent("scenario.lua").path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let maintenance = lines.filter { $0.contains("the maintenance policy returned \"defere\" (string)") }
        #expect(maintenance.count == 1, "\(result.stderr)")
        #expect(maintenance.first?.hasPrefix("floe: orders: ") == true)
        #expect(maintenance.first?.contains("the service's rule decided instead") == true)
        let handler = lines.filter { $0.contains("the restart handler failed: LuaError: ") && $0.contains("boom") }
        #expect(handler.count == 1, "\(result.stderr)")
        let entries = try #require(result.stdout.split(separator: "\t").last.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        #expect(entries >= 5)
        // The count at the end: every fallback the status log has, by policy and handler.
        let last = lines.last ?? ""
        let numbers = last.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        #expect(last.hasPrefix("floe: policies fell back to the service's rule "), "\(result.stderr)")
        #expect(last.hasSuffix("; app:log() has each; floe.settings{ policy_warnings = false } silences these"))
        #expect(numbers.count == 4 && numbers[0] == numbers[1] && numbers[2] == numbers[3] && numbers[0] + numbers[2] == entries, "\(last)")
    }

    @Test func theWarningsCanBeSilenced() throws {
        let dir = try folder("floe.settings{ policy_warnings = false }\n" + Self.scenario)
        let result = try FloeExecutable.run([dir.url.appendingPathComponent("scenario.lua").path])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout.hasPrefix("policy entries\t"))
    }

    @Test func aMissingJobScriptSaysWhereItWasLookedFor() throws {
        let dir = try folder("floe.create_application{ name = 'x', code = 'jobs/nope.lua' }")
        let inScript = try FloeExecutable.run([dir.url.appendingPathComponent("scenario.lua").path])
        #expect(inScript.status == 1)
        #expect(inScript.stderr.contains("cannot find the code \(dir.url.path)/jobs/nope.lua (no readable file there; a relative code path is read beside the script that names it)"),
                "\(inScript.stderr)")
        let atPrompt = try FloeExecutable.run(["-e", "floe.create_application{ name = 'x', code = 'jobs/nope.lua' }"], in: dir.url)
        #expect(atPrompt.stderr.contains("cannot find the code jobs/nope.lua (looked in the working folder \(dir.url.path): at the prompt and in -e a relative code path is read from there, in a script beside the script)"),
                "\(atPrompt.stderr)")
    }

    @Test func thePromptsCommandsSayWhatTheyDid() throws {
        let dir = try folder("")
        let t = try PseudoTerminal(["repl"], environment: ["NO_COLOR": "1", "FLOE_HISTORY": dir.url.appendingPathComponent("h").path],
                                   columns: 100, directory: dir.url.path)
        try t.read(until: "> ")
        t.send("app = floe.create_application{ name = 'orders', code = 'job.lua', properties = { numbers = { count = '100', rate = '10' } } }\r")
        try t.read(until: "\n> ")
        t.send(".log nosuch\r")
        try t.read(until: "no application named 'nosuch' has a status yet")
        try t.read(until: "\n> ")
        t.send(".report run.html\r")
        try t.read(until: "wrote the report to run.html (1 application, 1 status change, 2026-01-01 00:00:00 to 2026-01-01 00:00:01)")
        try t.read(until: "\n> ")
        t.send("\u{04}")
        #expect(t.waitForExit() == 0)
        #expect(FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("run.html").path))
    }
}
