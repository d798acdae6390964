/// One operator of a chain, for one subtask: it works on whole batches, in place, so a
/// record costs no allocation and no dynamic dispatch of its own.
protocol OperatorInstance: AnyObject {
    /// Turns the batch into what the operator emits (a filter shrinks it, a sink empties it).
    func process(_ records: inout [Record]) throws(JobError)
    /// End of input: appends what is left to emit (batch-mode results); a sink stages its
    /// last output for the commit that comes when the whole job has finished.
    func finish(into records: inout [Record]) throws(JobError)
    /// Checkpoint barrier `id` has reached the operator: its state as of now (nil: none).
    /// A sink pre-commits what it staged since the last barrier.
    func snapshot(checkpoint id: Int64) -> OperatorState?
    /// Takes over the states every old subtask saved for this operator, keeping what
    /// belongs to this subtask (its key groups).
    func restore(_ states: [OperatorState], keyGroups: ClosedRange<Int>)
    /// Event time has reached `watermark`: appends what that makes due (window results).
    func advance(to watermark: Int64, into records: inout [Record])
    /// Releases user-function instances; called once, on the subtask's thread.
    func close()
}

extension OperatorInstance {
    func advance(to watermark: Int64, into records: inout [Record]) {}
    func finish(into records: inout [Record]) throws(JobError) {}
    func snapshot(checkpoint id: Int64) -> OperatorState? { nil }
    func restore(_ states: [OperatorState], keyGroups: ClosedRange<Int>) {}
    func close() {}
}

/// What an operator instance is made from: the node and where it runs.
struct OperatorContext {
    let node: JobGraph.Node
    let task: TaskContext
    let maxParallelism: Int
    let mode: RuntimeMode
    let output: @Sendable (String) -> Void
    /// Only `discard` sinks read its output: the records matter, their values do not.
    var valuesUnread = false
}

enum Operators {
    /// The instance of a non-source node for one subtask (on the subtask's thread).
    static func make(_ context: OperatorContext) throws(JobError) -> any OperatorInstance {
        let node = context.node
        func instance(_ function: any UserFunction) throws(JobError) -> any UserFunctionInstance {
            do { return try function.instantiate(in: context.task) } catch { throw inOperator(node.name, error) }
        }
        switch node.kind {
        case .source:
            preconditionFailure("sources are not chain operators")
        case .map(let f): return MapOperator(name: node.name, function: try instance(f))
        case .filter(let f): return FilterOperator(name: node.name, function: try instance(f))
        case .flatMap(let f): return FlatMapOperator(name: node.name, function: try instance(f))
        case .keyBy(let selector):
            if case .function(let f) = selector { return KeyByOperator(name: node.name, selector: selector, function: try instance(f)) }
            return KeyByOperator(name: node.name, selector: selector, function: nil)
        case .reduce(let f):
            return KeyedAggregateOperator(name: node.name, batch: context.mode == .batch, kind: .reduce(try instance(f)),
                                          maxParallelism: context.maxParallelism)
        case .aggregate(let aggregation):
            return KeyedAggregateOperator(name: node.name, batch: context.mode == .batch, kind: .builtIn(aggregation),
                                          maxParallelism: context.maxParallelism, valuesUnread: context.valuesUnread)
        case .window(let size, let function):
            let kind: KeyedAggregateOperator.Kind
            switch function {
            case .aggregate(let aggregation): kind = .builtIn(aggregation)
            case .reduce(let f): kind = .reduce(try instance(f))
            }
            let aggregate = KeyedAggregateOperator(name: node.name, batch: true, kind: kind, maxParallelism: context.maxParallelism)
            return WindowOperator(name: node.name, size: Int64((size * 1e9).rounded()), aggregate: aggregate,
                                  maxParallelism: context.maxParallelism)
        case .sink(let sink):
            return SinkOperator(sink, node: node.id, subtask: context.task.subtask, output: context.output)
        }
    }
}

/// Names a user-function failure after the operator it happened in.
func inOperator(_ name: String, _ error: JobError) -> JobError {
    error.message.hasPrefix("'\(name)'") ? error : JobError(code: error.code, message: "'\(name)' failed: \(error.message)")
}
