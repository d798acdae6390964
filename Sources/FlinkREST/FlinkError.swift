/// What went wrong talking to a Flink cluster, in words that name the cluster and the call:
/// "the Flink cluster at http://127.0.0.1:8091 did not answer GET /overview: Could not
/// connect to the server", or Flink's own message for a refused request.
public struct FlinkError: Error, CustomStringConvertible, Equatable {
    public let message: String
    /// The cluster was named wrongly (not a URL, not `local`), rather than failed to answer.
    public let isBadArgument: Bool

    public init(_ message: String, badArgument: Bool = false) {
        self.message = message
        isBadArgument = badArgument
    }

    public var description: String { message }
}
