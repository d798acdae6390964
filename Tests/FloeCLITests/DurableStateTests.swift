import FloeTestSupport
import Foundation
import Testing

/// `floe serve --state-dir`: what a client was told survives the server being killed at
/// any moment, and a state directory is refused when it cannot be used (issue 14, item 5).
@Suite struct DurableStateTests {
    static let client = Repository.path("Tests/FloeCLITests/Clients/crash.py")
    static let serve = ["--virtual", "--bucket", "artifacts=scripts/jobs"]

    /// A seeded sequence of creates, starts, stops, updates (current and stale), snapshots,
    /// tags, deletes and clock moves, the server killed with SIGKILL after the seed's number
    /// of answers (SIGTERM for the last seed); restarted on the same directory, the client's
    /// view holds every acknowledged call and no refused one.
    @Test(arguments: [(1, 6, false), (2, 15, false), (3, 30, false), (4, 45, false), (5, 20, true)])
    func whatAClientWasToldSurvivesAKill(seed: Int, answers: Int, gently: Bool) throws {
        let dir = try TemporaryDirectory()
        let state = dir.url.appendingPathComponent("state").path
        let journal = dir.url.appendingPathComponent("journal.jsonl").path
        let first = try ServeProcess(Self.serve + ["--state-dir", state])
        let driver = Process()
        driver.executableURL = URL(fileURLWithPath: PythonClients.python)
        driver.arguments = [Self.client, "drive", first.endpoint, String(seed), journal]
        driver.standardOutput = FileHandle.nullDevice
        driver.standardError = FileHandle.nullDevice
        try driver.run()
        defer { if driver.isRunning { driver.terminate() } }
        // Kill it once the client has heard `answers` answers (or the client is done).
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, driver.isRunning {
            let text = (try? String(contentsOfFile: journal, encoding: .utf8)) ?? ""
            let heard = text.split(separator: "\n").filter { $0.contains("\"event\": \"ack\"") || $0.contains("\"event\": \"refused\"") }.count
            if heard >= answers { break }
            usleep(2_000)
        }
        if gently { first.stop() } else { first.kill() }
        driver.waitUntilExit()
        let journalText = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(journalText.contains("\"event\": \"ack\""))

        let second = try ServeProcess(Self.serve + ["--state-dir", state])
        let check = try PythonClients.run(PythonClients.python, [Self.client, "check", second.endpoint, journal])
        #expect(check.status == 0, "seed \(seed): \(check.stdout)\(check.stderr)\njournal:\n\(journalText)")
        #expect(second.stop() == 0)
        #expect(second.standardOutput.contains("kept"), "the restart says what it brought back")
    }

    @Test func aSecondServerOnTheSameDirectoryRefusesAndSaysWhoHoldsIt() throws {
        let dir = try TemporaryDirectory()
        let state = dir.url.appendingPathComponent("state").path
        let first = try ServeProcess(Self.serve + ["--state-dir", state])
        let second = try FloeExecutable.run(["serve", "--port", "0", "--virtual", "--state-dir", state])
        #expect(second.status == 1)
        #expect(second.stderr == "floe serve: \(state) is in use by process \(first.pid) (floe serve); one floe at a time on a state directory\n")
        #expect(first.stop() == 0)
    }

