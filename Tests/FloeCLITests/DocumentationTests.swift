import FloeTestSupport
import Foundation
import Testing

/// The examples in the docs run.
@Suite struct DocumentationTests {
    /// The ```lua blocks of a Markdown file.
    func luaBlocks(_ path: String) throws -> [String] {
        let text = try String(contentsOfFile: Repository.path(path), encoding: .utf8)
        return text.components(separatedBy: "```lua\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
    }

    /// README's examples copied into a fresh folder run as they are (issue 13): the job
    /// script saved as `sums.lua`, the scenario beside it run from another folder, and the
    /// prompt session typed at a terminal in that folder, showing what README shows.
    @Test func theReadmesExamplesRunInAFreshFolder() throws {
        let blocks = try luaBlocks("README.md")
        #expect(blocks.count == 3)
        let dir = try TemporaryDirectory()
        for block in blocks.prefix(2) {
            let name = try #require(block.split(separator: "\n").first?.dropFirst(3).split(separator: ":").first)
            try dir.write(String(name), block)
        }
        let scenario = try FloeExecutable.run([dir.url.appendingPathComponent("scenario.lua").path], in: URL(fileURLWithPath: "/"))
        #expect(scenario.status == 0, "\(scenario.stderr)")
        #expect(scenario.stdout.contains("2026-01-01 01:00:30\tapplication\tRUNNING\tUPDATING"), "\(scenario.stdout)")
        let policy = try FloeExecutable.run(["-e", blocks[2]], in: dir.url)
        #expect(policy.status == 0, "the policy example: \(policy.stderr)")

        let readme = try String(contentsOfFile: Repository.path("README.md"), encoding: .utf8)
        let session = try #require(readme.components(separatedBy: "```text\n").dropFirst().first?.components(separatedBy: "```")[0])
        let lines = session.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
        let typed = lines.filter { $0.hasPrefix("> ") || $0.hasPrefix(">> ") }
        let shown = lines.filter { !$0.hasPrefix("> ") && !$0.hasPrefix(">> ") && $0 != "…" }
        let t = try PseudoTerminal(["repl"], environment: ["NO_COLOR": "1"], columns: 80, directory: dir.url.path)
        try t.read(until: "> ")
        for line in typed {
            t.send(String(line.drop { $0 != " " }.dropFirst()) + "\r")
            try t.read(until: "\n>")  // a prompt at the start of a line (output has "-> " in it)
        }
        t.send("\u{04}")
        #expect(t.waitForExit() == 0)
        let screen = t.screen.replacingOccurrences(of: "\r\n", with: "\n")
        for line in shown {
            #expect(screen.contains(line + "\n"), "README shows \(line.debugDescription); the terminal showed:\n\(screen)")
        }
    }

    /// Every example of the Lua reference runs: a scenario from the scripts folder (where
    /// its code paths point), a job script (one that opens `-- scripts/jobs/…`) through
    /// `floe.job` on the scripts' sample text.
    @Test func everyExampleOfTheReferenceRuns() throws {
        let blocks = try luaBlocks("Sources/LuaHost/SCRIPTING.md")
        #expect(blocks.count >= 7)
        let dir = try TemporaryDirectory()
        for (i, block) in blocks.enumerated() {
            let result: FloeExecutable.Result
            if block.hasPrefix("-- scripts/jobs/") {
                let job = try dir.write("job-\(i).lua", block)
                result = try FloeExecutable.run(["-e", """
                    local job = floe.job{ code = "\(job)", properties = { input = { path = "scripts/data/hamlet.txt" } } }
                    assert(job:wait() == "FINISHED")
                    """], in: Repository.root)
            } else {
                let script = Repository.path("scripts/.reference-example-\(i).lua")
                try block.write(toFile: script, atomically: true, encoding: .utf8)
                defer { try? FileManager.default.removeItem(atPath: script) }
                result = try FloeExecutable.run(["run", script], in: Repository.root)
            }
            #expect(result.status == 0, "example \(i + 1):\n\(block)\n\(result.stderr)")
        }
    }

    /// Every function and method the reference's tables name is called in one of its
    /// examples (which `everyExampleOfTheReferenceRuns` runs).
    @Test func everyFunctionOfTheReferenceHasAnExample() throws {
        let text = try String(contentsOfFile: Repository.path("Sources/LuaHost/SCRIPTING.md"), encoding: .utf8)
        let examples = try luaBlocks("Sources/LuaHost/SCRIPTING.md").joined(separator: "\n")
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| `") }
        var named: Set<String> = []
        for row in rows {
            // The first column's names: `app:tag{…}`, `app:untag{…}`, `app:tags()` are three.
            let column = row.dropFirst(2).components(separatedBy: " | ")[0]
            for cell in column.components(separatedBy: "`").enumerated().filter({ $0.offset % 2 == 1 }).map(\.element) {
                for prefix in ["floe.", "app:", "job:"] where cell.hasPrefix(prefix) && !cell.hasPrefix("floe.aws") {
                    let name = cell.prefix { $0.isLetter || $0 == "_" || $0 == "." || $0 == ":" }
                    if name.count > prefix.count, !name.hasSuffix(".") { named.insert(String(name)) }
                }
            }
        }
        #expect(named.count >= 40, "\(named.sorted())")
        // And every function the module has (floe.aws's operations have tests of their own).
        let listed = try FloeExecutable.run(["-e", """
            for k, v in pairs(floe) do
              if type(v) == "function" then print("floe." .. k) end
              if type(v) == "table" and k ~= "aws" then
                for k2, v2 in pairs(v) do if type(v2) == "function" then print("floe." .. k .. "." .. k2) end end
              end
            end
            """])
        let functions = listed.stdout.split(separator: "\n").map(String.init)
        #expect(functions.count >= 17)
        named.formUnion(functions)
        for name in named.sorted() {
            let used = name.hasPrefix("floe.") && !["floe.version"].contains(name)
                ? examples.contains(name + "(") || examples.contains(name + "{")
                : examples.contains(name)
            #expect(used, "\(name) has no example")
        }
    }
}
