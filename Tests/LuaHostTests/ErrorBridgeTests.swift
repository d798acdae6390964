import LuaHost
import Testing

@Suite struct ErrorBridgeTests {
    @Test func aSwiftErrorReachesLuaAsAFloeErrorThatPcallCatches() throws {
        let runtime = try makeRuntime()
        runtime.setGlobalFunction(LuaFunction("fail", doc: "throws") { call in
            throw FloeError(code: try call.string(1), message: try call.string(2))
        })
        try runtime.run("""
            local ok, err = pcall(fail, "ResourceInUseException", "Application orders is in STARTING")
            assert(not ok)
            print(err.code)
            print(err.message)
            print(tostring(err))
            print(getmetatable(err).__name)
            """, name: "@scenario.lua")
        #expect(try runtime.printedLines() == [
            "ResourceInUseException", "Application orders is in STARTING",
            "ResourceInUseException: Application orders is in STARTING", "floe.Error",
        ])
    }

    @Test func aFloeErrorNamesTheLuaLineThatCalledSwift() throws {
        let runtime = try makeRuntime()
        runtime.setGlobalFunction(LuaFunction("fail", doc: "throws") { _ in
            throw FloeError(code: "ResourceNotFoundException", message: "no such application")
        })
        let error = runtime.failure("local x = 1\nfail()")
        #expect(error?.code == "ResourceNotFoundException")
        #expect(error?.message == "no such application")
        #expect(error?.location == "(host):2: ")
        #expect(error?.traceback?.hasPrefix("stack traceback:") == true)
        #expect(try runtime.value("local ok, e = pcall(function() fail() end) return e.where") == "(host):1: ")
        // Called straight from pcall (a C function) there is no Lua line to name, as with luaL_error.
        #expect(try runtime.value("local ok, e = pcall(fail) return e.where") == "")
    }

    @Test func aFloeErrorRethrownInLuaKeepsItsCodeOnTheWayBackToSwift() throws {
        let runtime = try makeRuntime()
        runtime.setGlobalFunction(LuaFunction("fail", doc: "throws") { _ in
            throw FloeError(code: "ConcurrentModificationException", message: "stale version")
        })
        let error = runtime.failure("local ok, e = pcall(fail) error(e)")
        #expect(error?.code == "ConcurrentModificationException")
        #expect(error?.description == "ConcurrentModificationException: stale version")
    }

    @Test func aLuaErrorReachesSwiftWithItsMessageAndTraceback() throws {
        let runtime = try makeRuntime()
        let error = runtime.failure("local function f() error('boom') end\nf()")
        #expect(error?.code == FloeError.Code.luaError)
        #expect(error?.message == "(host):1: boom")
        #expect(error?.traceback?.contains("in local 'f'") == true)
        #expect(error?.traceback?.contains("(host):2: in main chunk") == true)
    }

    @Test func errorValuesThatAreNotStringsAreDescribed() throws {
        let runtime = try makeRuntime()
        #expect(runtime.failure("error({})")?.message == "(error object is a table value)")
        #expect(runtime.failure("error(nil)")?.message == "(error object is a nil value)")
        #expect(runtime.failure("error(42)")?.message == "42")
        #expect(runtime.failure("error(setmetatable({}, {__tostring = function() return 'custom' end}))")?.message == "custom")
        let broken = runtime.failure("error(setmetatable({}, {__tostring = function() error('inner', 0) end}))")
        #expect(broken?.message == "(error object is a table value whose __tostring failed: inner)")
    }

    @Test func syntaxErrorsHaveTheirOwnCode() throws {
        let runtime = try makeRuntime()
        let error = runtime.failure("x = = 1")
        #expect(error?.code == FloeError.Code.syntaxError)
        #expect(error?.message == "(host):1: unexpected symbol near '='")
        #expect(error?.traceback == nil)
    }

    @Test func argumentMistakesReadLikeLuasOwn() throws {
        let runtime = try makeRuntime()
        runtime.setGlobalFunction(LuaFunction("want", doc: "wants an integer and a table") { call in
            _ = try call.integer(1)
            _ = try call.table(2)
            return 0
        })
        #expect(runtime.failure("want('x')")?.message == "bad argument #1 to 'want' (number expected, got string)")
        #expect(runtime.failure("want(1.5)")?.message == "bad argument #1 to 'want' (number has no integer representation)")
        #expect(runtime.failure("want(1, 2)")?.message == "bad argument #2 to 'want' (table expected, got number)")
        #expect(runtime.failure("local t = {} t.t = t want(1, t)")?.message
                == "bad argument #2 to 'want' (a table that contains itself cannot be carried into the host)")
        #expect(runtime.failure("want(1, {print})")?.message
                == "bad argument #2 to 'want' (a function value cannot be carried into the host)")
        #expect(runtime.failure("want(1, {})") == nil)
        #expect(runtime.failure("want(1, {a = {b = {c = 1, 'x'}}, {2, {3}}})") == nil)
    }

    @Test func aMillionSwiftErrorsCaughtByPcallLeaveMemoryFlat() throws {
        let runtime = try makeRuntime()
        runtime.setGlobalFunction(LuaFunction("fail", doc: "throws") { _ in
            throw FloeError(code: "InvalidArgumentException", message: "no")
        })
        let loop = "for i = 1, 250000 do local ok, e = pcall(fail) assert(e.code == 'InvalidArgumentException') end collectgarbage() collectgarbage()"
        try runtime.run(loop)  // warm up: the first round settles Lua's and Swift's caches
        let luaBefore = runtime.memoryInUse
        for _ in 0..<4 { try runtime.run(loop) }  // a million raises
        // The process's resident set is checked in its own process (FloeCLITests), where
        // no other test allocates beside it.
        #expect(runtime.memoryInUse <= luaBefore + 16 * 1024)
    }
}
