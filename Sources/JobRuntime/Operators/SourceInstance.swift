/// A source, for one subtask: it hands out its share of the input a batch at a time.
protocol SourceInstance: AnyObject {
    /// Appends up to `limit` records to `records`; false once the input is exhausted.
    func emit(upTo limit: Int, timestamp: Int64, into records: inout [Record]) throws(JobError) -> Bool
    /// How many records it has emitted (its offset, for snapshots).
    var position: Int64 { get }
    func close()
}

extension SourceInstance {
    func close() {}
}

enum Sources {
    /// The instance of a source node for subtask `subtask` of `parallelism`.
    static func make(_ source: Source, name: String, task: TaskContext) throws(JobError) -> any SourceInstance {
        let subtask = task.subtask, parallelism = task.parallelism
        switch source {
        case .sequence(let from, let to):
            let count = to >= from ? to - from + 1 : 0
            let share = split(count, subtask, parallelism)
            return SequenceSource(next: from + share.lowerBound, end: from + share.upperBound)
        case .values(let values):
            let share = split(Int64(values.count), subtask, parallelism)
            return ValuesSource(Array(values[Int(share.lowerBound)..<Int(share.upperBound)]))
        case .lines(let path):
            let lines = try Files.read(path).split(separator: 0x0A, omittingEmptySubsequences: false)
            let count = lines.last?.isEmpty == true ? lines.count - 1 : lines.count  // a final newline ends the last line
            let share = split(Int64(count), subtask, parallelism)
            return ValuesSource(lines[Int(share.lowerBound)..<Int(share.upperBound)].map { line in
                .string(String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self))
            })
        case .generator(let f, let count):
            let function: any UserFunctionInstance
            do { function = try f.instantiate(in: task) } catch { throw inOperator(name, error) }
            // Subtask i generates f(i+1), f(i+1+p), …: every index once across the subtasks.
            return GeneratorSource(name: name, function: function, next: Int64(subtask + 1), stride: Int64(parallelism), last: count)
        }
    }

    /// The contiguous share `[start, end)` of `count` items that subtask `i` of `p` reads.
    static func split(_ count: Int64, _ i: Int, _ p: Int) -> Range<Int64> {
        (count * Int64(i) / Int64(p))..<(count * Int64(i + 1) / Int64(p))
    }
}

final class SequenceSource: SourceInstance {
    private var next: Int64
    private let end: Int64
    private let start: Int64

    init(next: Int64, end: Int64) {
        self.next = next
        self.end = end
        start = next
    }

    var position: Int64 { next - start }

    func emit(upTo limit: Int, timestamp: Int64, into records: inout [Record]) throws(JobError) -> Bool {
        let stop = min(end, next + Int64(limit))
        while next < stop {
            records.append(Record(.int(next), timestamp: timestamp))
            next += 1
        }
        return next < end
    }
}

final class ValuesSource: SourceInstance {
    private let values: [Value]
    private var index = 0

    init(_ values: [Value]) { self.values = values }

    var position: Int64 { Int64(index) }

    func emit(upTo limit: Int, timestamp: Int64, into records: inout [Record]) throws(JobError) -> Bool {
        let stop = min(values.count, index + limit)
        while index < stop {
            records.append(Record(values[index], timestamp: timestamp))
            index += 1
        }
        return index < values.count
    }
}

final class GeneratorSource: SourceInstance {
    let name: String
    let function: any UserFunctionInstance
    private var next: Int64
    private let stride: Int64
    private let last: Int64?
    private(set) var position: Int64 = 0

    init(name: String, function: any UserFunctionInstance, next: Int64, stride: Int64, last: Int64?) {
        self.name = name
        self.function = function
        self.next = next
        self.stride = stride
        self.last = last
    }

    func emit(upTo limit: Int, timestamp: Int64, into records: inout [Record]) throws(JobError) -> Bool {
        for _ in 0..<limit {
            if let last, next > last { return false }
            do { records.append(Record(try function.apply(.int(next)), timestamp: timestamp)) } catch { throw inOperator(name, error) }
            next += stride
            position += 1
        }
        if let last { return next <= last }
        return true
    }

    func close() { function.close() }
}
