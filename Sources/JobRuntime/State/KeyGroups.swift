/// Flink's key groups: how keyed state is split among subtasks and re-split on rescale
/// (spec: flink-runtime §9, `KeyGroupRangeAssignment`).
public enum KeyGroups {
    /// The most key groups (and so the highest max parallelism) Flink allows: 2¹⁵.
    public static let upperBound = 32768

    /// Flink's default max parallelism for an operator of parallelism `p`:
    /// `min(max(roundUpToPowerOfTwo(p + p/2), 128), 32768)`.
    public static func defaultMaxParallelism(forParallelism p: Int) -> Int {
        let wanted = p + p / 2
        var power = 1
        while power < wanted { power <<= 1 }
        return min(max(power, 128), upperBound)
    }

    /// Flink's `MathUtils.murmurHash(int)`.
    public static func murmurHash(_ code: Int32) -> Int32 {
        var c = UInt32(bitPattern: code)
        c = c &* 0xCC9E_2D51
        c = (c << 15) | (c >> 17)
        c = c &* 0x1B87_3593
        c = (c << 13) | (c >> 19)
        c = c &* 5 &+ 0xE654_6B64
        c ^= 4
        c ^= c >> 16
        c = c &* 0x85EB_CA6B
        c ^= c >> 13
        c = c &* 0xC2B2_AE35
        c ^= c >> 16
        let signed = Int32(bitPattern: c)
        if signed >= 0 { return signed }
        return signed == Int32.min ? 0 : -signed
    }

    /// The key group of a key with Java hash code `hashCode`: `murmurHash(hashCode) % M`.
    public static func keyGroup(forHashCode hashCode: Int32, maxParallelism: Int) -> Int {
        Int(murmurHash(hashCode)) % maxParallelism
    }

    /// The subtask that owns a key group: `kg · p / M`.
    public static func subtask(forKeyGroup keyGroup: Int, maxParallelism: Int, parallelism: Int) -> Int {
        keyGroup * parallelism / maxParallelism
    }

    /// The key groups subtask `i` of `p` owns: `[(i·M + p − 1)/p, ((i+1)·M − 1)/p]`.
    public static func range(forSubtask i: Int, maxParallelism: Int, parallelism: Int) -> ClosedRange<Int> {
        ((i * maxParallelism + parallelism - 1) / parallelism)...(((i + 1) * maxParallelism - 1) / parallelism)
    }
}

/// Java's `hashCode` for the key types floe's records carry, so that keys land in the same
/// key groups as they would in Flink: integers that fit in 32 bits hash as `Integer`, wider
/// ones as `Long`, strings as `String` (UTF-16 units), booleans as `Boolean`, floats as `Double`.
public enum JavaHash {
    public static func of(_ value: Int64) -> Int32 {
        if let small = Int32(exactly: value) { return small }
        return Int32(truncatingIfNeeded: value ^ Int64(bitPattern: UInt64(bitPattern: value) >> 32))
    }

    public static func of(_ string: String) -> Int32 {
        var h: Int32 = 0
        for unit in string.utf16 { h = 31 &* h &+ Int32(unit) }
        return h
    }

    public static func of(_ value: Bool) -> Int32 { value ? 1231 : 1237 }

    public static func of(_ value: Double) -> Int32 {
        // NaN canonical as in doubleToLongBits; −0.0 as 0.0, since Lua treats them as one key.
        let bits = value.isNaN ? Int64(0x7FF8_0000_0000_0000) : Int64(bitPattern: (value == 0 ? 0.0 : value).bitPattern)
        return Int32(truncatingIfNeeded: bits ^ Int64(bitPattern: UInt64(bitPattern: bits) >> 32))
    }
}
