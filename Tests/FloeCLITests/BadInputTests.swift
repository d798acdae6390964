import FloeTestSupport
import Foundation
import Testing

/// Broken scripts of every kind: a clear message and the right exit status, never a crash
/// or a hang.
@Suite struct BadInputTests {
    func run(script contents: Data, named name: String = "bad.lua") throws -> (FloeExecutable.Result, String) {
        let dir = try TemporaryDirectory()
        let path = try dir.write(name, contents)
        return (try FloeExecutable.run([path]), path)
    }

    func run(script contents: String) throws -> (FloeExecutable.Result, String) {
        try run(script: Data(contents.utf8))
    }

    @Test func aSyntaxError() throws {
        let (result, path) = try run(script: "x = = 1")
        #expect(result.status == 1)
        #expect(result.stderr == "floe: \(path):1: unexpected symbol near '='\n")
    }

    @Test func aRuntimeError() throws {
        let (result, path) = try run(script: "local t = nil\nprint(t.x)")
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("floe: \(path):2: attempt to index a nil value (local 't')\nstack traceback:"))
    }

    @Test func aMissingFile() throws {
        let result = try FloeExecutable.run(["/nonexistent/nothing.lua"])
        #expect(result.status == 1)
        #expect(result.stderr == "floe: cannot open /nonexistent/nothing.lua: No such file or directory\n")
    }

    @Test func anUnreadableFile() throws {
        let dir = try TemporaryDirectory()
        let result = try FloeExecutable.run([dir.url.path])
        #expect(result.status == 1)
        #expect(result.stderr == "floe: cannot read \(dir.url.path): Is a directory\n")
    }

    @Test func aNonUTF8Byte() throws {
        let (result, path) = try run(script: Data("print('ok')\n".utf8) + Data([0xFF, 0x0A]))
        #expect(result.status == 1)
        #expect(result.stderr == "floe: \(path):2: unexpected symbol near '<\\255>'\n")
        // Inside a string the byte is data, and goes through untouched.
        let (inString, _) = try run(script: Data("io.write('a".utf8) + Data([0xFF]) + Data("b')".utf8))
        #expect(inString.status == 0)
    }

    @Test func aHugeScript() throws {
        var source = "local n = 0\n"
        for i in 0..<200_000 { source += "n = n + \(i % 7)\n" }
        source += "print(n)\n"
        let (result, _) = try run(script: source)
        #expect(result.status == 0)
        #expect(result.stdout == "599994\n")
    }

    @Test func errorObjectsThatAreNotStrings() throws {
        let (table, _) = try run(script: "error({code = 1})")
        #expect(table.status == 1)
        #expect(table.stderr.hasPrefix("floe: (error object is a table value)\nstack traceback:"))
        let (nothing, _) = try run(script: "error()")
        #expect(nothing.stderr.hasPrefix("floe: (error object is a nil value)\n"))
    }

    @Test func anErrorInsideTostring() throws {
        let (result, path) = try run(script: "error(setmetatable({}, {__tostring = function() error('tostring broke') end}))")
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("floe: (error object is a table value whose __tostring failed: \(path):1: tostring broke)\n"))
        let (printing, _) = try run(script: "print(setmetatable({}, {__tostring = function() error('no') end}))")
        #expect(printing.status == 1)
        #expect(printing.stderr.contains(":1: no\nstack traceback:"))
    }

    @Test func anErrorInsideGc() throws {
        let (result, path) = try run(script: """
            setmetatable({}, {__gc = function() error('gc broke') end})
            collectgarbage()
            print('went on')
            setmetatable({}, {__gc = function() error('at exit') end})
            """)
        #expect(result.status == 0)
        #expect(result.stdout == "went on\n")
        #expect(result.stderr == "Lua warning: error in __gc (\(path):1: gc broke)\nLua warning: error in __gc (\(path):4: at exit)\n")
    }

    @Test func aBinaryChunkIsRefused() throws {
        let (result, _) = try run(script: Data([0x1B]) + Data("LuaT\0".utf8))
        #expect(result.status == 1)
        #expect(result.stderr.contains("attempt to load a binary chunk (mode is 't')"))
    }
}
