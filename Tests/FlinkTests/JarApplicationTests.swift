import FlinkREST
import FloeTestSupport
import Foundation
import Testing

extension RealFlink {
    /// Applications whose code is a jar, through floe's lifecycle on a real cluster (`floe run
    /// --flink`): STARTING until the real job runs, a stop with a snapshot that is a real
    /// savepoint, a start from it, a forced stop that cancels (issue 15, items 3–5).
    @Suite struct JarApplicationTests {
        static let lifecycle = """
            local app = floe.create_application{name = "counts", code = "counts.jar", parallelism = 2}
            app:start()
            app:wait("RUNNING")
            print("started", app:describe().status)
            local injected, refusal = pcall(app.inject, app, {fault = "task_failure"})
            print("inject", injected, refusal.code)
            floe.sleep(3)
            app:stop()
            app:wait("READY")
            print("stopped", app:describe().status, #app:snapshots(), app:snapshots()[1].status)
            app:start()
            app:wait("RUNNING")
            print("again", app:describe().status)
            app:stop{force = true}
            app:wait("READY")
            -- The job's rows as Flink's own statuses, its ends only: how many of the statuses in
            -- between (CANCELLING) a poll sees depends on when it looks.
            local ends = {FINISHED = true, CANCELED = true, FAILED = true}
            for _, e in ipairs(app:log()) do
              if e.subject ~= "job" then print((e.subject:gsub(" .*", "")), e.from, e.to) elseif ends[e.to] then print("job", e.to) end
            end
            """

        @Test func aJarApplicationLivesItsLifeOnTheCluster() throws {
            let rig = try Rig(script: Self.lifecycle)
            let run = try FloeExecutable.run(["run", "--flink", rig.url, rig.script])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout == """
                started\tRUNNING
                inject\tfalse\tUnsupportedOperation
                stopped\tREADY\t1\tREADY
                again\tRUNNING
                application\t\tREADY
                application\tREADY\tSTARTING
                application\tSTARTING\tRUNNING
                application\tRUNNING\tSTOPPING
                snapshot\t\tCREATING
                job\tFINISHED
                snapshot\tCREATING\tREADY
                application\tSTOPPING\tREADY
                application\tREADY\tSTARTING
                application\tSTARTING\tRUNNING
                application\tRUNNING\tFORCE_STOPPING
                job\tCANCELED
                application\tFORCE_STOPPING\tREADY

                """, "\(run.stderr)")
            // On the cluster: the first job stopped with the savepoint, the second started from it
            // and was cancelled.
            let client = FlinkClient(url: rig.url)
            let jobs = try client.jobs()
            #expect(jobs.map(\.state).sorted() == ["CANCELED", "FINISHED"], "\(jobs)")
            let second = try #require(jobs.first { $0.state == "CANCELED" })
            #expect(try client.checkpoints(of: second.jid).restored == 1, "the restart ran from the stop's savepoint")
        }

