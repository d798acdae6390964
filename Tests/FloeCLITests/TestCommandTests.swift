import FloeTestSupport
import Foundation
import Testing

/// `floe test`: scenario files as tests, run by the built binary as an operator's CI would.
@Suite struct TestCommandTests {
    @Test func theScriptsTestsPassAndTheRunEndsWithTheCount() throws {
        let result = try FloeExecutable.run(["test", "scripts/"], in: Repository.root)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let last = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasSuffix(" passed, 0 failed"), "\(result.stdout)")
        #expect((Int(last.prefix { $0.isNumber }) ?? 0) >= 10, "every *_test.lua case under scripts/ ran: \(last)")
    }

    @Test func aFailingCasePrintsItsFileLineAndMessageAndTheRunFails() throws {
        let dir = try TemporaryDirectory()
        try dir.write("sample_test.lua", """
            local counter = 0
            floe.test("passes", function()
              counter = counter + 1
              floe.expect(counter):equals(1)
            end)
            floe.test("each case starts afresh", function()
              counter = counter + 1
              floe.expect(counter):equals(1)
            end)
            floe.test("compares tables", function()
              floe.expect({ a = 1, b = { 2 } }):equals({ a = 1, b = { 3 } })
            end)
            floe.test("a plain assert", function()
              assert(1 + 1 == 3, "arithmetic")
            end)
            floe.test("deep in a helper", function()
              local function helper() error("trouble") end
              helper()
            end)
            """)
        try dir.write("plain_test.lua", "print('a scenario without cases')\n")
        try dir.write("broken_test.lua", "local x\nprint(x.y)\n")
        try dir.write("syntax_test.lua", "local x = 1\nx = = 2\n")
        try dir.write("not-a-test.lua", "error('folders run only *_test.lua files')\n")
        let result = try FloeExecutable.run(["test", "."], in: dir.url)
        #expect(result.status == 1)
        #expect(result.stdout == """
            broken_test.lua:2: attempt to index a nil value (local 'x')
            a scenario without cases
            sample_test.lua:11: compares tables: expected { a = 1, b = { 3 } }, got { a = 1, b = { 2 } }
            sample_test.lua:14: a plain assert: arithmetic
            sample_test.lua:17: deep in a helper: trouble
            syntax_test.lua:2: LuaSyntaxError: unexpected symbol near '='
            3 passed, 5 failed

            """)
    }

    @Test func aFileNamedOnTheCommandLineRunsWhateverItsName() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("scenario.lua", "floe.sleep(60)\nassert(floe.now() == 60)\n")
        let result = try FloeExecutable.run(["test", path])
        #expect(result.status == 0)
        #expect(result.stdout == "1 passed, 0 failed\n")
    }

    @Test func aPathThatIsNotThereIsAUsageMistake() throws {
        let result = try FloeExecutable.run(["test", "no/such/folder"])
        #expect(result.status == 2)
        #expect(result.stderr == "floe: cannot find 'no/such/folder': No such file or directory\n")
        #expect(result.stdout.isEmpty)
    }
}
