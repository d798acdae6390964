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
        #expect(blocks.count == 1)
        let dir = try TemporaryDirectory()
        // The example names its job script beside itself, as scripts/ does.
        let script = try dir.write("example.lua", blocks[0].replacingOccurrences(
            of: "\"jobs/running-sums.lua\"", with: "\"\(Repository.path("scripts/jobs/running-sums.lua"))\""))
        let result = try FloeExecutable.run([script])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("application\tUPDATING\tRUNNING"))
    }
}
