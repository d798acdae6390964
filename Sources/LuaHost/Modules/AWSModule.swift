import JobRuntime
import Lifecycle

/// `floe.aws`: the boto3-shaped layer. One function per kinesisanalyticsv2 operation, named
/// as boto3 names it, taking a table with the API's field names and returning the API's
/// response shape; and `floe.mount_bucket`, which says where a bucket's objects are.
enum AWSModule {
    static var functions: [LuaFunction] {
        ServiceAPI.operations.map { operation in
            LuaFunction(operation.pythonName, phases: .script, doc: "floe.aws.\(operation.pythonName){…} -> response. \(operation.doc)") { call in
                let request = call.isNone(1) ? LuaValue.table(LuaTable()) : .table(try call.table(1))
                let runtime = call.runtime
                let api = runtime.serviceAPI
                let L = call.L
                api.bucketFolder = { bucket in runtime.buckets[bucket] ?? JobModule.resolve(bucket, besideScriptOf: L) }
                let response = try api.call(operation.name, Value.request(request))
                return call.results(response.luaValue)
            }
        }
    }

    static var bucketFunctions: [LuaFunction] { [
        /// floe.mount_bucket(bucket, dir): objects of S3 bucket `bucket` are the files under
        /// `dir` (relative to the running script). Errors: BadArgument (not a bucket name).
        LuaFunction("mount_bucket", phases: .script, doc: "floe.mount_bucket(bucket, dir): serve an S3 bucket from a folder") { call in
            let bucket = try call.string(1)
            let allowed = bucket.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" }
            guard (3...63).contains(bucket.count), allowed else {
                throw call.argumentError(1, "an S3 bucket name (3 to 63 characters of a-z, 0-9, '.', '-') expected, got '\(bucket)'")
            }
            call.runtime.buckets[bucket] = JobModule.resolve(try call.string(2), besideScriptOf: call.L)
            return 0
        },
    ] }
}
