/// A subtask's keyed state: key → value, in the order keys first appeared.
///
/// Found by the key's murmur hash, which `key_by` already computed for partitioning, so a
/// record's key is hashed once on its way through the job and never by SipHash. Open
/// addressing with linear probing, kept at most half full.
struct KeyedTable {
    private var slots: [Int32] = Array(repeating: -1, count: 16)
    private var mask = 15
    /// Keys in first-seen order.
    private(set) var keys: [Value] = []
    private(set) var hashes: [Int32] = []
    /// Values, at the same index as their keys.
    var values: [Value] = []

    var count: Int { keys.count }

    /// The entry of `key`, or nil.
    func index(of key: Value, hash: Int32) -> Int? {
        var slot = Int(UInt32(bitPattern: hash)) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return nil }
            if hashes[entry] == hash && keys[entry].isSame(as: key) { return entry }
            slot = (slot + 1) & mask
        }
    }

    /// The entry of integer key `key`, or nil (the common case, without a general compare).
    func index(ofInt key: Int64, hash: Int32) -> Int? {
        var slot = Int(UInt32(bitPattern: hash)) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return nil }
            if hashes[entry] == hash, case .int(let k) = keys[entry], k == key { return entry }
            slot = (slot + 1) & mask
        }
    }

    /// Adds a key that is not in the table yet and returns its entry.
    @discardableResult
    mutating func append(_ key: Value, hash: Int32, value: Value) -> Int {
        if (keys.count + 1) * 2 > slots.count { grow() }
        let entry = keys.count
        keys.append(key)
        hashes.append(hash)
        values.append(value)
        place(entry)
        return entry
    }

    private mutating func place(_ entry: Int) {
        var slot = Int(UInt32(bitPattern: hashes[entry])) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(entry)
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for entry in keys.indices { place(entry) }
    }
}

extension Value {
    /// `==`, with integer keys (the common case) compared without the general witness.
    @inline(__always)
    func isSame(as other: Value) -> Bool {
        if case .int(let a) = self, case .int(let b) = other { return a == b }
        return self == other
    }
}
