import Foundation
import JobRuntime
import Lifecycle

/// One HTTP request as the control thread sees it, and its answer.
struct WireRequest: Sendable {
    let method: String
    let path: String
    let headers: [(name: String, value: String)]
    let body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

struct WireResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    static func json(_ status: Int, _ value: Value, contentType: String = AWSJSON.contentType) -> WireResponse {
        WireResponse(status: status, headers: [("Content-Type", contentType)], body: JSONValue.text(value))
    }
}

/// The service's wire protocol, AWS JSON 1.1: `POST /` with
/// `X-Amz-Target: KinesisAnalytics_20180523.<Operation>` and a JSON object; 200 with the
/// response object, or 400 with `__type` and `message` (and `x-amzn-ErrorType`) as
/// botocore's JSON parser reads them.
enum AWSJSON {
    static let contentType = "application/x-amz-json-1.1"
    static let targetPrefix = "KinesisAnalytics_20180523."

    /// The services a target may name: the API itself, and CloudWatch Logs (its log streams).
    enum Service: String {
        case kinesisAnalytics = "KinesisAnalytics_20180523."
        case logs = "Logs_20140328."
    }

    /// The answer to a request for a service, `call` running its operation.
    static func answer(_ request: WireRequest, cache: DescribeCache? = nil,
                       call: (Service, String, Value) throws(LifecycleError) -> Value) -> WireResponse {
        guard request.method == "POST", request.path == "/" || request.path.hasPrefix("/?") else {
            return error(404, "UnknownOperationException", "\(request.method) \(request.path) is not an operation: the service takes POST /")
        }
        guard let target = request.header("X-Amz-Target"), let dot = target.lastIndex(of: "."),
              let service = Service(rawValue: String(target[...dot])) else {
            return error(400, "UnknownOperationException", "X-Amz-Target must name an operation of \(targetPrefix.dropLast()) (or of CloudWatch Logs' reading calls) (got \(request.header("X-Amz-Target") ?? "none"))")
        }
        let operation = String(target[target.index(after: dot)...])
        guard service == .logs || ServiceAPI.operations.contains(where: { $0.name == operation }) else {
            return error(400, "UnknownOperationException", "\(target) is not an operation of kinesisanalyticsv2")
        }
        let type = request.header("Content-Type")?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) }
        guard type == contentType || type == "application/json" else {
            return error(400, "SerializationException", "Content-Type must be \(contentType) (got \(type ?? "none"))")
        }
        let input: Value
        do throws(JSONValue.Malformed) {
            input = try JSONValue.request(request.body)
        } catch {
            return AWSJSON.error(400, "SerializationException", error.reason)
        }
        func make() -> WireResponse {
            do throws(LifecycleError) {
                return .json(200, try call(service, operation, input))
            } catch {
                // A request that does not fit the operation's shape is refused as the service's
                // InvalidArgumentException (boto3 checks shapes itself before it sends).
                let code = error.code == .paramValidation ? LifecycleError.Code.invalidArgument : error.code
                return AWSJSON.error(400, code.rawValue, error.message)
            }
        }
        return cache?.answer(service, operation, input, make: make) ?? make()
    }

    static func error(_ status: Int, _ code: String, _ message: String) -> WireResponse {
        var response = WireResponse.json(status, .map(["__type": .string(code), "message": .string(message)]))
        response.headers.append(("x-amzn-ErrorType", code))
        return response
    }
}
