import FloeTestSupport
import Foundation
import Testing

/// `floe serve` driven by the real clients, boto3 and the AWS CLI from pip, as a pipeline
/// drives the service (issue 14, first step): one implementation of the API, two doors.
@Suite struct ServeTests {
    static let client = Repository.path("Tests/FloeCLITests/Clients/lifecycle.py")

    @Test func boto3DrivesAnApplicationsWholeLife() throws {
        let server = try ServeProcess(["--virtual", "--bucket", "artifacts=scripts/jobs"])
        let result = try PythonClients.run(PythonClients.python, [Self.client, server.endpoint])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout == """
            created READY version 1 at 2026-01-01T00:00:00+00:00
            again: ResourceInUseException
            missing: ResourceNotFoundException
            starting: STARTING
            running at 2026-01-01 00:00:30
            start while running: ResourceInUseException
            update to version 2 operation 000000000002
            stale version: ConcurrentModificationException
            by token: version 3 parallelism 3
            stale token: ConcurrentModificationException
            snapshot before-stop READY version 3
            stopped; snapshots: ['before-stop', 'floe-system-stop-v3-4', 'floe-system-update-v2-1', 'floe-system-update-v3-2']
            started from before-stop
            rolled back to version 4
            force-stopped
            versions: [(1, 'READY'), (2, 'READY'), (3, 'ROLLED_BACK'), (4, 'READY')]
            operations: [('StopApplication', 'SUCCESSFUL'), ('RollbackApplication', 'SUCCESSFUL'), ('StartApplication', 'SUCCESSFUL'), ('StopApplication', 'SUCCESSFUL'), ('UpdateApplication', 'SUCCESSFUL'), ('UpdateApplication', 'SUCCESSFUL'), ('StartApplication', 'SUCCESSFUL')]
            first operation: StartApplication
            tags: [{'Key': 'team', 'Value': 'payments'}]
            applications: ['orders']
            deleted; left: 0

            """)
        #expect(server.stop() == 0, "SIGTERM ends it cleanly")
    }

    @Test func onTheVirtualClockTheStatusLogIsTheSameByteForByte() throws {
        let dir = try TemporaryDirectory()
        var logs: [String] = []
        for run in 1...2 {
            let log = dir.url.appendingPathComponent("run-\(run).jsonl").path
            let server = try ServeProcess(["--virtual", "--seed", "5", "--log", log, "--bucket", "artifacts=scripts/jobs"])
            let result = try PythonClients.run(PythonClients.python, [Self.client, server.endpoint])
            #expect(result.status == 0, "\(result.stderr)")
            server.stop()
            logs.append(try String(contentsOfFile: log, encoding: .utf8))
        }
        #expect(logs[0].split(separator: "\n").count > 40)
        #expect(logs[0] == logs[1])
    }

    @Test func theAWSCLIAsksAndIsRefusedAsTheServiceWouldRefuseIt() throws {
        let server = try ServeProcess(["--virtual", "--bucket", "artifacts=scripts/jobs"])
        let endpoint = ["--endpoint-url", server.endpoint, "--output", "json"]
        let create = try PythonClients.run(PythonClients.aws, ["kinesisanalyticsv2", "create-application", "--application-name", "cli",
            "--runtime-environment", "FLINK-1_20", "--service-execution-role", "arn:aws:iam::123456789012:role/floe",
            "--application-configuration", #"{"ApplicationCodeConfiguration":{"CodeContentType":"ZIPFILE","CodeContent":{"S3ContentLocation":{"BucketARN":"arn:aws:s3:::artifacts","FileKey":"wordcount.lua"}}}}"#]
            + endpoint)
        #expect(create.status == 0, "\(create.stderr)")
        #expect(create.stdout.contains("\"ApplicationStatus\": \"READY\""))
        let listed = try PythonClients.run(PythonClients.aws, ["kinesisanalyticsv2", "list-applications", "--query",
                                                                "ApplicationSummaries[].ApplicationName"] + endpoint)
        #expect(listed.stdout.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\n", with: "") == "[\"cli\"]")
        let missing = try PythonClients.run(PythonClients.aws, ["kinesisanalyticsv2", "describe-application", "--application-name", "nope"] + endpoint)
        #expect(missing.status == 254 || missing.status == 255)
        #expect(missing.stderr.contains("An error occurred (ResourceNotFoundException) when calling the DescribeApplication operation: Application nope is not found"),
                "\(missing.stderr)")
    }

    /// Each a clean answer that changes nothing, and the server goes on serving.
    @Test func badRequestsGetCleanAnswers() throws {
        let server = try ServeProcess(["--virtual"])
        let probe = """
            import http.client, json, sys
            def ask(body, target="KinesisAnalytics_20180523.ListApplications", content="application/x-amz-json-1.1", path="/"):
                c = http.client.HTTPConnection("127.0.0.1", \(server.port), timeout=10)
                headers = {"Content-Type": content}
                if target: headers["X-Amz-Target"] = target
                c.request("POST", path, body=body, headers=headers)
                r = c.getresponse()
                data = r.read()
                kind = json.loads(data).get("__type", "-") if data else "-"
                print(r.status, kind, r.getheader("x-amzn-ErrorType") or "-", "id" if r.getheader("x-amzn-RequestId") else "no id")
            ask(b"{not json")
            ask(b"[1, 2]")
            ask(b"{}", target="KinesisAnalytics_20180523.Nonsense")
            ask(b"{}", target="Kinesis_Other.ListApplications")
            ask(b"{}", target=None)
            ask(b"{}", content="text/plain")
            ask(b"{" + b" " * (2 << 20) + b"}")
            ask(b'{"ApplicationName": 7}', target="KinesisAnalytics_20180523.DescribeApplication")
            ask(b"{}")
            """
        let result = try PythonClients.run(PythonClients.python, ["-c", probe])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            400 SerializationException SerializationException id
            400 SerializationException SerializationException id
            400 UnknownOperationException UnknownOperationException id
            400 UnknownOperationException UnknownOperationException id
            400 UnknownOperationException UnknownOperationException id
            400 SerializationException SerializationException id
            413 SerializationException SerializationException no id
            400 InvalidArgumentException InvalidArgumentException id
            200 - - id

            """)
    }

    /// The script runs first in the same host and stays in force: the application it made
    /// is the clients' to see.
    @Test func aScriptRunsFirstInTheSameHost() throws {
        let dir = try TemporaryDirectory()
        try dir.write("job.lua", try String(contentsOfFile: Repository.path("scripts/jobs/running-sums.lua"), encoding: .utf8))
        let script = try dir.write("setup.lua", """
            floe.settings{ starting = 5 }
            local app = floe.create_application{ name = "from-lua", code = "job.lua", properties = { numbers = { count = "10", rate = "1" } } }
            app:start()
            """)
        let server = try ServeProcess(["--virtual", script])
        let probe = """
            import boto3, json, urllib.request
            c = boto3.client("kinesisanalyticsv2", endpoint_url="\(server.endpoint)", region_name="us-east-1",
                             aws_access_key_id="x", aws_secret_access_key="y")
            print(c.describe_application(ApplicationName="from-lua")["ApplicationDetail"]["ApplicationStatus"])
            urllib.request.urlopen(urllib.request.Request("\(server.endpoint)/_floe/advance", data=b'{"seconds": 5}', method="POST")).read()
            print(c.describe_application(ApplicationName="from-lua")["ApplicationDetail"]["ApplicationStatus"])
            print(json.loads(urllib.request.urlopen("\(server.endpoint)/_floe/clock").read())["time"])
            """
        let result = try PythonClients.run(PythonClients.python, ["-c", probe])
        #expect(result.stdout == "STARTING\nRUNNING\n2026-01-01 00:00:05\n", "\(result.stderr)")
    }

    /// On the clock scaled to wall time, a client's poll loop sees RUNNING within seconds,
    /// and the timestamps are real epoch time.
    @Test func onTheScaledClockAPollLoopSeesRunningWithinSeconds() throws {
        let before = Date().timeIntervalSince1970
        let server = try ServeProcess(["--speed", "60", "--bucket", "artifacts=scripts/jobs"])
        let probe = """
            import boto3, time
            c = boto3.client("kinesisanalyticsv2", endpoint_url="\(server.endpoint)", region_name="us-east-1",
                             aws_access_key_id="x", aws_secret_access_key="y")
            code = {"CodeContentType": "ZIPFILE", "CodeContent": {"S3ContentLocation": {"BucketARN": "arn:aws:s3:::artifacts", "FileKey": "running-sums.lua"}}}
            props = {"PropertyGroups": [{"PropertyGroupId": "numbers", "PropertyMap": {"count": "100000000", "rate": "10"}}]}
            d = c.create_application(ApplicationName="live", RuntimeEnvironment="FLINK-1_20", ServiceExecutionRole="arn:aws:iam::1:role/r",
                                     ApplicationConfiguration={"ApplicationCodeConfiguration": code, "EnvironmentProperties": props})
            # Service time runs 60 times as fast as wall time from the real time the server began.
            created, before = d["ApplicationDetail"]["CreateTimestamp"].timestamp(), \(before)
            print("created on the scaled clock:", before - 1 <= created <= before + 60 * (time.time() - before) + 1)
            c.start_application(ApplicationName="live")
            start, deadline, status = time.time(), time.time() + 30, ""
            while time.time() < deadline:
                status = c.describe_application(ApplicationName="live")["ApplicationDetail"]["ApplicationStatus"]
                if status == "RUNNING": break
                time.sleep(0.1)
            print(status, "within 30 s:", time.time() - start < 30)
            """
        let result = try PythonClients.run(PythonClients.python, ["-c", probe])
        #expect(result.stdout == "created on the scaled clock: True\nRUNNING within 30 s: True\n", "\(result.stderr)\nthe server said: \(server.errorOutput)")
    }

    /// The application's CloudWatch log, as the service tells users to read job status
    /// changes: `aws logs get-log-events`, `describe-log-streams`, `filter-log-events`.
    @Test func theAWSCLIReadsTheJobsStatusChangesFromTheApplicationsLog() throws {
        let server = try ServeProcess(["--virtual", "--bucket", "artifacts=scripts/jobs"])
        let endpoint = ["--endpoint-url", server.endpoint, "--output", "json"]
        let stream = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/kinesis-analytics/orders:log-stream:kinesis-analytics-log-stream"
        let create = try PythonClients.run(PythonClients.aws, ["kinesisanalyticsv2", "create-application", "--application-name", "orders",
            "--runtime-environment", "FLINK-1_20", "--service-execution-role", "arn:aws:iam::123456789012:role/floe",
            "--cloud-watch-logging-options", "LogStreamARN=\(stream)",
            "--application-configuration", #"{"ApplicationCodeConfiguration":{"CodeContentType":"ZIPFILE","CodeContent":{"S3ContentLocation":{"BucketARN":"arn:aws:s3:::artifacts","FileKey":"running-sums.lua"}}},"EnvironmentProperties":{"PropertyGroups":[{"PropertyGroupId":"numbers","PropertyMap":{"count":"100000000","rate":"10"}}]}}"#]
            + endpoint)
        #expect(create.status == 0, "\(create.stderr)")
        let start = try PythonClients.run(PythonClients.aws, ["kinesisanalyticsv2", "start-application", "--application-name", "orders"] + endpoint)
        #expect(start.status == 0, "\(start.stderr)")
        _ = try PythonClients.run(PythonClients.python, ["-c", "import urllib.request; urllib.request.urlopen(urllib.request.Request('\(server.endpoint)/_floe/advance', data=b'{\"seconds\": 60}', method='POST')).read()"])
        let group = ["--log-group-name", "/aws/kinesis-analytics/orders"]
        let events = try PythonClients.run(PythonClients.aws, ["logs", "get-log-events"] + group
            + ["--log-stream-name", "kinesis-analytics-log-stream", "--query", "events[].message"] + endpoint)
        #expect(events.status == 0, "\(events.stderr)")
        #expect(events.stdout.contains(#"Job orders switched from state CREATED to RUNNING."#), "\(events.stdout)")
        #expect(events.stdout.contains(#"Application orders switched from STARTING to RUNNING (the job is RUNNING)."#), "\(events.stdout)")
        #expect(events.stdout.contains(#"\"applicationARN\":\"arn:aws:kinesisanalytics:us-east-1:123456789012:application/orders\""#), "\(events.stdout)")
        let streams = try PythonClients.run(PythonClients.aws, ["logs", "describe-log-streams"] + group + ["--query", "logStreams[].logStreamName"] + endpoint)
        #expect(streams.stdout.contains("kinesis-analytics-log-stream"), "\(streams.stderr)")
        let filtered = try PythonClients.run(PythonClients.aws, ["logs", "filter-log-events"] + group
            + ["--filter-pattern", "\"switched from state\"", "--query", "length(events)"] + endpoint)
        #expect(filtered.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2", "\(filtered.stdout)\(filtered.stderr)")
        let missing = try PythonClients.run(PythonClients.aws, ["logs", "get-log-events", "--log-group-name", "nope", "--log-stream-name", "x"] + endpoint)
        #expect(missing.stderr.contains("ResourceNotFoundException"), "\(missing.stderr)")
    }

    /// With --credentials, botocore's signed requests pass and every other one is refused
    /// with 403, changing nothing.
    @Test func onlySignedRequestsPassWithCredentials() throws {
        let dir = try TemporaryDirectory()
        let credentials = try dir.write("credentials", "[default]\naws_access_key_id = AKIDFLOETEST\naws_secret_access_key = the-right-secret\n")
        let server = try ServeProcess(["--virtual", "--credentials", credentials, "--bucket", "artifacts=scripts/jobs"])
        let result = try PythonClients.run(PythonClients.python, [Repository.path("Tests/FloeCLITests/Clients/sigv4.py"), server.endpoint])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            wrong secret: 403 InvalidSignatureException
            unknown key: 403 UnrecognizedClientException
            no signature: 403 MissingAuthenticationTokenException
            expired: 403 InvalidSignatureException
            tampered body: 403 InvalidSignatureException
            nothing made: []
            botocore signed: created
            raw signed: 200
            made: ['raw-signed', 'signed']

            """)
        let cli = try PythonClients.run(PythonClients.aws, ["kinesisanalyticsv2", "list-applications", "--endpoint-url", server.endpoint,
                                                             "--query", "length(ApplicationSummaries)"],
                                        environment: ["AWS_ACCESS_KEY_ID": "AKIDFLOETEST", "AWS_SECRET_ACCESS_KEY": "the-right-secret"])
        #expect(cli.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2", "the AWS CLI signs as botocore does: \(cli.stderr)")
        let stranger = try PythonClients.run(PythonClients.aws, ["kinesisanalyticsv2", "list-applications", "--endpoint-url", server.endpoint])
        #expect(stranger.stderr.contains("UnrecognizedClientException"), "\(stranger.stderr)")
    }

    /// GET / is the live page: after a browser loads it, every application is there with its
    /// status, version, parallelism and job status, and its timeline as the report draws it.
    @Test func theLivePageShowsEveryApplicationAndItsStatus() throws {
        let server = try ServeProcess(["--virtual", "--bucket", "artifacts=scripts/jobs"])
        let probe = """
            import boto3, urllib.request
            c = boto3.client("kinesisanalyticsv2", endpoint_url="\(server.endpoint)", region_name="us-east-1",
                             aws_access_key_id="x", aws_secret_access_key="y")
            code = {"CodeContentType": "ZIPFILE", "CodeContent": {"S3ContentLocation": {"BucketARN": "arn:aws:s3:::artifacts", "FileKey": "running-sums.lua"}}}
            props = {"PropertyGroups": [{"PropertyGroupId": "numbers", "PropertyMap": {"count": "100000000", "rate": "10"}}]}
            for name in ["orders", "payments"]:
                c.create_application(ApplicationName=name, RuntimeEnvironment="FLINK-1_20", ServiceExecutionRole="arn:aws:iam::1:role/r",
                                     ApplicationConfiguration={"ApplicationCodeConfiguration": code, "EnvironmentProperties": props})
            c.start_application(ApplicationName="orders")
            urllib.request.urlopen(urllib.request.Request("\(server.endpoint)/_floe/advance", data=b'{"seconds": 120}', method="POST")).read()
            print("ok")
            """
        let made = try PythonClients.run(PythonClients.python, ["-c", probe])
        #expect(made.stdout == "ok\n", "\(made.stderr)")
        // Five seconds of the browser's time: the page has fetched itself again (every 2 s)
        // and swapped what it shows in place.
        let dom = try Chromium.dumpDOM(server.endpoint + "/", after: 5000)
        #expect(dom.contains("<title>floe report: floe serve</title>"), "\(dom.prefix(400))")
        #expect(dom.contains("<p class=\"live\">live: updated every 2 s, last at "), "\(dom.prefix(800))")
        #expect(dom.components(separatedBy: "<div id=\"page\">").count == 2, "one page, swapped, not nested")
        for (name, status, job) in [("orders", "RUNNING", "RUNNING"), ("payments", "READY", "—")] {
            let row = dom.components(separatedBy: "<tr data-application=\"\(name)\">").dropFirst().first?.components(separatedBy: "</tr>").first ?? ""
            #expect(row.contains(">\(status)</td>") && row.contains("<td class=\"job\">\(job)</td>") && row.contains("<td>v1</td>"), "\(name): \(row)")
        }
        #expect(dom.contains("aria-label=\"timeline of orders\""))
    }

    /// A client that sends half a request and stops is timed out, 1,000 connections opened
    /// at once are each answered, and the server goes on serving.
    @Test func aStalledClientIsTimedOutAndAThousandConnectionsAreAnswered() throws {
        let server = try ServeProcess(["--virtual", "--request-timeout", "1"])
        let probe = """
            import socket, threading, time, http.client
            slow = socket.create_connection(("127.0.0.1", \(server.port)))
            slow.sendall(b"POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 100\\r\\nX-Amz-Target: KinesisAnalytics_20180523.ListApplications\\r\\n\\r\\n{")
            answers, lock = [], threading.Lock()
            def ask():
                for attempt in range(20):
                    try:
                        c = http.client.HTTPConnection("127.0.0.1", \(server.port), timeout=60)
                        c.request("POST", "/", body=b"{}", headers={"Content-Type": "application/x-amz-json-1.1",
                                  "X-Amz-Target": "KinesisAnalytics_20180523.ListApplications"})
                        status = c.getresponse().status
                        with lock: answers.append(status)
                        return
                    except OSError:
                        time.sleep(0.05 * (attempt + 1))
            threads = [threading.Thread(target=ask) for _ in range(1000)]
            for t in threads: t.start()
            for t in threads: t.join()
            print("answered:", len(answers), "all 200:", set(answers) == {200})
            slow.settimeout(10)
            started = time.time()
            print("the stalled one closed:", slow.recv(100) == b"", "within 10 s:", time.time() - started < 10)
            """
        let result = try PythonClients.run(PythonClients.python, ["-c", probe])
        #expect(result.stdout == "answered: 1000 all 200: True\nthe stalled one closed: True within 10 s: True\n", "\(result.stderr)")
    }
}
