import JobRuntime
import Testing

/// The spec's test vectors, checked there by running Flink's own algorithm in Java.
@Suite struct KeyGroupTests {
    @Test func murmurHashMatchesFlink() {
        let vectors: [(Int32, Int32, Int)] = [
            (0, 593_689_054, 94), (1, 68_075_478, 86), (2, 1_085_422_463, 127),
            (3, 847_579_505, 113), (42, 1_134_849_565, 29), (-1, 1_982_413_648, 80),
        ]
        for (key, hash, group) in vectors {
            #expect(KeyGroups.murmurHash(key) == hash)
            #expect(KeyGroups.keyGroup(forHashCode: key, maxParallelism: 128) == group)
        }
    }

    @Test func stringsHashAsJavaStrings() {
        #expect(JavaHash.of("a") == 97)
        #expect(KeyGroups.murmurHash(JavaHash.of("a")) == 1_455_541_201)
        #expect(KeyGroups.keyGroup(forHashCode: JavaHash.of("a"), maxParallelism: 128) == 81)
        #expect(JavaHash.of("hello") == 99_162_322)
        #expect(KeyGroups.keyGroup(forHashCode: JavaHash.of("hello"), maxParallelism: 128) == 35)
        #expect(JavaHash.of(Int64(42)) == 42)
        #expect(JavaHash.of(Int64(1) << 40) == Int32(truncatingIfNeeded: (Int64(1) << 40) ^ (Int64(1) << 8)))
        #expect(JavaHash.of(true) == 1231)
    }

    @Test func keysGoToTheSubtasksFlinkSendsThemTo() {
        let subtasks = [0, 1, 2, 3, 42].map { key in
            KeyGroups.subtask(forKeyGroup: KeyGroups.keyGroup(forHashCode: Int32(key), maxParallelism: 128),
                              maxParallelism: 128, parallelism: 4)
        }
        #expect(subtasks == [2, 2, 3, 3, 0])
    }

    @Test func subtasksOwnContiguousRangesThatCoverEveryGroup() {
        #expect((0..<3).map { KeyGroups.range(forSubtask: $0, maxParallelism: 128, parallelism: 3) } == [0...42, 43...85, 86...127])
        #expect((0..<4).map { KeyGroups.range(forSubtask: $0, maxParallelism: 128, parallelism: 4) } == [0...31, 32...63, 64...95, 96...127])
        for p in 1...17 {
            for group in 0..<128 {
                let owner = KeyGroups.subtask(forKeyGroup: group, maxParallelism: 128, parallelism: p)
                #expect(KeyGroups.range(forSubtask: owner, maxParallelism: 128, parallelism: p).contains(group))
            }
        }
    }

    @Test func defaultMaxParallelismFollowsTheThresholds() {
        let cases = [(1, 128), (85, 128), (86, 256), (171, 256), (172, 512), (341, 512), (342, 1024),
                     (683, 1024), (684, 2048), (1365, 2048), (1366, 4096), (2731, 4096), (2732, 8192),
                     (5461, 8192), (5462, 16384), (10923, 16384), (10924, 32768), (40000, 32768)]
        for (p, m) in cases { #expect(KeyGroups.defaultMaxParallelism(forParallelism: p) == m, "p=\(p)") }
    }
}
