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

    @Test func theReadmeScenarioRuns() throws {
        let blocks = try luaBlocks("README.md")
        #expect(blocks.count == 2)
        let policy = try FloeExecutable.run(["-e", blocks[1]])
        #expect(policy.status == 0, "the policy example: \(policy.stderr)")
        let dir = try TemporaryDirectory()
        // The example names its job script beside itself, as scripts/ does.
        let script = try dir.write("example.lua", blocks[0].replacingOccurrences(
            of: "\"jobs/running-sums.lua\"", with: "\"\(Repository.path("scripts/jobs/running-sums.lua"))\""))
        let result = try FloeExecutable.run([script])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("application\tUPDATING\tRUNNING"))
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
