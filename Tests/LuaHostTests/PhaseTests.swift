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

    @Test func eachFunctionRunsInExactlyItsPhases() throws {
        let runtime = try makeRuntime()
        for phase in [Phase.script, .policy, .jobBuild, .hook] {
            #expect(try runtime.withPhase(phase) { try runtime.value("return floe.now()") } == .number(0))
        }
        // Inside a task a record's time is its timestamp; the control plane's clock is not its business.
        #expect(runtime.withPhase(.task) { runtime.failure("return floe.now()") }?.message == "'now' is not allowed inside a running task")
        #expect(runtime.withPhase(.policy) { runtime.failure("floe.job{code = 'x.lua'}") }?.message == "'job' is not allowed inside a policy")
        #expect(try runtime.withPhase(.task) { try runtime.value("return floe.seed()") } == 0)
    }
}
