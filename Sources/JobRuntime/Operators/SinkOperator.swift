/// The end of a stream. `collect` and `file` sinks commit in two phases, as Flink's
/// exactly-once sinks do: what arrives is staged; a checkpoint barrier pre-commits it as
/// that checkpoint's transaction; the transaction is committed when the checkpoint
/// completes (or, for the last one, when the whole job has finished). A restart drops
/// what was not committed, and the replay from the checkpoint writes it again, once. `print` writes after each round (at
/// least once, as Flink's print sink), in subtask order, so its output is the same on every
/// run. `discard` only counts.
final class SinkOperator: OperatorInstance {
    let sink: Sink
    let node: Int
    let subtask: Int
    let output: @Sendable (String) -> Void
    private var staged: [Value] = []
    private var text: [UInt8] = []
    /// Pre-committed transactions: checkpoint id (`Int64.max` for the final one) and contents.
    private var pending: [(id: Int64, values: [Value], text: [UInt8])] = []
    /// Lines a print sink has to write; the data plane takes them between rounds.
    var printed = ""

    init(_ sink: Sink, node: Int, subtask: Int, output: @escaping @Sendable (String) -> Void) {
        self.sink = sink
        self.node = node
        self.subtask = subtask
        self.output = output
    }

    func process(_ records: inout [Record]) throws(JobError) {
        switch sink {
        case .discard:
            break
        case .collect:
            for record in records { staged.append(record.value) }
        case .print:
            for record in records { printed += record.value.description + "\n" }
        case .file:
            for record in records {
                text.append(contentsOf: record.value.description.utf8)
                text.append(0x0A)
            }
        }
        records.removeAll(keepingCapacity: true)
    }

    func finish(into records: inout [Record]) throws(JobError) { preCommit(Int64.max) }

    func snapshot(checkpoint id: Int64) -> OperatorState? {
        preCommit(id)
        return nil
    }

    private func preCommit(_ id: Int64) {
        guard !staged.isEmpty || !text.isEmpty else { return }
        pending.append((id, staged, text))
        staged.removeAll()
        text.removeAll()
    }

    /// Commits every transaction up to checkpoint `id`: into the collector, or appended to
    /// the part file. Called by the control plane between rounds.
    func commit(through id: Int64) throws(JobError) {
        while let first = pending.first, first.id <= id {
            switch sink {
            case .collect(let collector): collector.commit(first.values, sink: node, subtask: subtask)
            case .file(let directory): try Files.append(first.text, to: "\(directory)/part-\(subtask)")
            case .print, .discard: break
            }
            pending.removeFirst()
        }
    }
}
