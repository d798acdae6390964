import Clock
import Foundation
import JobRuntime
import Testing

/// Checkpoints, savepoints and restores, measured by what the sinks committed.
@Suite struct CheckpointTests {
    let dir: String

    init() throws {
        dir = NSTemporaryDirectory() + "floe-checkpoints-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    /// Word count in STREAMING mode over rated lines, written to part files, with
    /// checkpoints every 2 virtual seconds: a running count per word for every word read.
    func wordCount(input: String, output: String, parallelism: Int = 2) -> JobGraph {
        var graph = JobGraph(name: "streaming word count", parallelism: parallelism)
        let lines = graph.add(.source(.lines(path: input), rate: 200), uid: "lines")
        let words = graph.add(.flatMap(SwiftFunction("split", expanding: { line in
            guard case .string(let s) = line else { return [] }
            return s.split(separator: " ").map { .list([.string(String($0)), 1]) }
        })), input: lines)
        let counts = graph.add(.aggregate(Aggregation(.sum, field: .index(2))), input: graph.add(.keyBy(.field(.index(1))), input: words),
                               uid: "counts")
        graph.add(.sink(.file(directory: output)), input: counts)
        return graph
    }

    func configure(_ c: inout JobConfiguration) {
        c.checkpointInterval = 2
        c.stateDirectory = dir + "/state"
        c.restart = ["restart-strategy.type": "fixed-delay", "restart-strategy.fixed-delay.attempts": "10",
                     "restart-strategy.fixed-delay.delay": "1 s"]
    }

    func parts(_ directory: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for part in try FileManager.default.contentsOfDirectory(atPath: directory) {
            result[part] = try String(contentsOfFile: "\(directory)/\(part)", encoding: .utf8)
        }
        return result
    }

    @Test func theEventsKeepTheLastCheckpointsAndObserversSeeThemAll() throws {
        var graph = JobGraph(name: "long run")
        graph.add(.sink(.discard), input: graph.add(.source(.sequence(from: 1, to: .max), rate: 10)))
        let clock = VirtualClock()
        var configuration = JobConfiguration()
        configuration.checkpointInterval = 1
        configuration.checkpointHistory = 3
        let job = try JobManager(graph: graph, configuration: configuration, clock: clock)
        var observed = 0
        job.observe { if case .checkpoint = $0.subject { observed += 1 } }
        job.submit()
        _ = clock.advance(bySeconds: 500)
        let kept = job.events.compactMap { event -> Int64? in
            if case .checkpoint(let id, _) = event.subject { id } else { nil }
        }
        #expect(observed > 900, "every checkpoint's two events reach the observers")
        #expect(kept.count == 6 && Set(kept).count == 3, "the last three checkpoints' events: \(kept)")
        #expect(kept.last == Int64(job.metrics.numberOfCompletedCheckpoints))
        #expect(job.events.first?.subject == .job && job.events.filter { $0.subject == .job }.map(\.to).contains("RUNNING"))
        #expect(zip(job.events, job.events.dropFirst()).allSatisfy { $0.time <= $1.time }, "in order")
    }

    @Test func ratedSourcesSpreadTheirRecordsOverVirtualTime() throws {
        var graph = JobGraph(name: "rated", parallelism: 2)
        let collector = Collector()
        graph.add(.sink(.collect(collector)), input: graph.add(.source(.sequence(from: 1, to: 1000), rate: 100)))
        let job = try runToEnd(graph)
        #expect(job.status == .finished)
        // Record k is stamped k / 100 s: the last, 999, at 9.99 s, in the step ending at 10 s.
        #expect(jobTimes(job).last?.1 == 10)
        #expect(Set(collector.values) == Set((1...1000).map { Value.int(Int64($0)) }))
    }

    @Test func faultsAtSeveralPointsLeaveTheOutputIdentical() throws {
        let input = dir + "/words.txt"
        try WordCountTests.writeText(to: input, lines: 4000)
        let clean = try runToEnd(wordCount(input: input, output: dir + "/clean"), configure)
        #expect(clean.status == .finished)
        #expect(clean.metrics.numberOfCompletedCheckpoints >= 8)
        let faulty = try runToEnd(wordCount(input: input, output: dir + "/faulty")) { c in
            configure(&c)
        } prepare: { job in
            job.inject(.taskFailure(task: 2, afterRecords: 3000))   // a counting subtask, mid-stream
            job.inject(.taskManagerLost(index: 1, at: 9.5))          // both subtasks in slot 1
            job.inject(.checkpointFailure)                           // the next checkpoint is declined
        }
        #expect(faulty.status == .finished)
        #expect(faulty.numRestarts == 4)  // one task failure, a TaskManager's two tasks, one declined checkpoint
        #expect(faulty.metrics.numberOfFailedCheckpoints >= 1)
        #expect(faulty.events.contains { $0.cause?.contains("Exceeded checkpoint tolerable failure threshold.") == true })
        #expect(faulty.events.contains { $0.cause?.contains("TaskManager 2 is lost") == true })
        let expected = try parts(dir + "/clean")
        #expect(!expected.isEmpty)
        #expect(try parts(dir + "/faulty") == expected)
    }

    @Test func twoRunsOfTheSameFaultyJobGiveTheSameEvents() throws {
        let input = dir + "/words.txt"
        try WordCountTests.writeText(to: input, lines: 1000)
        func run(_ name: String) throws -> [String] {
            try runToEnd(wordCount(input: input, output: dir + "/" + name)) { c in
                configure(&c)
                c.stateDirectory = dir + "/state-" + name
            } prepare: { job in
                job.inject(.taskFailure(task: 1, afterRecords: 500))
                job.inject(.taskManagerLost(index: 0, at: 2.5))
            }.events.map { event in
                // Snapshot paths differ by state folder; everything else must match.
                event.description.replacingOccurrences(of: dir, with: "")
                    .replacingOccurrences(of: "/state-\(name)", with: "")
                    .replacingOccurrences(of: "Sink: file /\(name)", with: "Sink: file OUT")
            }
        }
        let a = try run("a"), b = try run("b")
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) where x != y { Issue.record("first difference: \(x) vs \(y)"); break }
    }

