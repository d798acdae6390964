import Foundation

/// `floe-bench serve`: `floe serve` (the release build beside floe-bench, `--virtual`, in
/// memory and with `--state-dir`) and
/// `moto_server` (moto from pip, `.venv/bin/moto_server`) answering the same requests, driven
/// by wrk (Debian's) at 1, 8 and 64 connections: requests per second and p50 / p99 latency for
/// DescribeApplication and for a create → start → describe → stop → delete loop, side by side.
/// Not part of "everything": it needs wrk and moto (`apt-get install wrk`, `.venv/bin/pip
/// install 'moto[server]'`).
func benchServe(seconds: Int) throws {
    let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("floe-bench-serve-\(getpid())")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    try describeScript.write(to: scratch.appendingPathComponent("describe.lua"), atomically: true, encoding: .utf8)
    try loopScript.write(to: scratch.appendingPathComponent("loop.lua"), atomically: true, encoding: .utf8)
    try FileManager.default.createDirectory(at: scratch.appendingPathComponent("artifacts"), withIntermediateDirectories: true)
    try "local env = ...\nenv:from_sequence(1, 10):collect(\"x\")\n".write(to: scratch.appendingPathComponent("artifacts/job.lua"), atomically: true, encoding: .utf8)

    let floe = try Server.start(here.appendingPathComponent("floe-serve").path,
                                ["--virtual", "--port", "0", "--bucket", "artifacts=\(scratch.path)/artifacts"], in: scratch) { line in
        line.range(of: "listening on http://127.0.0.1:").map { Int(line[$0.upperBound...].prefix { $0.isNumber }) ?? 0 }
    }
    defer { floe.stop() }
    let durable = try Server.start(here.appendingPathComponent("floe-serve").path,
                                   ["--virtual", "--port", "0", "--state-dir", "\(scratch.path)/state", "--bucket", "artifacts=\(scratch.path)/artifacts"],
                                   in: scratch) { line in
        line.range(of: "listening on http://127.0.0.1:").map { Int(line[$0.upperBound...].prefix { $0.isNumber }) ?? 0 }
    }
    defer { durable.stop() }
    let motoPort = 20000 + Int(getpid() % 20000)
    let motoPath = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".venv/bin/moto_server").path
    let moto = try Server.start(motoPath, ["-p", String(motoPort)], in: scratch) { line in
        line.contains("Running on") ? motoPort : nil
    }
    defer { moto.stop() }

    print("floe serve vs moto_server (wrk, \(seconds) s a run; requests/s, p50 and p99 latency in ms; errors: non-2xx answers)")
    print("                                    floe serve --virtual           … --state-dir                  moto_server")
    for (name, script) in [("DescribeApplication", "describe.lua"), ("create→start→describe→stop→delete", "loop.lua")] {
        for connections in [1, 8, 64] {
            var cells: [String] = []
            for server in [floe, durable, moto] {
                try seed(port: server.port)
                let run = try wrk(port: server.port, connections: connections, seconds: seconds, script: scratch.appendingPathComponent(script).path)
                cells.append(run)
            }
            print("\(name.padding(toLength: 34, withPad: " ", startingAt: 0)) c=\(String(connections).padding(toLength: 3, withPad: " ", startingAt: 0)) \(cells[0].padding(toLength: 30, withPad: " ", startingAt: 0)) \(cells[1].padding(toLength: 30, withPad: " ", startingAt: 0)) \(cells[2])")
        }
    }
}

/// A server process, stopped when asked.
private struct Server {
    let process: Process
    let port: Int

