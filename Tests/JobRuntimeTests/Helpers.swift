import Clock
import JobRuntime
import Synchronization

/// Runs a job on a fresh virtual clock until it ends (or `limit` virtual seconds pass).
@discardableResult
func runToEnd(_ graph: JobGraph, _ configure: (inout JobConfiguration) -> Void = { _ in },
              limit: Double = 86_400, prepare: (JobManager) -> Void = { _ in }) throws -> JobManager {
    var configuration = JobConfiguration()
    configure(&configuration)
    let clock = VirtualClock()
    let job = try JobManager(graph: graph, configuration: configuration, clock: clock)
    prepare(job)
    job.submit()
    _ = clock.advance(to: Instant(seconds: limit), stop: { job.status.isTerminal })
    return job
}

/// The job's status path: "INITIALIZING CREATED RUNNING …".
func jobPath(_ job: JobManager) -> [String] {
    job.events.filter { $0.subject == .job }.map(\.to)
}

/// When (virtual seconds) the job entered each status.
func jobTimes(_ job: JobManager) -> [(String, Double)] {
    job.events.filter { $0.subject == .job }.map { ($0.to, $0.time.seconds) }
}

/// A map that fails on record `at` in each of its first `times` runs over it, then passes.
func failingMap(at trigger: Value, times: Int) -> SwiftFunction {
    let failures = Atomic<Int>(0)
    return SwiftFunction("flaky map") { value throws(JobError) in
        if value == trigger, failures.add(1, ordering: .relaxed).newValue <= times {
            throw JobError(code: "IllegalStateException", message: "record \(value) is cursed")
        }
        return value
    }
}

import Foundation

enum FileSystem {
    static func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
    static func remove(_ path: String) throws { try FileManager.default.removeItem(atPath: path) }
}
