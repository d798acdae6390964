import Foundation
import JobRuntime
import Lifecycle
import LuaHost

/// The part of CloudWatch Logs a user reads an application's log through (`aws logs
/// get-log-events`, boto3's `logs` client): `DescribeLogStreams`, `GetLogEvents` and
/// `FilterLogEvents` (AWS JSON 1.1, `X-Amz-Target: Logs_20140328.<Operation>`), for the log
/// streams named by the applications' `CloudWatchLoggingOption`s. A stream holds its
/// application's status changes and its job's, each a JSON message in the shape the
/// service logs (`applicationARN`, `applicationVersionId`, `logger`, `message`,
/// `messageSchemaVersion`, `messageType`), the job's worded as Flink's ExecutionGraph words
/// them ("Job orders switched from state RUNNING to RESTARTING."). Nothing else of
/// CloudWatch.
struct CloudWatchLogs {
    let host: FloeHost

    /// A log stream an application logs to: its group and name, from the option's ARN
    /// (`arn:aws:logs:REGION:ACCOUNT:log-group:GROUP:log-stream:STREAM`).
    struct Stream {
        let group: String
        let name: String
        let arn: String
        let application: String
        let applicationARN: String
    }

    func answer(_ operation: String, _ request: Value) throws(LifecycleError) -> Value {
        switch operation {
        case "DescribeLogStreams": return try describeStreams(request)
        case "GetLogEvents": return try events(request)
        case "FilterLogEvents": return try filter(request)
        default:
            throw LifecycleError(.unsupportedOperation, "floe serve answers DescribeLogStreams, GetLogEvents and FilterLogEvents of CloudWatch Logs, for applications' log streams; not \(operation)")
        }
    }

    /// Every application's logging options, through the service API itself.
    private func streams() -> [Stream] {
        let names = (try? host.callService("ListApplications", .map(["Limit": .int(50)])))?["ApplicationSummaries"].items ?? []
        var streams: [Stream] = []
        for summary in names {
            guard let name = summary["ApplicationName"].string,
                  let detail = try? host.callService("DescribeApplication", .map(["ApplicationName": .string(name)]))["ApplicationDetail"] else { continue }
            for option in detail["CloudWatchLoggingOptionDescriptions"].items {
                guard let arn = option["LogStreamARN"].string else { continue }
                let parts = arn.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                guard parts.count >= 9, parts[5] == "log-group", parts[7] == "log-stream" else { continue }
                streams.append(Stream(group: parts[6], name: parts[8...].joined(separator: ":"), arn: arn, application: name,
                                      applicationARN: detail["ApplicationARN"].string ?? ""))
            }
        }
        return streams
    }

    private func group(_ request: Value) throws(LifecycleError) -> String {
        guard let group = request["logGroupName"].string ?? request["logGroupIdentifier"].string.map({ String($0.split(separator: ":").dropFirst(6).first ?? Substring($0)) }) else {
            throw LifecycleError(.invalidArgument, "logGroupName is required")
        }
        return group
    }

    private func describeStreams(_ request: Value) throws(LifecycleError) -> Value {
        let group = try group(request)
        let prefix = request["logStreamNamePrefix"].string ?? ""
        let inGroup = streams().filter { $0.group == group }
        guard !inGroup.isEmpty else { throw notFound("log group \(group)") }
        let found = inGroup.filter { $0.name.hasPrefix(prefix) }
        return .map(["logStreams": .list(found.map { stream in
            let times = entries(of: stream).map(\.timestamp)
            return .map([
                "logStreamName": .string(stream.name), "arn": .string(stream.arn),
                "creationTime": .int(times.first ?? milliseconds(0)),
                "firstEventTimestamp": times.first.map(Value.int) ?? .nil,
                "lastEventTimestamp": times.last.map(Value.int) ?? .nil,
                "lastIngestionTime": times.last.map(Value.int) ?? .nil,
            ])
        })])
    }

