/// The bytes of a checkpoint's `_metadata` file: a magic word, the checkpoint, and a
/// checksum at the end, so that a truncated or damaged file is recognised, never used.
enum SnapshotFormat {
    static let magic = Array("FLOECKP1".utf8)

    static func encode(_ checkpoint: CompletedCheckpoint) -> [UInt8] {
        var out = ByteWriter()
        write(checkpoint, into: &out)
        out.int(Int64(bitPattern: checksum(out.buffer)))
        return out.buffer
    }

    /// How many bytes `encode` would make, without making them (an in-memory checkpoint's
    /// size): the same walk, summed, with nothing sorted or copied.
    static func size(of checkpoint: CompletedCheckpoint) -> Int { size(of: checkpoint.operators) }

    /// The same, of a checkpoint with these operator states (any id, kind and time).
    static func size(of operators: [String: [OperatorState]]) -> Int {
        var total = magic.count + 8 + 1 + 8 + 8 + 8  // magic, id, kind, time, count, checksum
        for (id, states) in operators {
            total += 8 + id.utf8.count + 8
            for state in states {
                switch state {
                case .keyed(let state):
                    total += 1 + 8 + 8 * state.count
                    for key in state.keys { total += size(of: key) }
                    for value in state.values { total += size(of: value) }
                case .source(_, let positions, _, let schedule):
                    total += 1 + 8 + 8 + positions.count * 16 + (schedule == nil ? 0 : 40)
                }
            }
        }
        return total
    }

    /// The bytes `ByteWriter.value` writes for `v`.
    @inline(__always)
    static func size(of v: Value) -> Int {
        switch v {
        case .int, .double: 9
        default: compoundSize(of: v)
        }
    }

    private static func compoundSize(of v: Value) -> Int {
        switch v {
        case .nil, .bool: 1
        case .int, .double: 9
        case .string(let s): 9 + s.utf8.count
        case .list(let items): items.reduce(9) { $0 + size(of: $1) }
        case .map(let entries): entries.reduce(9) { $0 + 8 + $1.key.utf8.count + size(of: $1.value) }
        }
    }

    private static func write(_ checkpoint: CompletedCheckpoint, into out: inout ByteWriter) {
        out.bytes(magic)
        out.int(checkpoint.id)
        out.byte(checkpoint.isSavepoint ? 1 : 0)
        out.int(checkpoint.time)
        out.count(checkpoint.operators.count)
        for id in checkpoint.operators.keys.sorted() {
            out.string(id)
            let states = checkpoint.operators[id]!
            out.count(states.count)
            for state in states {
                switch state {
                case .keyed(let state):
                    out.byte(1)
                    out.count(state.count)
                    for i in 0..<state.count {
                        out.count(state.keyGroup(i))
                        out.value(state.keys[i])
                        out.value(state.values[i])
                    }
                case .source(let first, let positions, let start, let schedule):
                    out.byte(schedule == nil ? 2 : 3)
                    out.int(start)
                    if let schedule {
                        out.count(schedule.parallelism)
                        out.count(schedule.subtask)
                        for d in [schedule.share, schedule.emittedAtRestore, schedule.sourceEmittedAtRestore] {
                            out.int(Int64(bitPattern: d.bitPattern))
                        }
                    }
                    out.count(positions.count)
                    for (i, position) in positions.enumerated() {
                        out.count(first + i)
                        out.int(position)
                    }
                }
            }
        }
    }

