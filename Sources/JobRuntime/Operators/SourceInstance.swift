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
/// before the step's end, in record order. A restored subtask takes its part of what falls
/// due from then on (for a bounded input, its part of the records left), so that a rescale
/// keeps the source's rate whatever each subtask had read.
final class SourceReader {
    let name: String
    let input: SourceInput
    let splitCount: Int
    /// Records per virtual second of the whole source (nil: as fast as the machine allows).
    let rate: Double?
    /// How the rate changes over time (constant: the common case, with exact stamps).
    let load: LoadShape
    private let shaped: Bool
    /// When the source began (nanoseconds); rated records are stamped from it.
    private(set) var start: Int64
    /// The splits this subtask reads, in order.
    let splits: [Int]
    /// Subtasks of the source.
    let parallelism: Int
    /// Next position (records already emitted) in each split, indexed by split number.
    private(set) var positions: [Int64]
    /// The positions of its own splits, summed: the records it has emitted since the start.
    private var ownEmitted: Int64 = 0
    /// This subtask's part of the source's rate: the splits it reads over all of them; after
    /// a restore, its part of the records left (a rescaled subtask may have read ahead in
    /// one split, or not yet at all).
    private var share: Double
    /// What it and the whole source had emitted when it was restored (0 on a fresh start):
    /// from then on it emits its share of what falls due beyond what the source had emitted.
    private var emittedAtRestore = 0.0
    private var sourceEmittedAtRestore = 0.0