    private func events(_ request: Value) throws(LifecycleError) -> Value {
        let group = try group(request)
        guard let name = request["logStreamName"].string else { throw LifecycleError(.invalidArgument, "logStreamName is required") }
        guard let stream = streams().first(where: { $0.group == group && $0.name == name }) else {
            throw notFound("log stream \(name) in log group \(group)")
        }
        var events = window(entries(of: stream), request)
        // A token is the index of the next event, forward ("f/N") or backward ("b/N").
        var start = 0
        if let token = request["nextToken"].string, let n = Int(token.dropFirst(2)) { start = max(0, min(events.count, n)) }
        let limit = request["limit"].int ?? 10_000
        let end = min(events.count, start + limit)
        events = Array(events[start..<end])
        return .map([
            "events": .list(events.map { .map(["timestamp": .int($0.timestamp), "message": .string($0.message), "ingestionTime": .int($0.timestamp)]) }),
            "nextForwardToken": .string("f/\(end)"), "nextBackwardToken": .string("b/\(start)"),
        ])
    }

    private func filter(_ request: Value) throws(LifecycleError) -> Value {
        let group = try group(request)
        let names = request["logStreamNames"].isNil ? nil : request["logStreamNames"].items.compactMap(\.string)
        let chosen = streams().filter { $0.group == group && (names == nil || names!.contains($0.name)) }
        let pattern = request["filterPattern"].string.map { $0.replacingOccurrences(of: "\"", with: "") } ?? ""
        var found: [(stream: String, entry: Entry)] = []
        for stream in chosen {
            for entry in window(entries(of: stream), request) where pattern.isEmpty || entry.message.contains(pattern) {
                found.append((stream.name, entry))
            }
        }
        found.sort { $0.entry.timestamp < $1.entry.timestamp }
        return .map([
            "events": .list(found.enumerated().map { i, e in .map([
                "logStreamName": .string(e.stream), "timestamp": .int(e.entry.timestamp), "message": .string(e.entry.message),
                "ingestionTime": .int(e.entry.timestamp), "eventId": .string(String(i)),
            ]) }),
            "searchedLogStreams": .list(chosen.map { .map(["logStreamName": .string($0.name), "searchedCompletely": .bool(true)]) }),
        ])
    }

    struct Entry {
        let timestamp: Int64
        let message: String
    }

    /// The stream's events: its application's status changes and its job's.
    private func entries(of stream: Stream) -> [Entry] {
        host.statusLog.compactMap { entry in
            guard entry.application == stream.application, entry.subject == .application || entry.subject == .job else { return nil }
            let job = entry.subject == .job
            let text = job
                ? "Job \(entry.application) switched from state \(entry.from.isEmpty ? "CREATED" : entry.from) to \(entry.to)." + (entry.cause.map { " \($0)" } ?? "")
                : "Application \(entry.application) " + (entry.from.isEmpty ? "is \(entry.to)" : "switched from \(entry.from) to \(entry.to)") + (entry.cause.map { " (\($0))." } ?? ".")
            let message: Value = .map([
                "applicationARN": .string(stream.applicationARN), "applicationVersionId": .string(String(entry.version)),
                "logger": .string(job ? "org.apache.flink.runtime.executiongraph.ExecutionGraph" : "com.amazonaws.kinesisanalytics.floe.Application"),
                "message": .string(text), "messageSchemaVersion": .string("1"),
                "messageType": .string(["FAILED", "FAILING", "RESTARTING"].contains(entry.to) ? "WARN" : "INFO"),
            ])
            return Entry(timestamp: milliseconds(entry.time), message: String(decoding: JSONValue.text(message), as: UTF8.self))
        }
    }

    /// Those of `entries` from `startTime` up to (not including) `endTime`, epoch milliseconds.
    private func window(_ entries: [Entry], _ request: Value) -> [Entry] {
        let from = request["startTime"].int64 ?? .min, to = request["endTime"].int64 ?? .max
        return entries.filter { $0.timestamp >= from && $0.timestamp < to }
    }

    private func milliseconds(_ clockSeconds: Double) -> Int64 { Int64(((host.serviceEpoch + clockSeconds) * 1000).rounded()) }

    private func notFound(_ what: String) -> LifecycleError {
        LifecycleError(.resourceNotFound, "The specified \(what) does not exist.")
    }
}
