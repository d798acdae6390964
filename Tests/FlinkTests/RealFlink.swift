import FlinkREST
import FloeTestSupport
import Testing

/// Every test that starts a real Flink cluster, one at a time: two clusters at once on two
/// cores, beside the rest of the suite, made each start slower than the sum.
@Suite(.serialized) enum RealFlink {}

extension RealFlink {
    /// A test's scratch folder: the jobs' jars built in it (`Jobs/<job>.java`), the scenario
    /// script beside them, and a cluster of its own unless told not to, stopped before the
    /// folder goes.
    final class Rig {
        let dir: TemporaryDirectory
        let script: String
        let cluster: LocalFlinkCluster?

        /// `withoutEntryClass`: jobs whose jar's manifest names no entry class.
        init(jobs: [String] = ["Counts"], script: String = "", cluster: Bool = true, withoutEntryClass: Set<String> = []) throws {
            let distribution = try LocalClusterTests.distribution()
            dir = try TemporaryDirectory()
            for job in jobs {
                _ = try LocalClusterTests.buildJar(job, in: dir, distribution: distribution, entryClass: !withoutEntryClass.contains(job))
            }
            self.script = try dir.write("scenario.lua", script)
            self.cluster = cluster ? try LocalFlinkCluster(distribution: distribution, folder: dir.url.appendingPathComponent("cluster").path) : nil
        }

        /// The jar `Jobs/<job>.java` was built into.
        func jar(_ job: String = "Counts") -> String { dir.url.appendingPathComponent("\(job.lowercased()).jar").path }

        /// The rig's cluster's address.
        var url: String { cluster?.url ?? "" }

        deinit { cluster?.stop() }
    }
}
