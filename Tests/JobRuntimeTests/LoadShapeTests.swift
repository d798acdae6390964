import Testing
@testable import JobRuntime

/// Load shapes: the integral the sources count with matches the factor, piece by piece.
@Suite struct LoadShapeTests {
    /// ∫ factor by the midpoint rule, fine enough to check the closed forms.
    func numeric(_ shape: LoadShape, _ a: Double, _ b: Double) -> Double {
        let n = 20_000
        let h = (b - a) / Double(n)
        return (0..<n).reduce(0) { $0 + shape.factor(at: a + (Double($1) + 0.5) * h) * h }
    }

    @Test(arguments: [
        LoadShape.constant,
        .ramp(from: 0.5, to: 4, start: 100, over: 600),
        .cycle(amplitude: 0.8, period: 86_400, peak: 50_400),
        .steps([LoadStep(at: 200, factor: 4), LoadStep(at: 500, factor: 0.25), LoadStep(at: 900, factor: 1)]),
    ])
    func theIntegralIsTheFactorsArea(_ shape: LoadShape) {
        for (a, b) in [(0.0, 1000.0), (150.0, 450.0), (300.0, 86_400.0), (700.0, 700.0)] {
            let closed = shape.integral(from: a, to: b)
            #expect(abs(closed - numeric(shape, a, b)) <= max(1e-6, 2e-3 * abs(closed)), "\(shape) over \(a)…\(b)")
        }
    }

    @Test func factorsAreWhatTheShapesSay() {
        #expect(LoadShape.ramp(from: 1, to: 3, start: 10, over: 20).factor(at: 20) == 2)
        #expect(LoadShape.ramp(from: 1, to: 3, start: 10, over: 20).factor(at: 99) == 3)
        #expect(LoadShape.cycle(amplitude: 0.5, period: 100, peak: 25).factor(at: 25) == 1.5)
        #expect(LoadShape.steps([LoadStep(at: 5, factor: 2)]).factor(at: 4) == 1)
        #expect(LoadShape.steps([LoadStep(at: 5, factor: 2)]).factor(at: 5) == 2)
    }
}

/// An in-memory checkpoint's size is what writing it would take, byte for byte.
@Suite struct SnapshotSizeTests {
    @Test func theSizeIsTheEncodedLength() throws {
        let values: [Value] = [.nil, .bool(true), .int(7), .double(2.5), .string("größe"),
                               .list([.int(1), .string("a")]), .map(["k": .list([.nil]), "b": .double(1)])]
        let keyed = OperatorState.keyed(KeyedState(keys: values, values: values.indices.map { .int(Int64($0)) },
                                                   keyGroups: Array(values.indices)))
        let source = OperatorState.source(first: 4, positions: [10, 3, 0], start: 42, schedule: nil)
        let scheduled = OperatorState.source(first: 0, positions: [5], start: 42, schedule: SourceSchedule(
            parallelism: 2, subtask: 0, share: 0.375, emittedAtRestore: 5, sourceEmittedAtRestore: 11))
        let checkpoint = CompletedCheckpoint(id: 3, isSavepoint: false, time: 99, size: 0, path: "",
                                             operators: ["counts": [keyed, keyed], "numbers": [source, scheduled]])
        let bytes = SnapshotFormat.encode(checkpoint)
        #expect(SnapshotFormat.size(of: checkpoint) == bytes.count)
        // A source's schedule comes back as it went in (a failover goes on exactly as before).
        let decoded = try SnapshotFormat.decode(bytes, path: "test")
        #expect(decoded.operators["numbers"] == [source, scheduled])
    }
}