    init(name: String, input: SourceInput, splitCount: Int, rate: Double?, load: LoadShape = .constant, start: Int64, task: TaskContext) {
        self.name = name
        self.input = input
        self.splitCount = splitCount
        self.rate = rate
        self.load = load
        shaped = load != .constant
        self.start = start
        splits = Array(KeyGroups.range(forSubtask: task.subtask, maxParallelism: splitCount, parallelism: task.parallelism))
        parallelism = task.parallelism
        positions = Array(repeating: 0, count: splitCount)
        share = Double(splits.count) / Double(splitCount)
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

    /// How many records this subtask may have emitted by `now`: its share of what the source
    /// has had due since it was restored (all of it on a fresh start).
    private func due(by now: Int64) -> Int64 {
        if let dueNow, dueNow.now == now { return dueNow.due }  // asked again within one step
        let due = computeDue(by: now)
        dueNow = (now, due)
        return due
    }

    /// The last answer of `due(by:)`: a step asks more than once, and a shaped load's
    /// integral costs a few sines.
    private var dueNow: (now: Int64, due: Int64)?

    private func computeDue(by now: Int64) -> Int64 {
        guard let rate else { return .max }
        let elapsed = Double(now - start) / 1e9
        guard elapsed > 0, rate > 0, share > 0 else { return Int64(emittedAtRestore) }
        let produced = shaped ? load.integral(from: Double(start) / 1e9, to: Double(now) / 1e9) * rate : elapsed * rate
        return Int64((emittedAtRestore + share * (produced - sourceEmittedAtRestore)).rounded(.up))
    }

    /// How this emission stamps its records: the k-th record of this subtask gets the time
    /// it fell due (nil rate: now). Worked out once per emission, applied per record.
    private struct Stamper {
        enum Kind { case now, constant, shaped }
        let kind: Kind
        let now: Int64
        let start: Int64
        let rate: Double
        let share: Double
        let emittedAtRestore: Double
        let sourceEmittedAtRestore: Double
        /// A shaped load: the records due since the last emission spread evenly over that time.
        let first: Int64
        let due: Int64
        let from: Int64

        @inline(__always)
        func stamp(_ k: Int64) -> Int64 {
            switch kind {
            case .now:
                return now
            case .constant:
                let produced = (Double(k) - emittedAtRestore) / share + sourceEmittedAtRestore
                return start + Int64((produced / rate * 1e9).rounded(.down))
            case .shaped:
                guard due > first else { return now }
                return from + Int64(Double(now - from) * Double(k - first + 1) / Double(due - first))
            }
        }
    }

    private func stamper(now: Int64) -> Stamper {
        let (first, due, from) = shapedBatch
        let kind: Stamper.Kind = if let rate, rate > 0, share > 0 { shaped ? .shaped : .constant } else { .now }
        return Stamper(kind: kind, now: now, start: start, rate: rate ?? 0, share: share, emittedAtRestore: emittedAtRestore,
                       sourceEmittedAtRestore: sourceEmittedAtRestore, first: first, due: due, from: from)
    }

    /// For a shaped load, this emission's first record number, the records due by now, and
    /// the time of the last emission.
    private var shapedBatch: (first: Int64, due: Int64, from: Int64) = (0, 0, 0)
    private var lastEmission: Int64?

    /// Whether every split it reads is exhausted.
    var isExhausted: Bool { splits.allSatisfy { positions[$0] >= count(of: $0) } }

    /// Appends up to `limit` records due by `now`, one split after another in turn.
    /// Returns how many it appended.
    @discardableResult
    func emit(upTo limit: Int, now: Int64, into records: inout [Record]) throws(JobError) -> Int {
        var positions: [Int64] = []
        swap(&positions, &self.positions)  // one exclusive access per batch, not per record
        defer { swap(&positions, &self.positions) }
        let emittedBefore = ownEmitted
        let dueNow = due(by: now)
        let allowed = Int(min(Int64(limit), max(0, dueNow - emittedBefore)))
        if shaped {
            shapedBatch = (emittedBefore, dueNow, max(start, lastEmission ?? start))
            lastEmission = now
        }
        var emitted = 0
        let stamper = stamper(now: now)
        records.reserveCapacity(records.count + allowed)
        if input.count != nil {
            // Contiguous splits: split after split is record order.
            for split in splits where positions[split] < count(of: split) {
                let base = index(split, 0)
                var position = positions[split]
                let stop = min(count(of: split), position + Int64(allowed - emitted))
                if case .sequence(let from, _) = input {  // the common case: numbers, no lookup
                    while position < stop {
                        records.append(Record(.int(from &+ base &+ position), timestamp: stamper.stamp(emittedBefore + Int64(emitted))))
                        position += 1
                        emitted += 1
                    }
                }
                while position < stop {
                    let k = emittedBefore + Int64(emitted)
                    records.append(Record(try input.record(base + position, source: name), timestamp: stamper.stamp(k)))
                    position += 1
                    emitted += 1
                }
                positions[split] = position
                if emitted == allowed { break }
            }
            ownEmitted += Int64(emitted)
            return emitted
        }
        // Dealt-out splits: one record from each in turn is record order.
        var progressed = true
        while emitted < allowed && progressed {
            progressed = false
            for split in splits {
                let position = positions[split]
                let k = emittedBefore + Int64(emitted)
                records.append(Record(try input.record(index(split, position), source: name), timestamp: stamper.stamp(k)))
                positions[split] = position + 1
                emitted += 1
                progressed = true
                if emitted == allowed { break }
            }
        }
        ownEmitted += Int64(emitted)
        return emitted
    }

    /// How it spreads its part of the rate now, for a snapshot.
    func schedule(subtask: Int) -> SourceSchedule {
        SourceSchedule(parallelism: splitCount == 0 ? 0 : parallelism, subtask: subtask, share: share,
                       emittedAtRestore: emittedAtRestore, sourceEmittedAtRestore: sourceEmittedAtRestore)
    }

    /// Takes over positions from a snapshot (only those of the splits it reads matter).
    /// With the schedule this subtask had when the snapshot was taken (a failover at the same
    /// parallelism), it goes on as if never stopped; otherwise it takes its part of what
    /// falls due from then on.
    func restore(positions restored: [Int: Int64], start restoredStart: Int64, schedule: SourceSchedule? = nil) {
        for (split, position) in restored where split < splitCount { positions[split] = position }
        start = restoredStart
        dueNow = nil
        ownEmitted = splits.reduce(Int64(0)) { $0 + positions[$1] }
        if let schedule {
            share = schedule.share
            emittedAtRestore = schedule.emittedAtRestore
            sourceEmittedAtRestore = schedule.sourceEmittedAtRestore
            return
        }
        emittedAtRestore = Double(ownEmitted)
        sourceEmittedAtRestore = Double(restored.values.reduce(0, +))
        if input.count != nil {
            // Bounded: its part of the records left, so that every subtask ends together.
            let left = { (split: Int) in Double(self.count(of: split) - self.positions[split]) }
            let all = (0..<splitCount).reduce(0.0) { $0 + left($1) }
            share = all > 0 ? splits.reduce(0.0) { $0 + left($1) } / all : 0
        }
    }

    /// Records read of its splits, and how many they hold (nil: unbounded, or not known).
    var progress: (read: Int64, total: Int64?) {
        let read = splits.reduce(Int64(0)) { $0 + positions[$1] }
        guard input.count != nil else { return (read, nil) }
        return (read, splits.reduce(Int64(0)) { $0 + count(of: $1) })
    }

    /// Its positions, split by split from the first it reads, for a snapshot.
    var ownPositions: [Int64] { splits.isEmpty ? [] : Array(positions[splits[0]...splits[splits.count - 1]]) }

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
        return SourceReader(name: node.name, input: input, splitCount: splits, rate: rate, load: node.load, start: start, task: task)
    }
}
