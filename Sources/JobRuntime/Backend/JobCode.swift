/// What a backend runs: one of floe's job graphs (a job script's, built in process), or a
/// jar, which only a Flink cluster runs.
public enum JobCode: Sendable {
    case graph(JobGraph)
    case jar(JarProgram)

    /// The job's name, as the backend reports it.
    public var name: String {
        switch self {
        case .graph(let graph): graph.name
        case .jar(let jar): jar.name
        }
    }
}

/// A jar and how it starts: its entry class (nil: the manifest's `Main-Class`), its
/// program arguments, its parallelism, and the application's runtime properties (property
/// group → key → value), which the backend hands to the job as the service does.
public struct JarProgram: Sendable, Equatable {
    public var path: String
    public var entryClass: String?
    public var arguments: [String]
    public var parallelism: Int
    public var properties: [String: [String: String]]

    public init(path: String, entryClass: String? = nil, arguments: [String] = [], parallelism: Int = 1,
                properties: [String: [String: String]] = [:]) {
        self.path = path
        self.entryClass = entryClass
        self.arguments = arguments
        self.parallelism = parallelism
        self.properties = properties
    }

    /// The service's property group for how the code runs, and the keys floe reads in it:
    /// `class`, the entry class (floe's: Flink's `--class`; the service reads the manifest);
    /// `python`, a PyFlink program's main file.
    public static let runOptionsGroup = "kinesis.analytics.flink.run.options"

    /// The file's name without `.jar`.
    public var name: String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.hasSuffix(".jar") ? String(file.dropLast(4)) : file
    }
}

/// What a backend can do beyond the protocol every backend implements.
public enum BackendCapability: Sendable, Hashable {
    /// Faults injected into a task, a TaskManager or a checkpoint (`job:inject`, the
    /// service's maintenance as the embedded runtime models it).
    case faultInjection
    /// Time that moves only when floe moves it: the virtual clock's deterministic steps.
    case deterministicSteps
}
