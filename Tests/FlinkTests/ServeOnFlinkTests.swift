import FlinkREST
import FloeTestSupport
import Foundation
import Testing

extension RealFlink {
    /// `floe serve --flink`: boto3 drives a jar application on a real cluster through the
    /// service's wire protocol, the same lifecycle as `floe run --flink` (issue 15, item 5).
    @Suite struct ServeOnFlinkTests {
        /// The service's durations cut to a second each (they run on the wall clock here), so
        /// that the client's whole pipeline takes a minute or so, most of it Flink's.
        static let shortDurations = """
            floe.settings{stopping = 1, force_stopping = 1, updating = 1, rolling_back = 1, deleting = 1, snapshotting = 1}
            """

        @Test func boto3TakesAJarApplicationThroughItsLifeOnTheCluster() throws {
            let rig = try Rig(jobs: ["Counts", "Renamed"], script: Self.shortDurations)
            try FileManager.default.copyItem(atPath: rig.jar("Counts"), toPath: rig.dir.url.appendingPathComponent("counts-v2.jar").path)
            let server = try ServeProcess(["--flink", rig.url, "--bucket", "jars=\(rig.dir.url.path)", rig.script])
            #expect(server.startOutput.contains("(the wall clock, as the Flink cluster at \(rig.url) runs)"), "\(server.startOutput)")
            let client = Repository.path("Tests/FlinkTests/Clients/jar_lifecycle.py")
            let result = try PythonClients.run(PythonClients.python, [client, server.endpoint])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)\(server.errorOutput)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(Array(lines.prefix(8)) == [
                "created READY 1",
                "running 1",
                "snapshot READY",
                "updated 2",
                "rolled back 3",
                "system rollback 5",
                "stopped 4 ['READY']",  // before-v2, and the snapshots the updates, the rollback and the stop took
                "from before-v2 5",
            ], "\(result.stdout)")
            #expect(Array(lines.dropFirst(8).prefix(8)) == [
                "StartApplication SUCCESSFUL",
                "UpdateApplication SUCCESSFUL",
                "RollbackApplication SUCCESSFUL",
                "UpdateApplication FAILED",
                "RollbackApplication SUCCESSFUL",
                "StopApplication SUCCESSFUL",
                "StartApplication SUCCESSFUL",
                "StopApplication SUCCESSFUL",
            ], "\(result.stdout)")
            let failure = lines.first { $0.hasPrefix("failure ") } ?? ""
            #expect(failure.contains("Cannot map checkpoint/savepoint state for operator"), "Flink's own words: \(result.stdout)")
            #expect(lines.last == "deleted", "\(result.stdout)")
            // On the cluster: v1 stopped with a savepoint for the update; v2 cancelled by the
            // rollback (which restores the last snapshot rather than take one); the rollback's
            // v1 stopped with a savepoint for the next update; renamed failed to restore (Flink
            // keeps the job it refused, FAILED); the system rollback's v1 stopped with a
            // snapshot; the one from before-v2 cancelled by the force stop.
            let jobs = try FlinkClient(url: rig.url).jobs()
            #expect(jobs.map(\.state).sorted() == ["CANCELED", "CANCELED", "FAILED", "FINISHED", "FINISHED", "FINISHED"], "\(jobs)")
            #expect(jobs.first { $0.state == "FAILED" }?.name == "renamed", "\(jobs)")
            #expect(server.stop() == 0)
        }

        @Test func aClusterRunsOnTheWallClockSoTheVirtualOneIsRefused() throws {
            let virtual = try FloeExecutable.run(["serve", "--flink", "http://127.0.0.1:1", "--virtual"])
            #expect(virtual.status == 2)
            #expect(virtual.stderr.hasPrefix("floe serve: '--flink' runs on the wall clock (a cluster does not run on floe's virtual time): leave out '--virtual'\n"), "\(virtual.stderr)")
            let gone = try FloeExecutable.run(["serve", "--port", "0", "--flink", "http://127.0.0.1:1"])
            #expect(gone.status == 1)
            #expect(gone.stderr.hasPrefix("floe serve: the Flink cluster at http://127.0.0.1:1 did not answer GET /overview"), "\(gone.stderr)")
        }
    }
}
