import Clock
import Foundation
import JobRuntime
import Lifecycle

extension LifecycleEngine {
    /// An engine for tests: the embedded backend on `clock`, `GraphLoader`'s graphs, state in a
    /// fresh folder of the process's temporary state (removed when the tests end), data-plane
    /// steps of `stepSeconds`.
    static func forTests(clock: VirtualClock, loader: GraphLoader = GraphLoader(), stepSeconds: Double? = nil) -> LifecycleEngine {
        var defaults = JobConfiguration()
        defaults.stateDirectory = try? TemporaryState.newFolder()
        if let stepSeconds { defaults.stepSeconds = stepSeconds }
        return LifecycleEngine(clock: clock, backend: EmbeddedJobBackend(clock: clock), codeLoader: loader, jobDefaults: defaults)
    }

    /// CreateApplication with test defaults (FLINK-1_20, a dummy role).
    @discardableResult
    func createForTests(_ name: String, _ configuration: ApplicationConfiguration,
                        runtime: String = "FLINK-1_20") throws(LifecycleError) -> Application {
        try createApplication(CreateApplicationRequest(name: name, runtime: runtime, serviceExecutionRole: "arn:aws:iam::1:role/r",
                                                       configuration: configuration))
    }
}
