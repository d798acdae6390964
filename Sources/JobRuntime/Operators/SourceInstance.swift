/// A source for one subtask, read in splits so that its progress survives a rescale.
///
/// A source's input is a sequence of records numbered 0, 1, 2, … (the integers of a
/// sequence, the lines of a file, the calls of a generator), cut into `splitCount` splits
/// (the source's max parallelism). A bounded input is cut into contiguous runs, split j
/// holding records ⌊j·N/S⌋ up to ⌊(j+1)·N/S⌋; an unbounded one is dealt out, split j
/// holding records j, j + S, j + 2S, …. Subtask i of p reads a contiguous range of splits,
/// as it would own key groups, so at any parallelism each subtask reads one stretch of the
/// input. Its state is the position in each split, which any other parallelism can take over.
///
/// A rated source divides its rate among its subtasks by the splits they read (as Flink's
/// rate-limited sources give each subtask rate / parallelism): a subtask reading n of the
/// S splits emits at `rate · n / S` records per virtual second, stamping its k-th record
/// with `start + k / that`, and emits, for a step of time, exactly the records it stamps
/// before the step's end, in record order.
final class SourceReader {
    let name: String
    let input: SourceInput
    let splitCount: Int
    /// Records per virtual second of the whole source (nil: as fast as the machine allows).
    let rate: Double?
    /// When the source began (nanoseconds); rated records are stamped from it.
    var start: Int64
    /// The splits this subtask reads, in order.
    let splits: [Int]
    /// Next position (records already emitted) in each split, indexed by split number.
    private(set) var positions: [Int64]

    init(name: String, input: SourceInput, splitCount: Int, rate: Double?, start: Int64, task: TaskContext) {
        self.name = name
        self.input = input
        self.splitCount = splitCount
        self.rate = rate
        self.start = start
        splits = Array(KeyGroups.range(forSubtask: task.subtask, maxParallelism: splitCount, parallelism: task.parallelism))
        positions = Array(repeating: 0, count: splitCount)
    }

    /// The first record of split j of a bounded input: ⌊j·N/S⌋, without overflow.
    private func first(of split: Int, total: Int64) -> Int64 {
        let product = total.multipliedFullWidth(by: Int64(split))
        return Int64(splitCount).dividingFullWidth(product).quotient
    }

    /// Records in split j.
    private func count(of split: Int) -> Int64 {
        guard let total = input.count else { return .max }
        return first(of: split + 1, total: total) - first(of: split, total: total)
    }

    /// The record number of position m of split j.
    private func index(_ split: Int, _ position: Int64) -> Int64 {
        guard let total = input.count else { return Int64(split) + Int64(splitCount) * position }
        return first(of: split, total: total) + position
    }

    /// Records per virtual second of this subtask (nil: as fast as the machine allows).
    private var subtaskRate: Double? {
        rate.map { $0 * Double(splits.count) / Double(splitCount) }
    }

    /// How many records this subtask may have emitted by `now`.
    private func due(by now: Int64) -> Int64 {
        guard let rate = subtaskRate else { return .max }
        let elapsed = Double(now - start) / 1e9
        guard elapsed > 0, rate > 0 else { return 0 }
        return Int64((elapsed * rate).rounded(.up))
    }

    /// The stamp of this subtask's k-th record, at `rate` records a second (nil: now).
    private func stamp(_ k: Int64, rate: Double?, now: Int64) -> Int64 {
        guard let rate, rate > 0 else { return now }
        return start + Int64((Double(k) / rate * 1e9).rounded(.down))
    }

    /// Whether every split it reads is exhausted.
    var isExhausted: Bool { splits.allSatisfy { positions[$0] >= count(of: $0) } }

    /// Appends up to `limit` records due by `now`, one split after another in turn.
    /// Returns how many it appended.
    @discardableResult
    func emit(upTo limit: Int, now: Int64, into records: inout [Record]) throws(JobError) -> Int {
        var positions: [Int64] = []
        swap(&positions, &self.positions)  // one exclusive access per batch, not per record
        defer { swap(&positions, &self.positions) }
        let emittedBefore = splits.reduce(Int64(0)) { $0 + positions[$1] }
        let rate = subtaskRate
        let allowed = Int(min(Int64(limit), max(0, due(by: now) - emittedBefore)))
        var emitted = 0
        if input.count != nil {
            // Contiguous splits: split after split is record order.
            for split in splits where positions[split] < count(of: split) {
                let base = index(split, 0)
                var position = positions[split]
                let stop = min(count(of: split), position + Int64(allowed - emitted))
                while position < stop {
                    let k = emittedBefore + Int64(emitted)
                    records.append(Record(try input.record(base + position, source: name), timestamp: stamp(k, rate: rate, now: now)))
                    position += 1
                    emitted += 1
                }
                positions[split] = position
                if emitted == allowed { break }
            }
            return emitted
        }
        // Dealt-out splits: one record from each in turn is record order.
        var progressed = true
        while emitted < allowed && progressed {
            progressed = false
            for split in splits {
                let position = positions[split]
                let k = emittedBefore + Int64(emitted)
                records.append(Record(try input.record(index(split, position), source: name), timestamp: stamp(k, rate: rate, now: now)))
                positions[split] = position + 1
                emitted += 1
                progressed = true
                if emitted == allowed { break }
            }
        }
        return emitted
    }

    /// Takes over positions from a snapshot (only those of the splits it reads matter).
    func restore(positions restored: [Int: Int64], start restoredStart: Int64) {
        for (split, position) in restored where split < splitCount { positions[split] = position }
        start = restoredStart
    }

    /// Its positions, for a snapshot.
    var ownPositions: [Int: Int64] { Dictionary(uniqueKeysWithValues: splits.map { ($0, positions[$0]) }) }

    func close() { input.close() }
}

/// A source's records, by number.
enum SourceInput {
    case sequence(from: Int64, count: Int64)
    case values([Value])
    case generator(any UserFunctionInstance, count: Int64?)

    var count: Int64? {
        switch self {
        case .sequence(_, let count): count
        case .values(let values): Int64(values.count)
        case .generator(_, let count): count
        }
    }

    func record(_ index: Int64, source: String) throws(JobError) -> Value {
        switch self {
        case .sequence(let from, _): return .int(from &+ index)
        case .values(let values): return values[Int(index)]
        case .generator(let f, _):
            do { return try f.apply(.int(index + 1)) } catch { throw inOperator(source, error) }
        }
    }

    func close() {
        if case .generator(let f, _) = self { f.close() }
    }
}

enum Sources {
    /// The reader of a source node for one subtask.
    static func make(_ node: JobGraph.Node, splits: Int, start: Int64, task: TaskContext) throws(JobError) -> SourceReader {
        guard case .source(let source, let rate) = node.kind else { preconditionFailure("not a source") }
        let input: SourceInput
        switch source {
        case .sequence(let from, let to):
            input = .sequence(from: from, count: to >= from ? to - from + 1 : 0)
        case .values(let values):
            input = .values(values)
        case .lines(let path):
            let bytes = try Files.read(path)
            var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            if lines.last?.isEmpty == true { lines.removeLast() }  // a final newline ends the last line
            input = .values(lines.map { line in .string(String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)) })
        case .generator(let f, let count):
            do { input = .generator(try f.instantiate(in: task), count: count) } catch { throw inOperator(node.name, error) }
        }
        return SourceReader(name: node.name, input: input, splitCount: splits, rate: rate, start: start, task: task)
    }
}
