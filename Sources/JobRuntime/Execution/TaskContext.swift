/// What a user function learns about the subtask it is instantiated for, and a place to
/// keep what several functions of that subtask share (a Lua state, for job scripts). It
/// belongs to one subtask attempt and is used only on that subtask's thread.
public final class TaskContext {
    public let subtask: Int
    public let parallelism: Int
    public let attempt: Int
    /// Flink's task name: "Source: sequence -> Map (1/2)".
    public let taskName: String
    private var resources: [String: AnyObject] = [:]
    private var closers: [() -> Void] = []

    init(subtask: Int, parallelism: Int, attempt: Int, taskName: String) {
        self.subtask = subtask
        self.parallelism = parallelism
        self.attempt = attempt
        self.taskName = taskName
    }

    /// The shared object under `key`, made by `make` the first time it is asked for.
    public func resource<T: AnyObject>(_ key: String, make: () throws(JobError) -> T) throws(JobError) -> T {
        if let existing = resources[key] as? T { return existing }
        let made = try make()
        resources[key] = made
        return made
    }

    /// Runs `body` when the subtask closes, after its operators have closed.
    public func onClose(_ body: @escaping () -> Void) { closers.append(body) }

    func close() {
        for closer in closers.reversed() { closer() }
        closers.removeAll()
        resources.removeAll()
    }
}
