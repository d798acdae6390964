/// `sum`, `min`, `max`, `count` and `reduce` per key: rolling in STREAMING mode (each record
/// emits the key's result so far), final in BATCH mode (each key's result once, at the end
/// of input, in the order keys first appeared). A count keeps the number as its state and
/// emits `{key, count}`; when only `discard` sinks read its output it emits nothing new
/// (the records go on, counted, without a value made for each).
final class KeyedAggregateOperator: OperatorInstance {
    enum Kind {
        case builtIn(Aggregation)
        case reduce(any UserFunctionInstance)
    }

    let name: String
    let batch: Bool
    let kind: Kind
    let maxParallelism: Int
    /// Only `discard` sinks read what it emits.
    let valuesUnread: Bool
    private let isCount: Bool
    /// A built-in aggregation of whole records (no field), whose integer case takes the hot path.
    private let simple: Aggregation.Function?
    /// Key → the result so far (a whole record, as Flink keeps it; a count, the number).
    private var table = KeyedTable()

    init(name: String, batch: Bool, kind: Kind, maxParallelism: Int, valuesUnread: Bool = false) {
        self.name = name
        self.batch = batch
        self.kind = kind
        self.maxParallelism = maxParallelism
        self.valuesUnread = valuesUnread
        isCount = if case .builtIn(let aggregation) = kind { aggregation.function == .count } else { false }
        simple = if case .builtIn(let aggregation) = kind, aggregation.field == nil || aggregation.function == .count {
            aggregation.function
        } else {
            nil
        }
    }

    /// What a key's result emits: a count's `{key, count}`, anything else itself.
    func emitted(_ result: Value, key: Value) -> Value {
        isCount ? .list([key, result]) : result
    }

    func snapshot(checkpoint id: Int64) -> OperatorState? {
        .keyed(KeyedState(keys: table.keys, values: table.values, hashes: table.hashes, maxParallelism: maxParallelism))
    }

    func restore(_ states: [OperatorState], keyGroups: ClosedRange<Int>) {
        for case .keyed(let state) in states {
            for i in 0..<state.count where keyGroups.contains(state.keyGroup(i)) {
                table.append(state.keys[i], hash: KeyGroups.murmurHash(state.keys[i].javaHashCode), value: state.values[i])
            }
        }
    }

    func process(_ records: inout [Record]) throws(JobError) {
        // Work on a local table (one exclusive access per batch, not per record).
        var table = KeyedTable()
        swap(&table, &self.table)
        defer { swap(&table, &self.table) }
        let emits = !batch && !valuesUnread
        // The hot path, over the whole batch at once: integer keys already in the table and
        // integer steps, where nothing is emitted. It stops at the first record it cannot take.
        var start = 0
        if simple != nil, !emits {
            start = records.withUnsafeBufferPointer { batch in
                for i in batch.indices {
                    guard case .int(let key) = batch[i].key, let entry = table.index(ofInt: key, hash: batch[i].keyHash),
                          let counted = integerStep(table.values[entry], batch[i].value) else { return i }
                    table.values[entry] = counted
                }
                return batch.count
            }
        }
        for i in records.indices.dropFirst(start) {
            let result: Value
            if let entry = table.index(of: records[i].key, hash: records[i].keyHash) {
                if let counted = integerStep(table.values[entry], records[i].value) {
                    result = counted
                } else {
                    result = try combine(table.values[entry], records[i])
                }
                table.values[entry] = result
            } else {
                result = try first(records[i])
                table.append(records[i].key, hash: records[i].keyHash, value: result)
            }
            if emits { records[i].value = emitted(result, key: records[i].key) }
        }
        if batch { records.removeAll(keepingCapacity: true) }
    }

    /// The hot path of `combine`: a count, or a sum, min or max of plain integers.
    @inline(__always)
    private func integerStep(_ previous: Value, _ value: Value) -> Value? {
        guard case .int(let a) = previous else { return nil }
        switch simple {
        case .count: return .int(a &+ 1)
        case .sum: if case .int(let b) = value { return .int(a &+ b) }
        case .min: if case .int(let b) = value { return .int(Swift.min(a, b)) }
        case .max: if case .int(let b) = value { return .int(Swift.max(a, b)) }
        case nil: break
        }
        return nil
    }

    func finish(into records: inout [Record]) throws(JobError) {
        guard batch else { return }
        for (key, value) in zip(table.keys, table.values) { records.append(Record(emitted(value, key: key), key: key)) }
    }

    func close() {
        if case .reduce(let f) = kind { f.close() }
    }

    func first(_ record: Record) throws(JobError) -> Value {
        guard case .builtIn(let aggregation) = kind else { return record.value }
        if aggregation.function == .count { return .int(1) }
        _ = try number(in: record.value, aggregation)  // type-check the first record too
        return record.value
    }

    func combine(_ previous: Value, _ record: Record) throws(JobError) -> Value {
        switch kind {
        case .reduce(let f):
            do { return try f.combine(previous, record.value) } catch { throw inOperator(name, error) }
        case .builtIn(let aggregation):
            // The hot path: plain integer records.
            if aggregation.field == nil, aggregation.function == .sum, case .int(let a) = previous, case .int(let b) = record.value {
                return .int(a &+ b)
            }
            if aggregation.function == .count {
                guard case .int(let n) = previous else { return previous }
                return .int(n &+ 1)
            }
            let a = try number(in: previous, aggregation)
            let b = try number(in: record.value, aggregation)
            let combined: Value
            switch aggregation.function {
            case .sum: combined = add(a, b)
            case .min: combined = less(b, a) ? b : a
            case .max: combined = less(a, b) ? b : a
            case .count: combined = a
            }
            guard let field = aggregation.field else { return combined }
            return previous.replacing(field, with: combined)
        }
    }

    private func number(in value: Value, _ aggregation: Aggregation) throws(JobError) -> Value {
        var target = value
        if let field = aggregation.field { target = try value.field(field, in: name) }
        switch target {
        case .int, .double: return target
        default:
            throw JobError(code: JobError.Code.badRecord,
                           message: "'\(name)' cannot \(aggregation.function.rawValue) a \(target.typeName) value (record \(value))")
        }
    }

    /// Lua's arithmetic: integers wrap, a float makes the result a float.
    private func add(_ a: Value, _ b: Value) -> Value {
        if case .int(let x) = a, case .int(let y) = b { return .int(x &+ y) }
        return .double((a.number ?? 0) + (b.number ?? 0))
    }

    private func less(_ a: Value, _ b: Value) -> Bool {
        if case .int(let x) = a, case .int(let y) = b { return x < y }
        return (a.number ?? 0) < (b.number ?? 0)
    }
}
