import Clock
import Foundation
import JobRuntime
import Testing

/// Tumbling event-time windows, fired by watermarks.
@Suite struct WindowTests {
    /// sequence 1…100 at 10/s → {n % 2, n} → key_by(1) → 2-second windows → sum(2) → collect.
    func oddEvenWindows(parallelism: Int, collector: Collector) -> JobGraph {
        var graph = JobGraph(name: "windows", parallelism: parallelism)
        let source = graph.add(.source(.sequence(from: 1, to: 100), rate: 10), uid: "numbers")
        let pairs = graph.add(.map(SwiftFunction("pair") { v in
            guard case .int(let n) = v else { return .nil }
            return .list([.int(n % 2), .int(n)])
        }), input: source)
        let windows = graph.add(.window(size: 2, .aggregate(Aggregation(.sum, field: .index(2)))),
                                input: graph.add(.keyBy(.field(.index(1))), input: pairs), uid: "windows")
        graph.add(.sink(.collect(collector)), input: windows)
        return graph
    }

    @Test func eachWindowFiresOnceWhenTheWatermarkPassesItsEnd() throws {
        let collector = Collector()
        let job = try runToEnd(oddEvenWindows(parallelism: 1, collector: collector))
        #expect(job.status == .finished)
        // Record n is stamped (n − 1)/10 s; window w holds records 20w+1 … 20w+20.
        var expected: [Value] = []
        for w in 0..<5 {
            expected.append(.list([1, .int(Int64(200 * w + 100))]))
            expected.append(.list([0, .int(Int64(200 * w + 110))]))
        }
        #expect(collector.values == expected)
        #expect(job.graph.nodes[3].name == "Tumbling Window (2 s)")
    }

    @Test func windowsSumToTheWholeAtAnyParallelism() throws {
        for parallelism in [1, 2, 3] {
            let collector = Collector()
            #expect(try runToEnd(oddEvenWindows(parallelism: parallelism, collector: collector)).status == .finished)
            var totals: [Value: Int64] = [:]
            for case .list(let pair) in collector.values {
                if case .int(let sum) = pair[1] { totals[pair[0], default: 0] += sum }
            }
            #expect(totals == [1: 2500, 0: 2550], "parallelism \(parallelism)")
        }
    }

    @Test func openWindowsSurviveASavepointAndARescale() throws {
        let reference = Collector()
        #expect(try runToEnd(oddEvenWindows(parallelism: 2, collector: reference)).status == .finished)

        let dir = NSTemporaryDirectory() + "floe-windows-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let clock = VirtualClock()
        var configuration = JobConfiguration()
        configuration.stateDirectory = dir
        let split = Collector()
        let first = try JobManager(graph: oddEvenWindows(parallelism: 2, collector: split), configuration: configuration, clock: clock)
        first.submit()
        _ = clock.advance(bySeconds: 4.5)
        var savepoint: CompletedCheckpoint?
        first.triggerSavepoint(stop: true) { savepoint = try? $0.get() }  // taken at 5 s: window [4, 6) is open
        _ = clock.advance(bySeconds: 1)
        let path = try #require(savepoint?.path)
        let second = try runToEnd(oddEvenWindows(parallelism: 1, collector: split)) { $0.restorePath = path }
        #expect(second.status == .finished)
        func sums(_ values: [Value]) -> [Value: Int64] {
            var totals: [Value: Int64] = [:]
            for case .list(let pair) in values { if case .int(let s) = pair[1] { totals[pair[0], default: 0] += s } }
            return totals
        }
        #expect(sums(split.values) == sums(reference.values))
        #expect(split.values.count == reference.values.count)
    }

    @Test func aWindowNeedsAKeyedStreamAndAPositiveSize() {
        var graph = JobGraph(name: "bad window")
        let source = graph.add(.source(.values([1]), rate: nil))
        graph.add(.sink(.discard), input: graph.add(.window(size: 0, .aggregate(Aggregation(.sum))), input: graph.add(.keyBy(.identity), input: source)))
        #expect(throws: JobError.invalidGraph("'Tumbling Window (0 s)' has window size 0.0; it must be a positive number of seconds")) {
            try graph.validate()
        }
    }
}
