import FloeTestSupport
import Foundation
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

/// Where each method and function may run is declared with it, and the reference shows the
/// same (issue 12, finding 5: a method left off a list was open to every phase).
@Suite struct PhaseMatrixTests {
    static let begin = "<!-- phase matrix: made from the declarations (PhaseMatrix); PhaseMatrixTests checks it -->\n"
    static let end = "<!-- end of the phase matrix -->"

    @Test func theReferenceShowsThePhaseMatrixOfTheDeclarations() throws {
        let reference = try String(contentsOfFile: Repository.path("Sources/LuaHost/SCRIPTING.md"), encoding: .utf8)
        let shown = reference.components(separatedBy: Self.begin).dropFirst().first?.components(separatedBy: Self.end).first
        print(PhaseMatrix.markdown)
        #expect(shown == PhaseMatrix.markdown, "SCRIPTING.md's phase matrix is not the declarations'; it should read:\n\(PhaseMatrix.markdown)")
        // Acting methods are the script's alone.
        for acting in ["app:start", "app:stop", "app:update", "app:rollback", "app:delete", "app:wait", "app:inject",
                       "job:cancel", "job:wait", "job:inject", "job:rescale", "floe.sleep", "floe.create_application"] {
            #expect(PhaseMatrix.rows.first { $0.name == acting }?.phases == .script, "\(acting)")
        }
    }

    /// Every method and every Swift function of the module, called in every phase: refused
    /// with NotAllowed exactly where the matrix has no "yes".
    @Test func everyMethodAndFunctionIsRefusedExactlyOutsideItsPhases() throws {
        let runtime = try makeRuntime()
        try runtime.run("""
            app = floe.create_application{ name = "p", code = '\(PolicyTests.busy)', properties = { load = { rate = "1", cost = "0.001" } } }
            job = floe.job{ code = '\(PolicyTests.busy)', properties = { load = { rate = "1", cost = "0.001" } } }
            """)
        for row in PhaseMatrix.rows where !row.name.hasPrefix("floe.aws") {
            guard !row.definedInLua else { continue }  // what it calls decides
            let call = row.name + "()"
            for (phase, column) in PhaseMatrix.columns where phase != .script {
                let error = runtime.withPhase(phase) { runtime.failure(call) }
                if row.phases.contains(phase) {
                    #expect(error?.code != FloeError.Code.notAllowed, "\(row.name) in \(column): \(error?.message ?? "")")
                } else {
                    #expect(error?.code == FloeError.Code.notAllowed, "\(row.name) in \(column): \(error?.description ?? "it ran")")
                }
            }
        }
    }

    @Test func handlesOfTheSameApplicationOrJobAreEqualWhereverTheyWereMade() throws {
        let runtime = try makeRuntime()
        try runtime.run("""
            local app = floe.create_application{ name = "e", code = '\(PolicyTests.busy)', properties = { load = { rate = "1", cost = "0.001" } } }
            local other = floe.create_application{ name = "o", code = '\(PolicyTests.busy)', properties = { load = { rate = "1", cost = "0.001" } } }
            app:start() app:wait("RUNNING")
            local seen = {}
            floe.policy.autoscaling(function(a, m) seen[#seen + 1] = (a == app) and (a ~= other) end)
            floe.sleep(120)
            assert(#seen >= 1)
            for _, same in ipairs(seen) do assert(same, "inside a policy, app == orders was false") end
            assert(app.job == app.job)
            app:delete() app:wait("DELETED")
            local again = floe.create_application{ name = "e", code = '\(PolicyTests.busy)', properties = { load = { rate = "1", cost = "0.001" } } }
            assert(again ~= app, "a new application of the same name is another application")
            """)
    }
}
