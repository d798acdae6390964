import LuaHost
import Testing

@Suite struct PhaseTests {
    @Test func aFunctionCalledOutsideItsPhasesIsRefusedByName() throws {
        let runtime = try makeRuntime()
        let error = runtime.withPhase(.policy) { runtime.failure("floe.sleep(1)") }
        #expect(error?.code == FloeError.Code.notAllowed)
        #expect(error?.message == "'sleep' is not allowed inside a policy")
        #expect(runtime.phase == .script)
        #expect(try runtime.value("floe.sleep(1) return floe.now()") == .number(1))
    }

    @Test func functionsForEveryPhaseRunEverywhere() throws {
        let runtime = try makeRuntime()
        for phase in [Phase.script, .policy, .jobBuild, .task, .hook] {
            #expect(try runtime.withPhase(phase) { try runtime.value("return floe.now()") } == .number(0))
        }
    }
}