    static func start(_ path: String, _ arguments: [String], in directory: URL, ready: (String) -> Int?) throws -> Server {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        var seen = ""
        let end = Date().addingTimeInterval(30)
        while Date() < end {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
            for line in seen.split(separator: "\n") {
                if let port = ready(String(line)) {
                    // Keep reading what it says, so that it never blocks on a full pipe.
                    Thread.detachNewThread { while !pipe.fileHandleForReading.availableData.isEmpty {} }
                    return Server(process: process, port: port)
                }
            }
        }
        process.terminate()
        throw BenchError("\(path) did not start: \(seen)")
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One application for DescribeApplication to find (created once; a second time is refused, and that is fine).
private func seed(port: Int) throws {
    let body = #"{"ApplicationName":"bench","RuntimeEnvironment":"FLINK-1_20","ServiceExecutionRole":"arn:aws:iam::123456789012:role/r","ApplicationConfiguration":{"ApplicationCodeConfiguration":{"CodeContentType":"ZIPFILE","CodeContent":{"S3ContentLocation":{"BucketARN":"arn:aws:s3:::artifacts","FileKey":"job.lua"}}}}}"#
    let curl = Process()
    curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    curl.arguments = ["-s", "-o", "/dev/null", "-X", "POST", "-H", "Content-Type: application/x-amz-json-1.1",
                      "-H", "X-Amz-Target: KinesisAnalytics_20180523.CreateApplication",
                      "-H", "Authorization: AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/kinesisanalytics/aws4_request, SignedHeaders=host, Signature=0",
                      "-d", body, "http://127.0.0.1:\(port)/"]
    try curl.run()
    curl.waitUntilExit()
}

/// "12,345 req/s  p50 0.41  p99 1.9" for one wrk run, errors when there were some.
private func wrk(port: Int, connections: Int, seconds: Int, script: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
    process.arguments = ["-t", String(min(2, connections)), "-c", String(connections), "-d", "\(seconds)s", "--latency",
                         "-s", script, "http://127.0.0.1:\(port)/"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    /// The word after `key` on the line that begins with it ("50%" begins a latency
    /// distribution line; "89.50%" in the thread stats must not count).
    func after(_ key: String) -> String? {
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            if let at = words.firstIndex(where: { $0.hasSuffix(key.split(separator: " ").last ?? "") }),
               words[...at].joined(separator: " ") == key, at + 1 < words.count {
                return String(words[at + 1])
            }
        }
        return nil
    }
    func milliseconds(_ value: String?) -> String {
        guard let value else { return "?" }
        let number = Double(value.prefix { $0.isNumber || $0 == "." }) ?? 0
        let ms = value.hasSuffix("us") ? number / 1000 : value.hasSuffix("ms") ? number : number * 1000
        return ms < 10 ? String(format: "%.2f", ms) : String(format: "%.0f", ms)
    }
    let rate = Double(after("Requests/sec:") ?? "0") ?? 0
    var cell = "\(Int(rate)) req/s  p50 \(milliseconds(after("50%")))  p99 \(milliseconds(after("99%")))"
    if let errors = after("Non-2xx or 3xx responses:") { cell += "  (\(errors) errors)" }
    return cell
}

// An unsigned Authorization header with a credential scope: floe serve without
// --credentials ignores it; moto_server reads the service and region from the scope.
private let headers = """
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/x-amz-json-1.1"
    wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/kinesisanalytics/aws4_request, SignedHeaders=host, Signature=0"
    """

private let describeScript = headers + """

    wrk.headers["X-Amz-Target"] = "KinesisAnalytics_20180523.DescribeApplication"
    wrk.body = '{"ApplicationName":"bench"}'
    """

private let loopScript = headers + """

    local counter, step, name = 0, 0, nil
    local steps = { "CreateApplication", "StartApplication", "DescribeApplication", "StopApplication", "DeleteApplication" }
    function setup(thread) counter = counter + 1; thread:set("id", counter) end
    function request()
      step = step % #steps + 1
      if step == 1 then counter = counter + 1; name = "loop-" .. tostring(id) .. "-" .. counter end
      local body
      if step == 1 then
        body = '{"ApplicationName":"' .. name .. '","RuntimeEnvironment":"FLINK-1_20","ServiceExecutionRole":"arn:aws:iam::123456789012:role/r",'
          .. '"ApplicationConfiguration":{"ApplicationCodeConfiguration":{"CodeContentType":"ZIPFILE","CodeContent":{"S3ContentLocation":'
          .. '{"BucketARN":"arn:aws:s3:::artifacts","FileKey":"job.lua"}}}}}'
      elseif step == 2 then
        body = '{"ApplicationName":"' .. name .. '","RunConfiguration":{"ApplicationRestoreConfiguration":{"ApplicationRestoreType":"SKIP_RESTORE_FROM_SNAPSHOT"}}}'
      elseif step == 4 then
        body = '{"ApplicationName":"' .. name .. '","Force":true}'
      elseif step == 5 then
        body = '{"ApplicationName":"' .. name .. '","CreateTimestamp":1767225600}'
      else
        body = '{"ApplicationName":"' .. name .. '"}'
      end
      return wrk.format(nil, nil, { ["X-Amz-Target"] = "KinesisAnalytics_20180523." .. steps[step] }, body)
    end
    """
