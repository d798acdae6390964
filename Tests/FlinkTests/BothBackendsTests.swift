import FlinkREST
import FloeTestSupport
import Foundation
import Testing

extension RealFlink {
    /// A job script of built-in operators runs on the embedded runtime and, through floe's
    /// runner (`--flink-scripts`), on a real cluster: the same Lua scenario, the same output,
    /// part file by part file (issue 15, item 6).
    @Suite struct BothBackendsTests {
        static func scenario(into dir: TemporaryDirectory) throws -> String {
            for name in ["tally.lua", "tally-scenario.lua"] {
                try FileManager.default.copyItem(atPath: Repository.path("Tests/FlinkTests/Scenarios/\(name)"),
                                                 toPath: dir.url.appendingPathComponent(name).path)
            }
            return dir.url.appendingPathComponent("tally-scenario.lua").path
        }

        @Test func theSameScenarioWritesTheSameOutputOnBothBackends() throws {
            let rig = try Rig(jobs: [])
            let script = try Self.scenario(into: rig.dir)
            let embedded = try FloeExecutable.run(["run", script, rig.dir.url.appendingPathComponent("embedded").path])
            #expect(embedded.status == 0, "\(embedded.stderr)")
            let cluster = try FloeExecutable.run(["run", "--flink", rig.url, "--flink-scripts", script, rig.dir.url.appendingPathComponent("cluster").path])
            #expect(cluster.status == 0, "\(cluster.stderr)")
            let lines = embedded.stdout.split(separator: "\n").map(String.init)
            #expect(Array(lines.prefix(3)) == ["tally-streaming\tFINISHED", "tally-batch\tFINISHED", "2119 lines"], "\(embedded.stdout)")
            #expect(lines.contains("streaming/tally/part-1 (fox,9.0)"), "a float sum prints as Lua prints it")
            #expect(lines.contains { $0.hasPrefix("batch/min/") && $0.hasSuffix(" -47") }, "negative keys too")
            #expect(cluster.stdout == embedded.stdout, "the cluster wrote what the embedded runtime wrote")
            // On the cluster: floe's runner ran both jobs to the end.
            let jobs = try FlinkClient(url: rig.url).jobs()
            #expect(jobs.map(\.name).sorted() == ["tally-batch", "tally-streaming"] && jobs.allSatisfy { $0.state == "FINISHED" }, "\(jobs)")
        }

        /// A job script that calls Lua cannot cross to the cluster: its start fails naming the
        /// operator, before anything is submitted.
        @Test func aJobScriptWithALuaFunctionIsRefusedForTheCluster() throws {
            let rig = try Rig(jobs: [], script: """
                floe.settings{starting = 1}
                local app = floe.create_application{name = "words", code = "words.lua"}
                app:start()
                app:wait("READY")
                print(app:operations()[1].status, app:operations()[1].error)
                """)
            _ = try rig.dir.write("words.lua", """
                local env = ...
                env:from_values{"a b", "c"}:flat_map(function(line) return {line} end):name("Split"):discard()
                """)
            let run = try FloeExecutable.run(["run", "--flink", rig.url, "--flink-scripts", rig.script])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.hasPrefix("FAILED\tUnsupportedOperation: the Flink cluster at \(rig.url) cannot run 'Split' (flat_map calls a Lua function): "
                                         + "on a cluster a job script may use built-in operators only"), "\(run.stdout)")
            #expect(try FlinkClient(url: rig.url).jobs().isEmpty)
            let alone = try FloeExecutable.run(["--flink-scripts", "-e", ""])
            #expect(alone.status == 2 && alone.stderr.contains("'--flink-scripts' runs job scripts on the cluster '--flink' names: give it one"), "\(alone.stderr)")
        }
    }
}
