import LuaHost
import Testing

@Suite struct ModuleTests {
    @Test func floeIsAGlobalAndWhatRequireReturns() throws {
        let runtime = try makeRuntime()
        #expect(try runtime.value("return require('floe') == floe") == true)
        #expect(try runtime.value("return floe.version") == .string(LuaRuntime.floeVersion))
    }

    @Test func theHostAddsOnlyFloeToTheGlobals() throws {
        let runtime = try LuaRuntime()
        let names = try runtime.value("""
            local names = {}
            for k in pairs(_G) do names[#names + 1] = k end
            table.sort(names)
            return table.concat(names, " ")
            """)
        let standard = "_G _VERSION assert collectgarbage coroutine debug dofile error getmetatable io ipairs load "
            + "loadfile math next os package pairs pcall print rawequal rawget rawlen rawset require select "
            + "setmetatable string table tonumber tostring type utf8 warn xpcall"
        let expected = (standard.split(separator: " ").map(String.init) + ["floe"]).sorted().joined(separator: " ")
        #expect(names == .string(expected))
    }

    @Test func sleepMovesVirtualTimeAndRunsTheEventsOnTheWay() throws {
        let runtime = try makeRuntime()
        var firedAt: [Double] = []
        runtime.clock.schedule(after: 600) { firedAt.append(runtime.clock.now.seconds) }
        runtime.clock.schedule(after: 7200) { firedAt.append(runtime.clock.now.seconds) }
        #expect(try runtime.value("floe.sleep(3600) return floe.now()") == .number(3600))
        #expect(firedAt == [600])
        try runtime.run("floe.sleep(3600.5)")
        #expect(firedAt == [600, 7200])
        #expect(runtime.clock.now.seconds == 7200.5)
    }

    @Test func sleepRefusesNonsense() throws {
        let runtime = try makeRuntime()
        #expect(runtime.failure("floe.sleep('soon')")?.message == "bad argument #1 to 'sleep' (number expected, got string)")
        #expect(runtime.failure("floe.sleep(-1)")?.message == "bad argument #1 to 'sleep' (non-negative number of seconds expected, got -1)")
        #expect(runtime.failure("floe.sleep(0/0)")?.code == FloeError.Code.badArgument)
        #expect(runtime.failure("floe.sleep()")?.message == "bad argument #1 to 'sleep' (number expected, got no value)")
    }

    @Test func theSeedMakesMathRandomRepeatable() throws {
        let first = try LuaRuntime(options: { var o = HostOptions(); o.seed = 99; return o }())
        let second = try LuaRuntime(options: { var o = HostOptions(); o.seed = 99; return o }())
        let draw = "local t = {} for i = 1, 20 do t[i] = math.random(1000) end return table.concat(t, ',')"
        #expect(try first.value(draw) == second.value(draw))
        #expect(try first.value("return floe.seed()") == 99)
        try first.run("floe.seed(5)")
        try second.run("floe.seed(5)")
        #expect(try first.value(draw) == second.value(draw))
        #expect(try first.value("return floe.seed()") == 5)
        #expect(first.random.seed == 5)
        #expect(first.failure("floe.seed('x')")?.message == "bad argument #1 to 'seed' (number expected, got string)")
    }
}

@Suite struct ConversionTests {
    @Test func nestedTablesComeIntoSwiftWhole() throws {
        let runtime = try makeRuntime()
        let value = try runtime.value("return {name = 'orders', groups = {input = {path = 'a.csv', sizes = {1, 2.5}}}, 'first'}")
        var sizes = LuaTable(sequence: [1, 2.5])
        var input = LuaTable()
        input["path"] = "a.csv"
        input["sizes"] = .table(sizes)
        var groups = LuaTable()
        groups["input"] = .table(input)
        var expected = LuaTable(sequence: ["first"])
        expected["name"] = "orders"
        expected["groups"] = .table(groups)
        #expect(value == .table(expected))
        sizes = LuaTable()
        _ = sizes
    }
}
