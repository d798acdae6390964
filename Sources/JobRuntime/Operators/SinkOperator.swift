/// The end of a stream. `collect` and `file` stage what arrives and commit it only when the
/// subtask finishes (and, with checkpoints, when a checkpoint completes), so a restart
/// that replays input never writes a record twice. `print` writes after each round (at
/// least once, as Flink's print sink), in subtask order, so its output is the same on every
/// run. `discard` only counts.
final class SinkOperator: OperatorInstance {
    let sink: Sink
    let node: Int
    let subtask: Int
    let output: @Sendable (String) -> Void
    private var staged: [Value] = []
    private var text: [UInt8] = []
    private(set) var received = 0
    /// Lines a print sink has to write; the data plane takes them between rounds.
    var printed = ""

    init(_ sink: Sink, node: Int, subtask: Int, output: @escaping @Sendable (String) -> Void) {
        self.sink = sink
        self.node = node
        self.subtask = subtask
        self.output = output
    }

    func process(_ records: inout [Record]) throws(JobError) {
        received += records.count
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

    func finish(into records: inout [Record]) throws(JobError) { try commit() }

    /// Makes what was staged visible: into the collector, or appended to the part file.
    func commit() throws(JobError) {
        switch sink {
        case .collect(let collector):
            collector.commit(staged, sink: node, subtask: subtask)
            staged.removeAll()
        case .file(let directory):
            try Files.append(text, to: "\(directory)/part-\(subtask)")
            text.removeAll()
        case .print, .discard:
            break
        }
    }
}