    /// sequence 1…20000 at 2000/s → {x % 50, x} → key_by(1) → sum(2) → collect.
    func keyedSums(parallelism: Int, collector: Collector) -> JobGraph {
        var graph = JobGraph(name: "keyed sums", parallelism: parallelism, maxParallelism: 128)
        let source = graph.add(.source(.sequence(from: 1, to: 20000), rate: 2000), uid: "numbers")
        let pairs = graph.add(.map(SwiftFunction("pair") { v in
            guard case .int(let x) = v else { return .nil }
            return .list([.int(x % 50), .int(x)])
        }), input: source)
        let sums = graph.add(.aggregate(Aggregation(.sum, field: .index(2))), input: graph.add(.keyBy(.field(.index(1))), input: pairs),
                             uid: "sums")
        graph.add(.sink(.collect(collector)), input: sums)
        return graph
    }

    /// Runs `graph` for `seconds` of virtual time, takes a savepoint (stopping the job when
    /// `stop`), and returns the savepoint's folder; without `stop` the job is cancelled.
    func savepoint(of graph: JobGraph, after seconds: Double, stop: Bool) throws -> String {
        let clock = VirtualClock()
        var configuration = JobConfiguration()
        configuration.stateDirectory = dir + "/state"
        let job = try JobManager(graph: graph, configuration: configuration, clock: clock)
        job.submit()
        _ = clock.advance(bySeconds: seconds)
        var savepoint: CompletedCheckpoint?
        job.triggerSavepoint(stop: stop) { savepoint = try? $0.get() }
        _ = clock.advance(bySeconds: 1)
        #expect(job.status == (stop ? .finished : .running))
        job.cancel()
        return try #require(savepoint?.path)
    }

    /// The last sum each key reached.
    func finalSums(_ values: [Value]) -> [Value: Value] {
        var result: [Value: Value] = [:]
        for case .list(let pair) in values { result[pair[0]] = pair[1] }
        return result
    }

    @Test func aSavepointAtParallelismTwoRestoresAtFourAndAtOne() throws {
        let reference = Collector()
        #expect(try runToEnd(keyedSums(parallelism: 2, collector: reference)).status == .finished)
        let expected = finalSums(reference.values)
        #expect(expected.count == 50)

        // Run at 2 for five virtual seconds, then stop with a savepoint.
        let path = try savepoint(of: keyedSums(parallelism: 2, collector: Collector()), after: 5, stop: true)
        #expect(FileManager.default.fileExists(atPath: path + "/_metadata"))

        for parallelism in [4, 1] {
            let restored = Collector()
            let second = try runToEnd(keyedSums(parallelism: parallelism, collector: restored)) { c in
                c.restorePath = path
                c.stateDirectory = dir + "/state-\(parallelism)"
            }
            #expect(second.status == .finished)
            #expect(finalSums(restored.values) == expected, "restored at parallelism \(parallelism)")
        }
    }

    @Test func stateOfAnOperatorTheProgramLostNeedsAllowNonRestoredState() throws {
        let path = try savepoint(of: keyedSums(parallelism: 1, collector: Collector()), after: 2, stop: false)

        // The same job without the keyed sums (uid "sums").
        var smaller = JobGraph(name: "smaller")
        smaller.add(.sink(.discard), input: smaller.add(.source(.sequence(from: 1, to: 10), rate: nil), uid: "numbers"))
        let refused = try runToEnd(smaller) { $0.restorePath = path }
        #expect(refused.status == .failed)
        #expect(refused.failureCause?.message.contains("Cannot map checkpoint/savepoint state for operator sums to the new program") == true)
        #expect(jobPath(refused) == ["INITIALIZING", "FAILED"])
        let allowed = try runToEnd(smaller) {
            $0.restorePath = path
            $0.allowNonRestoredState = true
        }
        #expect(allowed.status == .finished)
    }

    @Test func aCorruptOrHalfWrittenSnapshotIsNeverUsed() throws {
        let path = try savepoint(of: keyedSums(parallelism: 1, collector: Collector()), after: 2, stop: false)

        var bytes = try Data(contentsOf: URL(fileURLWithPath: path + "/_metadata"))
        bytes[bytes.count / 2] ^= 0xFF
        let damaged = dir + "/damaged"
        try FileManager.default.createDirectory(atPath: damaged, withIntermediateDirectories: true)
        try bytes.write(to: URL(fileURLWithPath: damaged + "/_metadata"))
        let corrupt = try runToEnd(keyedSums(parallelism: 1, collector: Collector())) { $0.restorePath = damaged }
        #expect(corrupt.status == .failed)
        #expect(corrupt.failureCause?.message == "the snapshot \(damaged) is corrupt (checksum mismatch); it cannot be restored")

        let half = dir + "/half.inprogress"
        try FileManager.default.createDirectory(atPath: half, withIntermediateDirectories: true)
        try Data(bytes.prefix(100)).write(to: URL(fileURLWithPath: half + "/_metadata"))
        let partial = try runToEnd(keyedSums(parallelism: 1, collector: Collector())) { $0.restorePath = dir + "/half" }
        #expect(partial.status == .failed)
        #expect(partial.failureCause?.message.hasPrefix("cannot read the snapshot \(dir)/half") == true)
    }
}