        /// An update to a version 2 jar carries the state over through a savepoint; an update to
        /// one that cannot read it fails in Flink's words, and with rollback on, the system
        /// rollback runs the previous version again from that savepoint.
        @Test func anUpdateCarriesStateOverAndOneThatCannotRestoreRollsBack() throws {
            let rig = try Rig(jobs: ["Counts", "Renamed"], script: """
                local app = floe.create_application{name = "counts", code = "counts.jar", parallelism = 2, rollback = true}
                app:start()
                app:wait("RUNNING")
                floe.sleep(3)
                app:update{code = "counts-v2.jar"}
                app:wait("RUNNING")
                print("updated", app:describe().status, app:describe().version)
                floe.sleep(3)
                app:update{code = "renamed.jar"}
                app:wait("ROLLING_BACK")
                app:wait("RUNNING")
                print("rolled back", app:describe().status, app:describe().version)
                for _, op in ipairs(app:operations()) do print(op.operation, op.status, op.error) end
                """)
            try FileManager.default.copyItem(atPath: rig.dir.url.appendingPathComponent("counts.jar").path,
                                             toPath: rig.dir.url.appendingPathComponent("counts-v2.jar").path)
            let run = try FloeExecutable.run(["run", "--flink", rig.url, rig.script])
            #expect(run.status == 0, "\(run.stderr)")
            let lines = run.stdout.split(separator: "\n").map(String.init)
            #expect(lines.prefix(2) == ["updated\tRUNNING\t2", "rolled back\tRUNNING\t4"], "\(run.stdout)")
            #expect(lines.dropFirst(2).first == "RollbackApplication\tSUCCESSFUL\tnil", "\(run.stdout)")
            let failed = lines.dropFirst(3).first ?? ""
            #expect(failed.hasPrefix("UpdateApplication\tFAILED\tClusterException: the Flink cluster at \(rig.url) refused POST /jars/"), "\(failed)")
            #expect(failed.contains("Cannot map checkpoint/savepoint state for operator"), "Flink's own words: \(failed)")
            // On the cluster: v1 stopped with a savepoint, v2 started from it and stopped with
            // another, the rollback's job (v2 again) started from that one.
            let client = FlinkClient(url: rig.url)
            let jobs = try client.jobs()
            let running = jobs.filter { $0.state == "RUNNING" }
            #expect(running.count == 1 && jobs.filter { $0.state == "FINISHED" }.count == 2, "\(jobs)")
            if let rolledBack = running.first { #expect(try client.checkpoints(of: rolledBack.jid).restored == 1) }
        }

        /// A jar's runtime properties reach its job as a file in the service's format, named by
        /// its arguments; its entry class comes from the run options when its manifest has
        /// none; without either, Flink's refusal is the start's error; a PyFlink program is
        /// refused saying so.
        @Test func aJarReadsItsRuntimePropertiesAndTakesItsEntryClassFromTheRunOptions() throws {
            let rig = try Rig(jobs: ["Properties"], script: """
                floe.settings{starting = 1}
                local run = "kinesis.analytics.flink.run.options"
                local app = floe.create_application{name = "props", code = "properties.jar",
                  properties = {job = {name = "named-by-its-properties"}, [run] = {class = "floe.Properties"}}}
                app:start()
                app:wait("RUNNING")
                print("props", app:describe().status)
                app:stop{force = true}
                app:wait("READY")
                for _, case in ipairs{{"bare", {}}, {"py", {[run] = {python = "main.py"}}}} do
                  local other = floe.create_application{name = case[1], code = "properties.jar", properties = case[2]}
                  other:start()
                  other:wait("READY")
                  print(case[1], other:operations()[1].status, other:operations()[1].error)
                end
                """, withoutEntryClass: ["Properties"])
            let run = try FloeExecutable.run(["run", "--flink", rig.url, rig.script])
            #expect(run.status == 0, "\(run.stderr)")
            let lines = run.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first == "props\tRUNNING", "\(run.stdout)")
            #expect(lines.dropFirst().first?.hasPrefix("bare\tFAILED\tClusterException: the Flink cluster at \(rig.url) refused POST /jars/") == true, "\(run.stdout)")
            #expect(lines.dropFirst().first?.contains("Main-Class") == true, "Flink's words for a jar without an entry class: \(run.stdout)")
            #expect(lines.last == "py\tFAILED\tCodeValidationException: py is a PyFlink program (kinesis.analytics.flink.run.options names python = main.py), "
                    + "which floe does not run: give it a jar, or a job script", "\(run.stdout)")
            let jobs = try FlinkClient(url: rig.url).jobs()
            #expect(jobs.map(\.name) == ["named-by-its-properties"], "\(jobs)")
        }

        /// The service's own restarts on a cluster: maintenance stops the job with a savepoint
        /// and runs it again from it; a scaling does the same at the new parallelism. The job's
        /// metrics are the cluster's vertex metrics, records and busy ratios.
        @Test func maintenanceAndScalingRestartTheJobFromASavepoint() throws {
            let rig = try Rig(script: """
                floe.settings{maintenance = 1, autoscaling = 1}
                local app = floe.create_application{name = "counts", code = "counts.jar", parallelism = 2, autoscaling = false}
                app:start()
                app:wait("RUNNING")
                -- Flink's back pressure comes once its JobManager has fetched the task metrics
                -- (floe's local cluster: each second) and been asked once for each vertex.
                local m
                for _ = 1, 60 do
                  m = app.job:metrics()
                  if #m.busy == 4 then break end  -- both vertices, two subtasks each
                  floe.sleep(0.5)
                end
                local records = 0
                for _, op in ipairs(m.operators) do records = records + op.numRecordsIn + op.numRecordsOut end
                print("metrics", #m.operators, records > 0, #m.busy)
                app:maintain()
                print("maintaining", app:describe().status)
                app:wait("RUNNING")
                print("maintained", app:describe().status, app:operations()[1].operation, app:operations()[1].status)
                floe.sleep(3)
                app:scale(3)
                app:wait("RUNNING")
                print("scaled", app:describe().current_parallelism, app:operations()[1].operation, app:operations()[1].status)
                for _, e in ipairs(app:log()) do if e.subject == "application" then print(e.from, e.to) end end
                """)
            let run = try FloeExecutable.run(["run", "--flink", rig.url, rig.script])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout == """
                metrics\t2\ttrue\t4
                maintaining\tMAINTENANCE
                maintained\tRUNNING\tApplicationMaintenance\tSUCCESSFUL
                scaled\t3\tScaleUp\tSUCCESSFUL
                \tREADY
                READY\tSTARTING
                STARTING\tRUNNING
                RUNNING\tMAINTENANCE
                MAINTENANCE\tRUNNING
                RUNNING\tAUTOSCALING
                AUTOSCALING\tRUNNING

                """, "\(run.stderr)")
            // On the cluster: the first two jobs stopped with savepoints, each next one restored one.
            let client = FlinkClient(url: rig.url)
            let jobs = try client.jobs()
            #expect(jobs.map(\.state).sorted() == ["FINISHED", "FINISHED", "RUNNING"], "\(jobs)")
            for job in jobs where job.state == "RUNNING" {
                #expect(try client.checkpoints(of: job.jid).restored == 1)
                #expect(try client.vertices(of: job.jid).map(\.parallelism) == [3, 3])
            }
        }

        /// A job that fails shows Flink's own statuses in the status log — RESTARTING as its
        /// restart strategy restarts it, then FAILED — each with what the job threw.
        @Test func aFailingJobRestartsAsFlinkSaysAndFailsWithItsException() throws {
            let rig = try Rig(jobs: ["Failing"], script: """
                local app = floe.create_application{name = "failing", code = "failing.jar"}
                app:start()
                app:wait("RUNNING")
                app:wait("READY", 120)
                -- Its restarts and its end (how many of the moments in between, CREATED or
                -- FAILING, a poll sees depends on when it looks).
                for _, e in ipairs(app:log()) do
                  if e.subject == "job" and (e.to == "RESTARTING" or e.to == "FAILED") then print(e.to, e.cause) end
                end
                print(app:describe().status)
                """)
            let run = try FloeExecutable.run(["run", "--flink", rig.url, rig.script])
            #expect(run.status == 0, "\(run.stderr)")
            let threw = "java.lang.IllegalStateException: the map gave up after 50 records"
            #expect(run.stdout == """
                RESTARTING\t\(threw)
                RESTARTING\t\(threw)
                FAILED\t\(threw)
                READY

                """, "\(run.stderr)")
        }

        /// A cluster that goes away under a running job: after 10 s without an answer the job
        /// counts as lost (FAILED, saying which cluster and why), and the wait ends.
        @Test func aClusterThatGoesAwayMidRunLosesTheJobAndTheWaitEnds() throws {
            let rig = try Rig(script: """
                local app = floe.create_application{name = "counts", code = "counts.jar"}
                app:start()
                app:wait("READY", 180)
                for _, e in ipairs(app:log()) do if e.subject == "job" and e.to == "FAILED" then print(e.cause) end end
                print(app:describe().status)
                """)
            let cluster = try #require(rig.cluster)
            let floe = Process()
            floe.executableURL = FloeExecutable.url
            floe.arguments = ["run", "--flink", cluster.url, rig.script]
            let output = Pipe()
            floe.standardOutput = output
            floe.standardError = FileHandle.nullDevice
            try floe.run()
            defer { if floe.isRunning { floe.terminate() } }
            let client = FlinkClient(url: cluster.url, timeout: 5)
            #expect(try LocalClusterTests.eventually { try client.jobs().contains { $0.state == "RUNNING" } }, "the job runs")
            cluster.stop()
            let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            floe.waitUntilExit()
            #expect(floe.terminationStatus == 0)
            let lines = said.split(separator: "\n").map(String.init)
            #expect(lines.count == 2 && lines.last == "READY", "\(said)")
            #expect(lines.first?.hasPrefix("the Flink cluster at \(cluster.url) did not answer for 10 s, so the job is lost "
                                           + "(the Flink cluster at \(cluster.url) did not answer GET /jobs/overview: ") == true, "\(said)")
        }

        @Test func flinkLocalStartsAClusterForTheRunAndStopsIt() throws {
            let rig = try Rig(script: """
                local app = floe.create_application{name = "counts", code = "counts.jar"}
                app:start()
                app:wait("RUNNING")
                print(app:describe().status)
                """, cluster: false)
            let run = try FloeExecutable.run(["run", "--flink", "local", rig.script])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout == "RUNNING\n")
            let said = try #require(run.stderr.split(separator: "\n").first.map(String.init))
            #expect(said.hasPrefix("floe: a local Flink cluster at http://127.0.0.1:"), "\(run.stderr)")
            let url = String(said.dropFirst("floe: a local Flink cluster at ".count).prefix { $0 != " " })
            let folder = String(said.split(separator: "(its log: ").last?.prefix { $0 != ")" } ?? "").replacingOccurrences(of: "/log", with: "")
            #expect(!FileManager.default.fileExists(atPath: folder), "its folder \(folder) is gone")
            #expect { try FlinkClient(url: url, timeout: 5).overview() } throws: { "\($0)".contains("did not answer") }
        }

        /// A floe killed outright (SIGKILL: none of its code runs) still takes its local cluster
        /// with it: the watcher it started stops the cluster's processes and removes its folder.
        @Test func aLocalClusterGoesWithFloeEvenWhenFloeIsKilled() throws {
            let rig = try Rig(script: "floe.sleep(600)", cluster: false)
            let floe = Process()
            floe.executableURL = FloeExecutable.url
            floe.arguments = ["run", "--flink", "local", rig.script]
            let errors = Pipe()
            floe.standardError = errors
            floe.standardOutput = FileHandle.nullDevice
            try floe.run()
            defer { if floe.isRunning { floe.terminate() } }
            var said = ""
            while !said.contains("stopped when floe ends\n") {
                let chunk = errors.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                said += String(decoding: chunk, as: UTF8.self)
            }
            let url = String(said.split(separator: "at ").dropFirst().first?.prefix { $0 != " " } ?? "")
            let folder = String(said.split(separator: "(its log: ").last?.prefix { $0 != ")" } ?? "").replacingOccurrences(of: "/log", with: "")
            let pids = ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/pid")) ?? []).compactMap {
                (try? String(contentsOfFile: "\(folder)/pid/\($0)", encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            }
            #expect(url.hasPrefix("http://127.0.0.1:") && pids.count == 2, "\(said)")
            #expect(try FlinkClient(url: url, timeout: 5).overview().taskmanagers == 1)
            kill(floe.processIdentifier, SIGKILL)
            floe.waitUntilExit()
            #expect(LocalClusterTests.eventually(60) { pids.allSatisfy { kill($0, 0) != 0 } }, "the cluster's processes \(pids) are gone")
            #expect(LocalClusterTests.eventually(10) { !FileManager.default.fileExists(atPath: folder) }, "its folder \(folder) is gone")
        }

        @Test func aJarWithNoClusterIsRefusedWithTheWayToGiveOne() throws {
            let dir = try TemporaryDirectory()
            try dir.write("app.jar", "not run")
            let script = try dir.write("start.lua", """
                local app = floe.create_application{name = "j", code = "app.jar"}
                app:start()
                floe.sleep(60)
                print(app:describe().status, app:operations()[1].status, app:operations()[1].error)
                """)
            let run = try FloeExecutable.run(["run", script])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.hasPrefix("READY\tFAILED\t"), "\(run.stdout)")
            #expect(run.stdout.contains("app.jar is a jar: a jar runs on a Flink cluster, and floe has none (give it --flink URL, or --flink local)"), "\(run.stdout)")
        }

        @Test func flinkIsForRunAndTheREPLOnTheWallClock() throws {
            let state = try FloeExecutable.run(["--flink", "local", "--state-dir", "x", "-e", ""])
            #expect(state.status == 2)
            #expect(state.stderr.hasPrefix("floe: '--flink' runs on the wall clock (a cluster does not run on floe's virtual time), which '--state-dir' cannot pick up yet: leave one out\n"))
            let bad = try FloeExecutable.run(["--flink", "ftp://x", "-e", ""])
            #expect(bad.status == 1)
            #expect(bad.stderr == "floe: BadArgument: '--flink' needs a cluster's REST address (http://127.0.0.1:8081) or 'local', got 'ftp://x'\n", "\(bad.stderr)")
        }
    }
}
