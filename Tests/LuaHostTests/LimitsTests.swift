import LuaHost
import Testing

@Suite struct LimitsTests {
    func limited(instructions: Int? = 1_000_000, memory: Int? = nil) throws -> LuaRuntime {
        try makeRuntime { $0.limits = LuaLimits(memoryBytes: memory, instructions: instructions) }
    }

    @Test func aRunawayLoopIsStopped() throws {
        let runtime = try limited()
        let error = runtime.failure("while true do end")
        #expect(error?.code == FloeError.Code.instructionLimit)
        #expect(error?.message == "instruction limit of 1000000 exceeded")
    }

    @Test func aRunawayLoopIsStoppedEvenInsidePcall() throws {
        let runtime = try limited()
        let error = runtime.failure("""
            while true do
              pcall(function() while true do end end)
              pcall(error, "swallow me")
            end
            """)
        #expect(error?.code == FloeError.Code.instructionLimit)
    }

    @Test func aRunawayLoopIsStoppedInsideACoroutine() throws {
        let runtime = try limited()
        #expect(runtime.failure("coroutine.wrap(function() while true do end end)()")?.code == FloeError.Code.instructionLimit)
        let error = runtime.failure("""
            local co = coroutine.create(function() while true do end end)
            while true do coroutine.resume(co) end
            """)
        #expect(error?.code == FloeError.Code.instructionLimit)
    }

    @Test func theBudgetIsPerTopLevelCallAndTheStateGoesOn() throws {
        let runtime = try limited(instructions: 200_000)
        for _ in 0..<3 {
            #expect(runtime.failure("while true do end")?.code == FloeError.Code.instructionLimit)
            #expect(try runtime.value("local s = 0 for i = 1, 1000 do s = s + i end return s") == 500500)
        }
    }

    @Test func withoutALimitLongLoopsFinish() throws {
        let runtime = try limited(instructions: nil)
        #expect(try runtime.value("local s = 0 for i = 1, 3000000 do s = s + 1 end return s") == 3_000_000)
    }

    @Test func anInterruptStopsRunningCode() throws {
        let runtime = try limited(instructions: nil)
        runtime.setGlobalFunction(LuaFunction("ctrl_c", doc: "as if Ctrl-C were pressed") { call in
            call.runtime.interrupt()
            return 0
        })
        let error = runtime.failure("ctrl_c() while true do pcall(function() while true do end end) end")
        #expect(error?.code == FloeError.Code.interrupted)
        #expect(try runtime.value("return 1") == 1)
    }

    @Test func theMemoryCapRefusesGrowthAndTheStateGoesOn() throws {
        let runtime = try limited(instructions: nil, memory: 4 << 20)
        let error = runtime.failure("local t = {} for i = 1, 1e8 do t[i] = i end")
        #expect(error?.code == FloeError.Code.memoryLimit)
        #expect(error?.message == "memory limit of 4194304 bytes exceeded")
        #expect(runtime.failure("local s = string.rep('x', 64 << 20)")?.code == FloeError.Code.memoryLimit)
        #expect(runtime.failure("local ok = pcall(string.rep, 'x', 64 << 20) return ok") == nil)
        #expect(try runtime.value("collectgarbage() return #string.rep('x', 1000)") == 1000)
        #expect(runtime.memoryPeak <= 4 << 20)
    }

    @Test func aHugeChunkUnderTheCapFailsToLoadCleanly() throws {
        let runtime = try limited(instructions: nil, memory: 2 << 20)
        let huge = "return {" + String(repeating: "'abcdefghij',", count: 400_000) + "}"
        #expect(runtime.failure(huge)?.code == FloeError.Code.memoryLimit)
        #expect(try runtime.value("return 2") == 2)
    }
}
