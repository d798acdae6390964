import FloeTestSupport
import LuaHost
import Testing

@Suite struct InteractiveTests {
    @Test func anExpressionLinePrintsItsValues() throws {
        let runtime = try makeRuntime()
        #expect(try runtime.evaluateInteractive("1 + 1, 'two'") == .done)
        #expect(try runtime.evaluateInteractive("x = 3") == .done)
        #expect(try runtime.evaluateInteractive("x") == .done)
        #expect(try runtime.printedLines() == ["2\ttwo", "3"])
    }

    @Test func onATerminalResultsAreShownPretty() throws {
        let runtime = try makeRuntime()
        runtime.showResultsPretty(width: 30)
        #expect(try runtime.evaluateInteractive("{ b = 2, a = 1, 'x' }, 'text', 3") == .done)
        #expect(try runtime.evaluateInteractive("{ first = 'a fairly long string', second = 'another one' }") == .done)
        #expect(try runtime.printedLines() == ["{ \"x\", a = 1, b = 2 }\t\"text\"\t3",
                                               "{\n  first = \"a fairly long string\",\n  second = \"another one\"\n}"])
    }

    @Test func anUnfinishedStatementAsksForMore() throws {
        let runtime = try makeRuntime()
        #expect(try runtime.evaluateInteractive("function f(x)") == .incomplete)
        #expect(try runtime.evaluateInteractive("function f(x)\nreturn x*2") == .incomplete)
        #expect(try runtime.evaluateInteractive("function f(x)\nreturn x*2\nend") == .done)
        #expect(try runtime.evaluateInteractive("f(21)") == .done)
        #expect(try runtime.printedLines() == ["42"])
    }

    @Test func errorsAtThePromptAreThrownAndTheStateGoesOn() throws {
        let runtime = try makeRuntime()
        #expect(throws: FloeError.self) { try runtime.evaluateInteractive("x = = 1") }
        #expect(throws: FloeError.self) { try runtime.evaluateInteractive("error('boom')") }
        #expect(try runtime.evaluateInteractive("'still here'") == .done)
        #expect(try runtime.printedLines() == ["still here"])
    }

    @Test func chunksLoadAsTextOnly() throws {
        let runtime = try makeRuntime()
        let error = runtime.failure(String(decoding: [0x1B] + Array("Lua".utf8), as: UTF8.self))
        #expect(error?.code == FloeError.Code.syntaxError)
        #expect(error?.message.contains("attempt to load a binary chunk") == true)
    }
}

@Suite struct CompletionTests {
    @Test func tabOffersGlobalsFieldsMethodsAndApplicationNames() throws {
        let runtime = try makeRuntime()
        #expect(runtime.completions(for: "flo", inString: false) == ["floe"])
        #expect(runtime.completions(for: "wh", inString: false) == ["while"])
        #expect(runtime.completions(for: "floe.create", inString: false) == ["floe.create_application"])
        #expect(runtime.completions(for: "string.fo", inString: false) == ["string.format"])
        #expect(runtime.completions(for: "string:up", inString: false) == ["string:upper"])
        let job = Repository.path("scripts/jobs/running-sums.lua")
        _ = try runtime.run("""
            app = floe.create_application{ name = "orders", code = "\(job)" }
            floe.create_application{ name = "orchard", code = "\(job)" }
            """)
        #expect(runtime.completions(for: "app:st", inString: false) == ["app:start", "app:stop"])
        #expect(runtime.completions(for: "app.ver", inString: false) == ["app.version", "app.versions"])
        #expect(runtime.completions(for: "or", inString: true) == ["orchard", "orders"])
        #expect(runtime.completions(for: "nothing.here.", inString: false).isEmpty)
        #expect(runtime.completions(for: "floe.(", inString: false).isEmpty)
    }
}
