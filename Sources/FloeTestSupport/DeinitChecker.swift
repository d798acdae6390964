import Synchronization

/// Counts the live objects it made, to prove that userdata release the Swift objects they
/// box (LuaSwift's `DeinitChecker`). One tracker per test, so parallel tests do not mix.
public final class DeinitTracker: Sendable {
    private let live = Atomic<Int>(0)

    public init() {}

    /// How many objects made by this tracker are still alive.
    public var liveCount: Int { live.load(ordering: .relaxed) }

    public func make(_ label: String) -> Probe { Probe(label, tracker: self) }

    /// An object that tells its tracker when it goes.
    public final class Probe: Sendable {
        public let label: String
        let tracker: DeinitTracker

        init(_ label: String, tracker: DeinitTracker) {
            self.label = label
            self.tracker = tracker
            tracker.live.add(1, ordering: .relaxed)
        }

        deinit { tracker.live.subtract(1, ordering: .relaxed) }
    }
}
