import JobRuntime
import Testing

@Suite struct JobStatusTests {
    /// Walks a path through the table, failing at the first edge it does not allow.
    func walk(_ path: [JobStatus], _ era: SchedulerEra) -> Bool {
        zip(path, path.dropFirst()).allSatisfy { JobStatusTransitions.isAllowed(from: $0, to: $1, era: era) }
    }

    @Test func terminalClassesFollowFlink() {
        #expect(JobStatus.allCases.filter(\.isGloballyTerminal) == [.failed, .canceled, .finished])
        #expect(JobStatus.allCases.filter(\.isTerminal) == [.failed, .canceled, .finished, .suspended])
        for status in JobStatus.allCases where status.isTerminal {
            #expect(JobStatusTransitions.allowed(from: status, era: .defaultScheduler).isEmpty)
            #expect(JobStatusTransitions.allowed(from: status, era: .legacy).isEmpty)
        }
    }

    @Test func aRestartableFailureSkipsFailingFrom1_10On() {
        #expect(walk([.initializing, .created, .running, .restarting, .running, .finished], .defaultScheduler))
        #expect(walk([.running, .restarting, .restarting, .failing, .failed], .defaultScheduler))
        #expect(!JobStatusTransitions.isAllowed(from: .running, to: .created, era: .defaultScheduler))
        #expect(!JobStatusTransitions.isAllowed(from: .failing, to: .restarting, era: .defaultScheduler))
    }

    @Test func aRestartableFailureGoesThroughFailingIn1_8() {
        #expect(walk([.created, .running, .failing, .restarting, .created, .running], .legacy))
        #expect(walk([.running, .failing, .failed], .legacy))
        #expect(walk([.restarting, .canceled], .legacy))
        #expect(!JobStatusTransitions.isAllowed(from: .running, to: .restarting, era: .legacy))
    }

    @Test func anyLiveStatusCanBeSuspended() {
        for status in JobStatus.allCases where !status.isTerminal {
            #expect(JobStatusTransitions.isAllowed(from: status, to: .suspended, era: .defaultScheduler))
        }
    }

    @Test func versionsPickTheirEra() {
        #expect(FlinkVersion("FLINK-1_8")?.era == .legacy)
        #expect(FlinkVersion("1.11")?.era == .defaultScheduler)
        #expect(FlinkVersion("FLINK-1_20") == .v1_20)
        #expect(FlinkVersion("flink") == nil)
        #expect(FlinkVersion.v1_8.startsInitializing == false && FlinkVersion.v1_15.startsInitializing)
        #expect(FlinkVersion.v1_11.tasksInitialize == false && FlinkVersion.v1_13.tasksInitialize)
    }
}

@Suite struct ExecutionStateTests {
    @Test func attemptsMoveForwardOnlyAndFailFromAnywhereLive() {
        #expect(ExecutionState.created.allowedNext == [.scheduled, .canceled, .reconciling, .failed])
        #expect(ExecutionState.deploying.allowedNext.contains(.initializing))
        #expect(ExecutionState.deploying.allowedNext.contains(.running))  // before 1.13
        #expect(!ExecutionState.running.allowedNext.contains(.created))
        for state in ExecutionState.allCases where !state.isTerminal {
            #expect(state.allowedNext.contains(.failed))
        }
        #expect(ExecutionState.finished.allowedNext.isEmpty)
    }

    @Test func aVertexRollsUpItsSubtasksFirstMatchWins() {
        #expect(ExecutionState.rollUp([.running, .failed, .canceling]) == .failed)
        #expect(ExecutionState.rollUp([.running, .canceling, .canceled]) == .canceling)
        #expect(ExecutionState.rollUp([.running, .canceled]) == .canceled)
        #expect(ExecutionState.rollUp([.running, .initializing]) == .initializing)
        #expect(ExecutionState.rollUp([.finished, .running]) == .running)
        #expect(ExecutionState.rollUp([.finished, .created]) == .running)
        #expect(ExecutionState.rollUp([.finished, .finished]) == .finished)
        #expect(ExecutionState.rollUp([.scheduled, .deploying]) == .created)
    }
}