    static func decode(_ bytes: [UInt8], path: String) throws(JobError) -> CompletedCheckpoint {
        func corrupt(_ why: String) -> JobError {
            JobError(code: "CheckpointException", message: "the snapshot \(path) is corrupt (\(why)); it cannot be restored")
        }
        guard bytes.count >= magic.count + 8, Array(bytes.prefix(magic.count)) == magic else { throw corrupt("not a floe snapshot") }
        let body = Array(bytes.dropLast(8))
        var tail = ByteReader(Array(bytes.suffix(8)))
        guard let stored = try? tail.int(), UInt64(bitPattern: stored) == checksum(body) else { throw corrupt("checksum mismatch") }
        var input = ByteReader(body)
        do {
            _ = try input.bytes(magic.count)
            let id = try input.int()
            let isSavepoint = try input.byte() == 1
            let time = try input.int()
            var operators: [String: [OperatorState]] = [:]
            for _ in 0..<(try input.count()) {
                let operatorID = try input.string()
                var states: [OperatorState] = []
                for _ in 0..<(try input.count()) {
                    switch try input.byte() {
                    case 1:
                        var keys: [Value] = [], values: [Value] = [], groups: [Int] = []
                        let n = try input.count()
                        keys.reserveCapacity(n)
                        values.reserveCapacity(n)
                        groups.reserveCapacity(n)
                        for _ in 0..<n {
                            groups.append(try input.count())
                            keys.append(try input.value())
                            values.append(try input.value())
                        }
                        states.append(.keyed(KeyedState(keys: keys, values: values, keyGroups: groups)))
                    case let tag where tag == 2 || tag == 3:
                        let start = try input.int()
                        var schedule: SourceSchedule?
                        if tag == 3 {
                            let parallelism = try input.count(), subtask = try input.count()
                            let d = { (bits: Int64) in Double(bitPattern: UInt64(bitPattern: bits)) }
                            schedule = SourceSchedule(parallelism: parallelism, subtask: subtask, share: d(try input.int()),
                                                      emittedAtRestore: d(try input.int()), sourceEmittedAtRestore: d(try input.int()))
                        }
                        var first = 0
                        var positions: [Int64] = []
                        for i in 0..<(try input.count()) {
                            let split = try input.count()
                            if i == 0 { first = split } else if split != first + i { throw ByteReader.Truncated() }
                            positions.append(try input.int())
                        }
                        states.append(.source(first: first, positions: positions, start: start, schedule: schedule))
                    default:
                        throw ByteReader.Truncated()
                    }
                }
                operators[operatorID] = states
            }
            return CompletedCheckpoint(id: id, isSavepoint: isSavepoint, time: time, size: bytes.count, path: path,
                                       operators: operators)
        } catch {
            throw corrupt("unreadable contents")
        }
    }

    /// FNV-1a, 64 bits.
    static func checksum(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01B3
        }
        return h
    }
}

struct ByteWriter {
    var buffer: [UInt8] = []
    mutating func byte(_ b: UInt8) { buffer.append(b) }
    mutating func bytes(_ b: [UInt8]) { buffer.append(contentsOf: b) }
    mutating func int(_ v: Int64) {
        var x = UInt64(bitPattern: v)
        for _ in 0..<8 {
            buffer.append(UInt8(truncatingIfNeeded: x))
            x >>= 8
        }
    }
    mutating func count(_ n: Int) { int(Int64(n)) }
    mutating func string(_ s: String) {
        count(s.utf8.count)
        buffer.append(contentsOf: s.utf8)
    }

    mutating func value(_ v: Value) {
        switch v {
        case .nil: byte(0)
        case .bool(let b): byte(b ? 2 : 1)
        case .int(let i):
            byte(3)
            int(i)
        case .double(let d):
            byte(4)
            int(Int64(bitPattern: d.bitPattern))
        case .string(let s):
            byte(5)
            string(s)
        case .list(let items):
            byte(6)
            count(items.count)
            for item in items { value(item) }
        case .map(let entries):
            byte(7)
            count(entries.count)
            for key in entries.keys.sorted() {
                string(key)
                value(entries[key]!)
            }
        }
    }
}

struct ByteReader {
    struct Truncated: Error {}
    private let buffer: [UInt8]
    private var offset = 0

    init(_ buffer: [UInt8]) { self.buffer = buffer }

    mutating func byte() throws(Truncated) -> UInt8 {
        guard offset < buffer.count else { throw Truncated() }
        offset += 1
        return buffer[offset - 1]
    }

    mutating func bytes(_ n: Int) throws(Truncated) -> ArraySlice<UInt8> {
        guard n >= 0, offset + n <= buffer.count else { throw Truncated() }
        offset += n
        return buffer[(offset - n)..<offset]
    }

    mutating func int() throws(Truncated) -> Int64 {
        var x: UInt64 = 0
        for (i, b) in try bytes(8).enumerated() { x |= UInt64(b) << (8 * UInt64(i)) }
        return Int64(bitPattern: x)
    }

    mutating func count() throws(Truncated) -> Int {
        let n = try int()
        guard n >= 0, n <= Int64(buffer.count) * 8 + 1_000_000 else { throw Truncated() }
        return Int(n)
    }

    mutating func string() throws(Truncated) -> String {
        String(decoding: try bytes(try count()), as: UTF8.self)
    }

    mutating func value() throws(Truncated) -> Value {
        switch try byte() {
        case 0: return .nil
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3: return .int(try int())
        case 4: return .double(Double(bitPattern: UInt64(bitPattern: try int())))
        case 5: return .string(try string())
        case 6:
            var items: [Value] = []
            for _ in 0..<(try count()) { items.append(try value()) }
            return .list(items)
        case 7:
            var entries: [String: Value] = [:]
            for _ in 0..<(try count()) { entries[try string()] = try value() }
            return .map(entries)
        default: throw Truncated()
        }
    }
}
