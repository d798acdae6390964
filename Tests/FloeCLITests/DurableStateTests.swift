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
}
