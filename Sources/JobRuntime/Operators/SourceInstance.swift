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
/// A rated source's split j emits its m-th record at `start + m / (rate / S)` seconds of
/// virtual time, one record from each split in turn: for a step of time, exactly the
/// records stamped before the step's end. An unrated one reads split after split.
final class SourceReader {
    let name: String
    let input: SourceInput
    let splitCount: Int
    /// Records per virtual second of each split (nil: as fast as the machine allows).
    let splitRate: Double?
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
        splitRate = rate.map { $0 / Double(splitCount) }
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

    /// Records of split j due by `now`: those stamped strictly before it.
    private func due(_ split: Int, by now: Int64) -> Int64 {
        guard let rate = splitRate else { return .max }
        let elapsed = Double(now - start) / 1e9
        guard elapsed > 0 else { return 0 }
        return Int64((elapsed * rate).rounded(.up))
    }

    private func stamp(_ position: Int64, now: Int64) -> Int64 {
        guard let rate = splitRate else { return now }
        return start + Int64((Double(position) / rate * 1e9).rounded(.down))
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
        var emitted = 0
        let limits = splits.map { min(count(of: $0), due($0, by: now)) }
        if splitRate == nil {
            // As fast as the machine allows: split after split, each in order.
            for (i, split) in splits.enumerated() where positions[split] < limits[i] {
                let base = index(split, 0)
                let bounded = input.count != nil
                var position = positions[split]
                let stop = min(limits[i], position + Int64(limit - emitted))
                while position < stop {
                    let number = bounded ? base + position : index(split, position)
                    records.append(Record(try input.record(number, source: name), timestamp: now))
                    position += 1
                }
                emitted += Int(position - positions[split])
                positions[split] = position
                if emitted == limit { break }
            }
            return emitted
        }
        var progressed = true
        while emitted < limit && progressed {
            progressed = false
            for (i, split) in splits.enumerated() where positions[split] < limits[i] {
                let position = positions[split]
                records.append(Record(try input.record(index(split, position), source: name), timestamp: stamp(position, now: now)))
                positions[split] = position + 1
                emitted += 1
                progressed = true
                if emitted == limit { break }
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
