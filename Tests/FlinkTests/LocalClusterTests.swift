import Clock
import FlinkREST
import FloeTestSupport
import JobRuntime
import Foundation
import Testing

extension RealFlink {
    /// A real Flink 2.x session cluster, started from the pip distribution that `bin/setup
    /// --flink` installs, on 127.0.0.1, and stopped by its pids: a stateful Java job (its source
    /// beside this file, compiled with javac against the distribution) uploaded, run, stopped
    /// with a savepoint, run again from it, cancelled; Flink's refusals surfaced (issue 15).
    @Suite struct LocalClusterTests {

        /// The distribution, or a failure that says how to get it (never a skip).
        static func distribution() throws -> String {
            try LocalFlinkCluster.findDistribution(projectRoot: Repository.root.path)
        }

        /// `Jobs/<job>.java` compiled against the distribution's jars, as `<job lowercased>.jar`
        /// in `directory`, its manifest's entry class `floe.<job>` (or none).
        static func buildJar(_ job: String, in directory: TemporaryDirectory, distribution: String, entryClass: Bool = true) throws -> String {
            let classes = directory.url.appendingPathComponent("classes-\(job)").path
            let jar = directory.url.appendingPathComponent("\(job.lowercased()).jar").path
            let javac = try PythonClients.run("/usr/bin/javac", ["-d", classes, "-cp", distribution + "/lib/*",
                                                                Repository.path("Tests/FlinkTests/Jobs/\(job).java")])
            #expect(javac.status == 0, "\(javac.stderr)")
            let packed = try PythonClients.run("/usr/bin/jar", ["--create", "--file", jar] + (entryClass ? ["--main-class", "floe.\(job)"] : [])
                                               + ["-C", classes, "."])
            #expect(packed.status == 0, "\(packed.stderr)")
            return jar
        }