    @Test func aDatabaseFromANewerFloeIsRefusedAndLeftAsItWas() throws {
        let dir = try TemporaryDirectory()
        let state = dir.url.appendingPathComponent("state").path
        let first = try ServeProcess(Self.serve + ["--state-dir", state])
        #expect(first.stop() == 0)
        // A later floe's migration, recorded the way GRDB records them.
        let database = state + "/floe.sqlite"
        let marked = try PythonClients.run(PythonClients.python, ["-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1]); db.execute("INSERT INTO grdb_migrations VALUES ('v9')"); db.commit(); db.close()
            """, database])
        #expect(marked.status == 0, "\(marked.stderr)")
        func contents() -> [Data] { [database, database + "-wal"].map { (try? Data(contentsOf: URL(fileURLWithPath: $0))) ?? Data() } }
        let before = contents()
        let refused = try FloeExecutable.run(["serve", "--port", "0", "--virtual", "--state-dir", state])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("was written by a newer floe (its schema has v1, v9; this floe knows v1); nothing was changed"), "\(refused.stderr)")
        #expect(contents() == before, "the database and its log are as they were")
    }

    @Test func aStateDirectoryThatIsNotADirectoryIsRefused() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("plain", "not a folder")
        let refused = try FloeExecutable.run(["serve", "--port", "0", "--virtual", "--state-dir", file])
        #expect(refused.status == 1)
        #expect(refused.stderr == "floe serve: \(file) is not a directory\n")
        let under = try FloeExecutable.run(["serve", "--port", "0", "--virtual", "--state-dir", file + "/inner"])
        #expect(under.stderr == "floe serve: cannot use \(file)/inner: Not a directory\n")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "not a folder")
    }

    /// The REPL and `floe run` open the registry a server keeps: what one left, the next
    /// picks up, and the one on it holds it (item 5's last sentence).
    @Test func theCommandLineAndTheServerPickUpWhatTheOtherLeft() throws {
        let dir = try TemporaryDirectory()
        let state = dir.url.appendingPathComponent("state").path
        let aws = ["--state-dir", state, "--bucket", "artifacts=scripts/jobs"]
        // At the prompt: an application made, started and run for two minutes.
        let prompt = try FloeExecutable.run(["repl"] + aws, stdin: """
            made = floe.aws.create_application{ApplicationName = "orders", RuntimeEnvironment = "FLINK-1_20", ServiceExecutionRole = "arn:aws:iam::123456789012:role/floe", ApplicationConfiguration = {ApplicationCodeConfiguration = {CodeContentType = "ZIPFILE", CodeContent = {S3ContentLocation = {BucketARN = "arn:aws:s3:::artifacts", FileKey = "running-sums.lua"}}}, EnvironmentProperties = {PropertyGroups = {{PropertyGroupId = "numbers", PropertyMap = {count = "100000000", rate = "10"}}}}}}
            started = floe.aws.start_application{ApplicationName = "orders"}
            floe.sleep(120)
            floe.aws.describe_application{ApplicationName = "orders"}.ApplicationDetail.ApplicationStatus
            """, in: Repository.root)
        #expect(prompt.status == 0, "\(prompt.stderr)")
        #expect(prompt.stdout == "RUNNING\n", "\(prompt.stderr)")

        // The server comes up with it RUNNING, its job again from its checkpoint; while it
        // holds the directory, floe run is refused and told by whom.
        let server = try ServeProcess(["--virtual", "--bucket", "artifacts=scripts/jobs", "--state-dir", state])
        #expect(server.startOutput.hasPrefix("floe serve: \(state): 1 application kept\n  orders: RUNNING, the job from checkpoint chk-"), "\(server.startOutput)")
        let refused = try FloeExecutable.run(["--state-dir", state, "-e", "print(1)"])
        #expect(refused.status == 1)
        #expect(refused.stderr == "floe: \(state) is in use by process \(server.pid) (floe serve); one floe at a time on a state directory\n")
        let endpoint = ["--endpoint-url", server.endpoint, "--output", "json"]
        let described = try PythonClients.run(PythonClients.aws, ["kinesisanalyticsv2", "describe-application", "--application-name", "orders",
                                                                   "--query", "ApplicationDetail.ApplicationStatus"] + endpoint)
        #expect(described.stdout == "\"RUNNING\"\n", "\(described.stderr)")
        let stop = try PythonClients.run(PythonClients.aws, ["kinesisanalyticsv2", "stop-application", "--application-name", "orders"] + endpoint)
        #expect(stop.status == 0, "\(stop.stderr)")
        #expect(server.stop() == 0)

        // floe run finds the stop the server was asked for, and carries it to READY.
        let run = try FloeExecutable.run(["--state-dir", state, "-e", """
            floe.sleep(60)
            local detail = floe.aws.describe_application{ApplicationName = "orders"}.ApplicationDetail
            local operations = floe.aws.list_application_operations{ApplicationName = "orders"}.ApplicationOperationInfoList
            local names = {}
            for i = #operations, 1, -1 do names[#names + 1] = operations[i].Operation .. " " .. operations[i].OperationStatus end
            print(detail.ApplicationStatus, table.concat(names, ", "))
            """])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "READY\tStartApplication SUCCESSFUL, StopApplication SUCCESSFUL\n", "\(run.stderr)")
        #expect(run.stderr == "floe: \(state): 1 application kept\n  orders: READY (stopped)\n", "a stop under way when its server stopped is done")
    }

    /// A disk that fills (here a file-size limit): the change that does not fit stops the
    /// server before its client hears of it; started again with room, every create a
    /// client was told of is there.
    @Test func aFullDiskStopsTheServerWithNothingUnwrittenAcknowledged() throws {
        let dir = try TemporaryDirectory()
        let state = dir.url.appendingPathComponent("state").path
        let server = try ServeProcess(Self.serve + ["--state-dir", state], fileSizeLimit: 256)
        let creates = try PythonClients.run(PythonClients.python, ["-c", """
            import boto3, sys
            from botocore.config import Config
            c = boto3.client("kinesisanalyticsv2", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="x",
                             aws_secret_access_key="y", config=Config(retries={"max_attempts": 1}))
            code = {"CodeContentType": "ZIPFILE", "CodeContent": {"S3ContentLocation": {"BucketARN": "arn:aws:s3:::artifacts", "FileKey": "wordcount.lua"}}}
            for i in range(1, 400):
                try:
                    c.create_application(ApplicationName=f"app-{i}", RuntimeEnvironment="FLINK-1_20", ServiceExecutionRole="arn:aws:iam::1:role/r",
                                         ApplicationDescription="x" * 1024, ApplicationConfiguration={"ApplicationCodeConfiguration": code})
                except Exception as error:
                    print("unanswered", type(error).__name__)
                    break
                print(f"app-{i}")
            """, server.endpoint])
        let lines = creates.stdout.split(separator: "\n").map(String.init)
        #expect(lines.last?.hasPrefix("unanswered") == true, "the server stopped answering once the disk was full: \(creates.stdout)\(creates.stderr)")
        let acknowledged = lines.filter { $0.hasPrefix("app-") }
        #expect(acknowledged.count >= 2, "\(creates.stdout)")
        #expect(server.stop() == 1, "it stopped itself")
        // SQLite's words for a write past the limit (EFBIG); a full disk (ENOSPC) is "database or disk is full".
        #expect(server.errorOutput == "floe serve: cannot write \(state)/floe.sqlite: disk I/O error; stopping (nothing unwritten was acknowledged)\n",
                "\(server.errorOutput)")

        let again = try ServeProcess(Self.serve + ["--state-dir", state])
        let listed = try PythonClients.run(PythonClients.aws, ["kinesisanalyticsv2", "list-applications", "--endpoint-url", again.endpoint,
                                                               "--output", "text", "--query", "ApplicationSummaries[].ApplicationName"])
        let kept = Set(listed.stdout.split(whereSeparator: { $0 == "\t" || $0 == "\n" }).map(String.init))
        #expect(kept == Set(acknowledged), "every acknowledged create is kept, and the one whose write failed is not: \(listed.stdout)\(listed.stderr)")
        #expect(again.stop() == 0)
    }

    @Test func aStateDirectoryIsForRunAndTheREPLNotTestsOrTheWallClock() throws {
        let test = try FloeExecutable.run(["test", "--state-dir", "x"])
        #expect(test.status == 2)
        #expect(test.stderr.hasPrefix("floe: 'test' runs each case in a floe of its own, with nothing kept: --state-dir is for run and the REPL\n"))
        let wall = try FloeExecutable.run(["--realtime", "--state-dir", "x", "-e", ""])
        #expect(wall.status == 2)
        #expect(wall.stderr.hasPrefix("floe: '--state-dir' keeps the virtual clock where it stood, which '--realtime' cannot: leave one out\n"))
    }
}
