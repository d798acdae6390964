/// Tumbling event-time windows per key. A record stamped t belongs to the window
/// [t − t mod size, that + size) of its key; the window's result is emitted once, when the
/// watermark reaches the window's end (or at the end of input), windows in order of their
/// end and keys in the order they first appeared. A record for a window that has already
/// fired is late and dropped, as Flink drops it by default.
final class WindowOperator: OperatorInstance {
    let name: String
    let size: Int64
    let aggregate: KeyedAggregateOperator
    let maxParallelism: Int
    /// (key, window start) → the window's result so far, hashed by the key.
    private var table = KeyedTable()
    private var watermark = Int64.min
    /// Windows whose results were emitted.
    private var fired: Set<Int> = []

    init(name: String, size: Int64, aggregate: KeyedAggregateOperator, maxParallelism: Int) {
        self.name = name
        self.size = size
        self.aggregate = aggregate
        self.maxParallelism = maxParallelism
    }

    private func start(of timestamp: Int64) -> Int64 {
        let offset = timestamp % size
        return timestamp - (offset < 0 ? offset + size : offset)
    }

    func process(_ records: inout [Record]) throws(JobError) {
        var table = KeyedTable()
        swap(&table, &self.table)
        defer { swap(&table, &self.table) }
        for record in records {
            let windowStart = start(of: record.timestamp)
            guard windowStart + size > watermark else { continue }  // late
            let slot = Value.list([record.key, .int(windowStart)])
            if let entry = table.index(of: slot, hash: record.keyHash) {
                if fired.contains(entry) { continue }
                table.values[entry] = try aggregate.combine(table.values[entry], record)
            } else {
                table.append(slot, hash: record.keyHash, value: try aggregate.first(record))
            }
        }
        records.removeAll(keepingCapacity: true)
    }

    /// Emits the windows that end at or before `watermark`.
    func advance(to watermark: Int64, into records: inout [Record]) {
        self.watermark = max(self.watermark, watermark)
        var due: [(end: Int64, entry: Int)] = []
        for entry in table.keys.indices where !fired.contains(entry) {
            guard case .list(let slot) = table.keys[entry], case .int(let windowStart) = slot[1] else { continue }
            if windowStart + size <= watermark { due.append((windowStart + size, entry)) }
        }
        due.sort { ($0.end, $0.entry) < ($1.end, $1.entry) }
        for (end, entry) in due {
            guard case .list(let slot) = table.keys[entry] else { continue }
            var record = Record(aggregate.emitted(table.values[entry], key: slot[0]), timestamp: end - 1)
            record.key = slot[0]
            record.keyHash = table.hashes[entry]
            records.append(record)
            fired.insert(entry)
        }
    }

    func finish(into records: inout [Record]) throws(JobError) { advance(to: .max, into: &records) }

    func snapshot(checkpoint id: Int64) -> OperatorState? {
        let open = table.keys.indices.filter { !fired.contains($0) }
        return .keyed(KeyedState(keys: open.map { table.keys[$0] }, values: open.map { table.values[$0] },
                                 hashes: open.map { table.hashes[$0] }, maxParallelism: maxParallelism))
    }

    func restore(_ states: [OperatorState], keyGroups: ClosedRange<Int>) {
        for case .keyed(let state) in states {
            for (key, value) in zip(state.keys, state.values) {
                guard case .list(let slot) = key else { continue }
                let hash = KeyGroups.murmurHash(slot[0].javaHashCode)
                if keyGroups.contains(Int(hash) % maxParallelism) { table.append(key, hash: hash, value: value) }
            }
        }
    }

    func close() { aggregate.close() }
}
