/// What the job runtime reports when something is wrong with a job: a code (Flink's
/// exception name where Flink has one) and a message naming the operator or file.
public struct JobError: Error, Equatable, Sendable, CustomStringConvertible {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    public enum Code {
        /// The graph cannot run as built (no sink, bad parallelism, an aggregation on an unkeyed stream).
        public static let invalidGraph = "InvalidJobGraph"
        /// A user function raised an error or returned something it may not.
        public static let userFunction = "UserFunctionException"
        /// A record an operator cannot handle (`sum` of a string).
        public static let badRecord = "RecordTypeException"
        /// A source that cannot read its input.
        public static let source = "SourceException"
        /// A sink that cannot write its output.
        public static let sink = "SinkException"
        /// A fault injected on purpose.
        public static let injected = "InjectedFailure"
        /// A backend asked for what it cannot do: code it cannot run, a capability it lacks.
        public static let unsupported = "UnsupportedOperation"
        /// A cluster that refused a request or did not answer it.
        public static let cluster = "ClusterException"
    }

    public static func invalidGraph(_ message: String) -> JobError { JobError(code: Code.invalidGraph, message: message) }
}
