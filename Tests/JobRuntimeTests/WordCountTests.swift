import Clock
import Foundation
import JobRuntime
import Testing

/// Word count over a generated text of a million words, checked against `sort | uniq -c`.
@Suite struct WordCountTests {
    /// One million words from a 5,000-word vocabulary, skewed so that some words are common,
    /// ten to a line; the same text for the same seed.
    static func writeText(to path: String, lines: Int = 100_000) throws {
        var random = SeededRandom(seed: 2026)
        var text = ""
        text.reserveCapacity(lines * 80)
        for line in 0..<lines {
            for word in 0..<10 {
                let rank = Int(Double(5000) * pow(Double.random(in: 0..<1, using: &random), 3))
                text += (word == 0 ? "" : " ") + "w\(rank)"
            }
            text += line % 1000 == 999 ? "\r\n" : "\n"  // a few Windows line ends
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func wordCountJob(input: String, output: String, parallelism: Int) -> JobGraph {
        var graph = JobGraph(name: "word count", parallelism: parallelism, mode: .batch)
        let lines = graph.add(.source(.lines(path: input), rate: nil))
        let words = graph.add(.flatMap(SwiftFunction("split", expanding: { line in
            guard case .string(let s) = line else { return [] }
            return s.split(separator: " ").map { .list([.string(String($0)), 1]) }
        })), input: lines)
        let keyed = graph.add(.keyBy(.field(.index(1))), input: words)
        let counts = graph.add(.aggregate(Aggregation(.sum, field: .index(2))), input: keyed)
        graph.add(.sink(.file(directory: output)), input: counts)
        return graph
    }

    /// "(word,count)" lines from every part file, as a dictionary.
    static func readCounts(_ directory: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for part in try FileManager.default.contentsOfDirectory(atPath: directory) {
            for line in try String(contentsOfFile: "\(directory)/\(part)", encoding: .utf8).split(separator: "\n") {
                let fields = line.dropFirst().dropLast().split(separator: ",")
                #expect(counts[String(fields[0])] == nil, "\(fields[0]) counted in two places")
                counts[String(fields[0])] = Int(fields[1])!
            }
        }
        return counts
    }

    /// The independent count: `tr -s ' \r' '\n' < text | sort | uniq -c`.
    static func shellCounts(_ path: String) throws -> [String: Int] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "tr -s ' \\r' '\\n\\n' < '\(path)' | sort | uniq -c"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var counts: [String: Int] = [:]
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2 { counts[String(fields[1])] = Int(fields[0])! }
        }
        return counts
    }

    @Test func countsEqualSortUniqAtParallelismOneTwoAndFour() throws {
        let dir = NSTemporaryDirectory() + "floe-wordcount-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let input = dir + "/words.txt"
        try Self.writeText(to: input)
        let expected = try Self.shellCounts(input)
        #expect(expected.values.reduce(0, +) == 1_000_000)
        for parallelism in [1, 2, 4] {
            let output = dir + "/out-\(parallelism)"
            let job = try runToEnd(Self.wordCountJob(input: input, output: output, parallelism: parallelism))
            #expect(job.status == .finished)
            #expect(try Self.readCounts(output) == expected, "parallelism \(parallelism)")
        }
    }
}
