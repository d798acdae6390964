import Clock
import JobRuntime
import Testing

@Suite struct PipelineTests {
    @Test func mapAndFilterRunInOrderWithinEachSubtask() throws {
        for parallelism in [1, 3] {
            var graph = JobGraph(name: "evens", parallelism: parallelism)
            let collector = Collector()
            let source = graph.add(.source(.sequence(from: 1, to: 1000), rate: nil))
            let doubled = graph.add(.map(SwiftFunction("double") { v in .int(2 * (v.number.map(Int64.init) ?? 0)) }), input: source)
            let fours = graph.add(.filter(SwiftFunction("by four") { v in .bool(Int64(v.number ?? 0) % 4 == 0) }), input: doubled)
            graph.add(.sink(.collect(collector)), input: fours)
            let job = try runToEnd(graph)
            #expect(job.status == .finished)
            #expect(collector.values == (1...500).map { .int(Int64($0) * 4) })
        }
    }

    @Test func aKeyedSumIsRollingInStreamingAndFinalInBatch() throws {
        func sums(_ mode: RuntimeMode, parallelism: Int) throws -> [Value] {
            var graph = JobGraph(name: "sums", parallelism: parallelism, mode: mode)
            let collector = Collector()
            let source = graph.add(.source(.values([1, 2, 3, 4, 5, 6]), rate: nil))
            let keyed = graph.add(.keyBy(.modulo(2)), input: source)
            let sum = graph.add(.aggregate(Aggregation(.sum)), input: keyed)
            graph.add(.sink(.collect(collector)), input: sum)
            #expect(try runToEnd(graph).status == .finished)
            return collector.values
        }
        #expect(try sums(.streaming, parallelism: 1) == [1, 2, 4, 6, 9, 12])
        #expect(try sums(.batch, parallelism: 1) == [9, 12])
        #expect(try Set(sums(.batch, parallelism: 2)) == [9, 12])
        #expect(try sums(.automatic, parallelism: 1) == [9, 12])
    }

    @Test func builtInAggregationsWorkOnFieldsOfRecords() throws {
        var graph = JobGraph(name: "scores", mode: .batch)
        let collector = Collector()
        let source = graph.add(.source(.values([["a", 3], ["b", 5], ["a", 7], ["b", 1], ["a", 2]]), rate: nil))
        let keyed = graph.add(.keyBy(.field(.index(1))), input: source)
        for function in [Aggregation.Function.sum, .min, .max, .count] {
            graph.add(.sink(.collect(collector)), input: graph.add(.aggregate(Aggregation(function, field: .index(2))), input: keyed))
        }
        #expect(try runToEnd(graph).status == .finished)
        #expect(collector.values == [["a", 12], ["b", 6], ["a", 2], ["b", 1], ["a", 7], ["b", 5], ["a", 3], ["b", 2]])
    }

    @Test func reduceAndFlatMapUseUserFunctions() throws {
        var graph = JobGraph(name: "words", mode: .batch)
        let collector = Collector()
        let source = graph.add(.source(.values(["to be", "or not to be"]), rate: nil))
        let words = graph.add(.flatMap(SwiftFunction("split", expanding: { line in
            guard case .string(let s) = line else { return [] }
            return s.split(separator: " ").map { .string(String($0)) }
        })), input: source)
        let keyed = graph.add(.keyBy(.identity), input: words)
        let longest = graph.add(.reduce(SwiftFunction("concat", combining: { a, b in .string("\(a)+\(b)") })), input: keyed)
        graph.add(.sink(.collect(collector)), input: longest)
        #expect(try runToEnd(graph).status == .finished)
        #expect(collector.values == ["to+to", "be+be", "or", "not"])
    }

    @Test func aFileSinkWritesOnePartPerSubtask() throws {
        let directory = "/tmp/floe-jobruntime-\(UInt32.random(in: 0...UInt32.max))"
        defer { _ = try? FileSystem.remove(directory) }
        var graph = JobGraph(name: "to file", parallelism: 2)
        let source = graph.add(.source(.sequence(from: 1, to: 10), rate: nil))
        graph.add(.sink(.file(directory: directory)), input: source)
        #expect(try runToEnd(graph).status == .finished)
        #expect(try FileSystem.read("\(directory)/part-0") == "1\n2\n3\n4\n5\n")
        #expect(try FileSystem.read("\(directory)/part-1") == "6\n7\n8\n9\n10\n")
    }

    @Test func tasksGoThroughFlinksExecutionStates() throws {
        var graph = JobGraph(name: "states")
        let source = graph.add(.source(.sequence(from: 1, to: 3), rate: nil))
        graph.add(.sink(.discard), input: source)
        let job = try runToEnd(graph) { $0.flinkVersion = .v1_15 }
        let task = job.events.filter { $0.subject != .job }.map(\.to)
        #expect(task == ["CREATED", "SCHEDULED", "DEPLOYING", "INITIALIZING", "RUNNING", "FINISHED"])
        #expect(job.taskNames == ["Source: sequence -> Sink: discard (1/1)"])
        #expect(jobPath(job) == ["INITIALIZING", "CREATED", "RUNNING", "FINISHED"])
        let old = try runToEnd(graph) { $0.flinkVersion = .v1_11 }
        #expect(old.events.filter { $0.subject != .job }.map(\.to) == ["CREATED", "SCHEDULED", "DEPLOYING", "RUNNING", "FINISHED"])
        #expect(jobPath(old) == ["CREATED", "RUNNING", "FINISHED"])
    }

    @Test func invalidGraphsAreRefusedNamingTheOperator() {
        func refusal(_ build: (inout JobGraph) -> Void) -> String? {
            var graph = JobGraph(name: "bad")
            build(&graph)
            do {
                _ = try JobManager(graph: graph, clock: VirtualClock())
                return nil
            } catch {
                return error.message
            }
        }
        #expect(refusal { _ in } == "the job 'bad' has no operators")
        #expect(refusal { $0.add(.source(.sequence(from: 1, to: 2), rate: nil)) } == "'Source: sequence' leads nowhere: every stream must end in a sink")
        #expect(refusal { g in
            g.add(.sink(.discard), input: g.add(.aggregate(Aggregation(.sum)), input: g.add(.source(.values([1]), rate: nil))))
        } == "'Keyed Sum' needs a keyed stream: call key_by before it")
        #expect(refusal { g in
            g.add(.sink(.discard), input: g.add(.source(.values([1]), rate: nil)), parallelism: 0)
        } == "'Sink: discard' has parallelism 0; it must be at least 1")
        #expect(refusal { g in
            g.maxParallelism = 4
            g.add(.sink(.discard), input: g.add(.source(.values([1]), rate: nil)), parallelism: 8)
        } == "'Sink: discard' has parallelism 8, above its max parallelism 4")
    }

    @Test func aRecordAnOperatorCannotHandleFailsTheJobNamingIt() throws {
        var graph = JobGraph(name: "bad sum")
        let source = graph.add(.source(.values([1, "two"]), rate: nil))
        let sum = graph.add(.aggregate(Aggregation(.sum)), input: graph.add(.keyBy(.identity), input: source))
        graph.add(.sink(.discard), input: sum)
        let job = try runToEnd(graph)
        #expect(job.status == .failed)
        #expect(job.failureCause?.message == "'Keyed Sum' cannot sum a string value (record two)")
    }
}
