import JobRuntime
import Synchronization

/// One operation of the service API: its name, what it takes, and what it does.
public struct APIOperation: Sendable {
    /// The API's name: `CreateApplication`.
    public let name: String
    /// One line for the reference.
    public let doc: String
    /// What it takes, built when first asked for: every start makes the 33 operations (for
    /// `floe.aws`'s names), few ever validate a request.
    public var input: APIShape { shape.value }
    private let shape: LazyShape
    /// Nil for an operation that means nothing locally (VPC, presigned URL, the SQL
    /// application operations): it fails with `UnsupportedOperationException`.
    let handler: (@Sendable (ServiceAPI, Value) throws(LifecycleError) -> Value)?
    /// boto3's name for it: `create_application`.
    public let pythonName: String

    public var isSupported: Bool { handler != nil }

    init(_ name: String, _ doc: String, input: @autoclosure @escaping @Sendable () -> APIShape,
         _ handler: (@Sendable (ServiceAPI, Value) throws(LifecycleError) -> Value)?) {
        self.name = name
        var python: [UInt8] = []
        python.reserveCapacity(name.utf8.count + 8)
        var previous = UInt8(ascii: "_")
        for c in name.utf8 {
            let upper = (65...90).contains(c)
            if upper && (97...122).contains(previous) { python.append(UInt8(ascii: "_")) }
            python.append(upper ? c + 32 : c)
            previous = c
        }
        pythonName = String(decoding: python, as: UTF8.self)
        self.doc = doc
        shape = LazyShape(input)
        self.handler = handler
    }
}

/// A request shape made once, on first use, from any thread.
private final class LazyShape: Sendable {
    private let make: @Sendable () -> APIShape
    private let made = Mutex<APIShape?>(nil)

    init(_ make: @escaping @Sendable () -> APIShape) { self.make = make }

    var value: APIShape {
        made.withLock { made in
            if let made { return made }
            let shape = make()
            made = shape
            return shape
        }
    }
}

/// The `kinesisanalyticsv2` API over a lifecycle engine: requests and responses as the
/// service shapes them (field names, ApplicationDetail, epoch-second timestamps, paging),
/// each request checked against the operation's shape first.
public final class ServiceAPI {
    public let engine: LifecycleEngine
    /// The local folder holding a bucket's objects (S3ContentLocation's BucketARN).
    public var bucketFolder: (String) -> String
    private let byName: [String: APIOperation]

    public init(engine: LifecycleEngine, bucketFolder: @escaping (String) -> String) {
        self.engine = engine
        self.bucketFolder = bucketFolder
        byName = Dictionary(uniqueKeysWithValues: ServiceAPI.operations.map { ($0.name, $0) })
    }

    /// All 33 operations of the 2018-05-23 API, in the model's order.
    public static let operations: [APIOperation] =
        (applicationOperations + historyOperations + settingsOperations + notLocalOperations).sorted { $0.name < $1.name }

    /// Runs `operation` (the API's name) on `request`.
    /// Errors: the service's, and ParamValidationError for a request that does not fit.
    public func call(_ operation: String, _ request: Value) throws(LifecycleError) -> Value {
        guard let op = byName[operation] else {
            throw LifecycleError(.invalidRequest, "kinesisanalyticsv2 has no operation \(operation).")
        }
        try ShapeValidator.validate(request, against: op.input)
        guard let handler = op.handler else {
            throw LifecycleError(.unsupportedOperation, "\(op.name) means nothing for a local Flink application; floe does not run \(ServiceAPI.notLocalReason[op.name] ?? "SQL applications (legacy Kinesis Data Analytics for SQL)").")
        }
        return try handler(self, request)
    }

    // MARK: shared by the handlers

    /// A clock time as the API's timestamp: epoch seconds.
    func timestamp(_ seconds: Double) -> Value { .double(engine.settings.epoch + seconds) }

    /// A timestamp from a request, as clock seconds.
    func clockSeconds(_ value: Value) -> Double? { value.double.map { $0 - engine.settings.epoch } }

    func application(_ request: Value) throws(LifecycleError) -> Application {
        try engine.application(request["ApplicationName"].string ?? "")
    }

    /// A list response: one page of `items` as `member`, and `NextToken` when more follow.
    func pagedResponse<T>(_ member: String, _ items: [T], _ request: Value,
                          _ describe: (T) -> Value) throws(LifecycleError) -> Value {
        let (slice, next) = try page(items, request)
        var response = APIObject()
        response[member] = .list(slice.map(describe))
        response["NextToken"] = next
        return response.value
    }

    /// One page of `items` from an opaque `NextToken` (an index), `Limit` at a time (50 by default).
    func page<T>(_ items: [T], _ request: Value) throws(LifecycleError) -> (items: ArraySlice<T>, next: Value) {
        let limit = request["Limit"].int ?? 50
        var start = 0
        if let token = request["NextToken"].string {
            guard let index = Int(token), (0...items.count).contains(index) else {
                throw LifecycleError(.invalidArgument, "NextToken '\(token)' is not one this API returned.")
            }
            start = index
        }
        let end = min(items.count, start + limit)
        return (items[start..<end], end < items.count ? .string(String(end)) : .nil)
    }
}
