/// What went wrong talking to a Flink cluster, in words that name the cluster and the call:
/// "the Flink cluster at http://127.0.0.1:8091 did not answer GET /overview: Could not
/// connect to the server", or Flink's own message for a refused request.
public struct FlinkError: Error, CustomStringConvertible, Equatable {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
