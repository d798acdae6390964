import JobRuntime
import Lifecycle

/// DescribeApplication's answer, kept per application until the application changes: a
/// pipeline polls it far more often than anything changes, and its 2 KB of JSON is most of
/// what a poll costs. An answer is reused only while the application's `revision` (bumped by
/// every change to what the answer shows), its generation and the service epoch (which the
/// timestamps count from) are the ones it was made at, and only for the plain request
/// (`ApplicationName`, no `IncludeAdditionalDetails`, whose answer holds the job's).
final class DescribeCache {
    private struct Made: Equatable {
        let generation: Int
        let revision: Int
        let epoch: Double
    }
    private var answers: [String: (made: Made, response: WireResponse)] = [:]
    private let engine: () -> LifecycleEngine
    private let epoch: () -> Double

    init(engine: @escaping () -> LifecycleEngine, epoch: @escaping () -> Double) {
        self.engine = engine
        self.epoch = epoch
    }

    /// The answer to `input`, reused when it may be, else made by `make` (and kept when it
    /// is a success).
    func answer(_ service: AWSJSON.Service, _ operation: String, _ input: Value, make: () -> WireResponse) -> WireResponse {
        guard service == .kinesisAnalytics, operation == "DescribeApplication", case .map(let members) = input,
              members.keys.allSatisfy({ $0 == "ApplicationName" }), case .string(let name)? = members["ApplicationName"],
              let app = engine().applicationsByName[name] else { return make() }
        let made = Made(generation: app.generation, revision: app.revision, epoch: epoch())
        if let kept = answers[name], kept.made == made { return kept.response }
        let response = make()
        if response.status == 200 { answers[name] = (made, response) } else { answers[name] = nil }
        return response
    }
}