        /// Polls `condition` until it holds or `seconds` pass.
        static func eventually(_ seconds: Double = 60, _ condition: () throws -> Bool) rethrows -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if try condition() { return true }
                Thread.sleep(forTimeInterval: 0.2)
            }
            return try condition()
        }

        @Test func aJobRunsStopsWithASavepointAndRunsAgainFromIt() throws {
            let rig = try Rig()
            let (jar, cluster) = (rig.jar(), try #require(rig.cluster))
            let pids = cluster.pids
            #expect(pids.count == 2, "a JobManager and a TaskManager: \(pids)")
            let client = FlinkClient(url: cluster.url)
            let overview = try client.overview()
            #expect(overview.taskmanagers == 1 && overview.slotsTotal == 4)
            #expect(overview.flinkVersion.hasPrefix("2."), "\(overview.flinkVersion)")

            let uploaded = try client.uploadJar(jar)
            let first = try client.run(jar: uploaded, .init(parallelism: 2))
            #expect(try Self.eventually { try client.status(of: first) == "RUNNING" })
            #expect(try Self.eventually { try client.checkpoints(of: first).completed >= 1 }, "a checkpoint every 2 s")
            let trigger = try client.requestSavepoint(first, into: cluster.savepointFolder, stop: true)
            var progress = FlinkClient.SavepointProgress.inProgress
            #expect(try Self.eventually { progress = try client.savepoint(trigger, of: first); return progress != .inProgress })
            guard case .completed(let savepoint) = progress else { Issue.record("the savepoint: \(progress)"); return }
            #expect(savepoint.hasPrefix("file:" + cluster.savepointFolder + "/savepoint-"), "\(savepoint)")
            #expect(FileManager.default.fileExists(atPath: String(savepoint.dropFirst("file:".count)) + "/_metadata"))
            #expect(try Self.eventually(10) { try client.status(of: first) == "FINISHED" })

            let second = try client.run(jar: uploaded, .init(parallelism: 2, savepointPath: savepoint))
            #expect(try Self.eventually { try client.status(of: second) == "RUNNING" })
            #expect(try client.checkpoints(of: second).restored == 1, "it started from the savepoint")
            try client.cancel(second)
            #expect(try Self.eventually(30) { try client.status(of: second) == "CANCELED" })
            #expect(try client.rootException(of: second) == nil)

            // Flink's refusals, in its words.
            #expect { try client.run(jar: uploaded, .init(entryClass: "floe.Missing")) } throws: { error in
                "\(error)".contains("floe.Missing")
            }
            #expect(throws: FlinkError("the Flink cluster at \(cluster.url) has no job 00000000000000000000000000000000")) {
                try client.status(of: "00000000000000000000000000000000")
            }

            cluster.stop()
            #expect(pids.allSatisfy { kill($0, 0) != 0 }, "every process of the cluster is gone")
            #expect { try client.overview() } throws: { "\($0)".hasPrefix("the Flink cluster at \(cluster.url) did not answer GET /overview") }
        }

        /// The cluster through the seam the lifecycle uses: a jar submitted, Flink's statuses
        /// as job events on the wall clock, a rescale that stops it with a savepoint and runs the
        /// same jar again from it, and what only the embedded runtime can do refused clearly.
        @Test func theBackendRunsAJarRescalesItFromASavepointAndRefusesFaults() throws {
            let rig = try Rig()
            let (jar, cluster) = (rig.jar(), try #require(rig.cluster))
            let clock = WallClock()
            let backend = FlinkJobBackend(client: FlinkClient(url: cluster.url), clock: clock, savepointDirectory: cluster.savepointFolder,
                                          propertiesFolder: rig.dir.url.appendingPathComponent("properties").path,
                                          pollInterval: 0.2)
            #expect(backend.capabilities.isEmpty)
            /// Lets wall time pass (the polls run) until `condition` holds, at most `seconds`.
            func run(until condition: () -> Bool, within seconds: Double = 60) -> Bool {
                let deadline = clock.now.seconds + seconds
                while !condition(), clock.now.seconds < deadline { _ = clock.advance(bySeconds: 0.1) }
                return condition()
            }

            let first = try backend.submit(.jar(JarProgram(path: jar, parallelism: 2)), configuration: JobConfiguration())
            var events: [JobEvent] = []
            first.observe { events.append($0) }
            #expect(run(until: { first.status == .running }))
            #expect(run(until: { first.metrics.numberOfCompletedCheckpoints >= 1 }), "a checkpoint every 2 s")
            #expect(throws: JobError(code: JobError.Code.unsupported,
                                     message: "the Flink cluster at \(cluster.url) cannot inject a fault into a job (faults are injected on the embedded runtime)")) {
                try first.inject(.checkpointFailure)
            }

            var rescaled: Result<any RunningJob, JobError>?
            backend.rescale(first, to: 1, configuration: JobConfiguration()) { rescaled = $0 }
            #expect(run(until: { rescaled != nil }))
            let second = try #require(try rescaled?.get())
            #expect(run(until: { first.status == .finished && second.status == .running }))
            #expect(events.last.map { "\($0.from) -> \($0.to)" } == "RUNNING -> FINISHED", "\(events)")
            if case .jar(let program) = second.code { #expect(program.parallelism == 1) } else { Issue.record("the rescaled job runs the same jar") }
            #expect(try backend.client.checkpoints(of: second.jobID).restored == 1, "it started from the rescale's savepoint")
            #expect(backend.submitted == 2)
            second.cancel()
            #expect(run(until: { second.status == .canceled }, within: 30))
        }

        @Test func theEmbeddedRuntimeRefusesAJar() {
            let backend = EmbeddedJobBackend(clock: VirtualClock())
            #expect(throws: JobError(code: JobError.Code.unsupported, message: "the embedded runtime cannot run a jar: a jar runs on a Flink cluster (--flink)")) {
                _ = try backend.submit(.jar(JarProgram(path: "app.jar")), configuration: JobConfiguration())
            }
        }

        @Test func aClusterThatDoesNotStartInTimeIsStoppedAndSaysWhereItsLogIs() throws {
            let distribution = try Self.distribution()
            let dir = try TemporaryDirectory()
            let folder = dir.url.appendingPathComponent("cluster").path
            #expect {
                _ = try LocalFlinkCluster(distribution: distribution, folder: folder, within: 0.5)
            } throws: { error in
                "\(error)".hasSuffix("; its log is in \(folder)/log")
            }
            let pidFolder = folder + "/pid"
            let pids = ((try? FileManager.default.contentsOfDirectory(atPath: pidFolder)) ?? []).flatMap { name in
                ((try? String(contentsOfFile: "\(pidFolder)/\(name)", encoding: .utf8)) ?? "").split(whereSeparator: \.isNewline).compactMap { Int32($0) }
            }
            #expect(!pids.isEmpty && pids.allSatisfy { kill($0, 0) != 0 }, "its processes were stopped: \(pids)")
        }

        @Test func noClusterAtTheAddressIsAClearErrorNotAHang() throws {
            let client = FlinkClient(url: "http://127.0.0.1:9", timeout: 5)
            #expect { try client.overview() } throws: { "\($0)".hasPrefix("the Flink cluster at http://127.0.0.1:9 did not answer GET /overview: ") }
        }
    }
}
