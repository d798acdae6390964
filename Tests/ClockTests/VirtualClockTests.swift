import Clock
import Testing

@Suite struct VirtualClockTests {
    @Test func eventsFireInTimeOrderWithTiesInSchedulingOrder() {
        let clock = VirtualClock()
        var fired: [String] = []
        clock.schedule(after: 5) { fired.append("b@5") }
        clock.schedule(after: 1) { fired.append("a@1") }
        clock.schedule(after: 5) { fired.append("c@5") }
        clock.schedule(after: 9) { fired.append("d@9") }
        #expect(clock.advance(bySeconds: 6) == .reached)
        #expect(fired == ["a@1", "b@5", "c@5"])
        #expect(clock.now == Instant(seconds: 6))
        #expect(clock.pendingEvents == 1)
    }

    @Test func timeJumpsFromEventToEventAndEventsSeeTheirOwnTime() {
        let clock = VirtualClock()
        var seen: [Double] = []
        clock.schedule(after: 3600) { seen.append(clock.now.seconds) }
        clock.schedule(after: 7200) { seen.append(clock.now.seconds) }
        _ = clock.advance(bySeconds: 6 * 3600)
        #expect(seen == [3600, 7200])
        #expect(clock.now.seconds == 21600)
    }

    @Test func eventsScheduledDuringAnAdvanceRunInTheSameAdvance() {
        let clock = VirtualClock()
        var fired: [Double] = []
        func tick() {
            fired.append(clock.now.seconds)
            if fired.count < 5 { clock.schedule(after: 10, tick) }
        }
        clock.schedule(after: 10, tick)
        _ = clock.advance(bySeconds: 100)
        #expect(fired == [10, 20, 30, 40, 50])
    }

    @Test func cancelledEventsNeverFire() {
        let clock = VirtualClock()
        var fired = false
        let id = clock.schedule(after: 1) { fired = true }
        clock.cancel(id)
        clock.cancel(id)
        _ = clock.advance(bySeconds: 2)
        #expect(!fired)
        #expect(clock.pendingEvents == 0)
    }

    @Test func aStopConditionEndsTheAdvanceWhereItHolds() {
        let clock = VirtualClock()
        var count = 0
        for i in 1...10 { clock.schedule(after: Double(i)) { count += 1 } }
        #expect(clock.advance(bySeconds: 100, stop: { count == 3 }) == .stopped)
        #expect(clock.now == Instant(seconds: 3))
        #expect(clock.advance(bySeconds: 100) == .reached)
        #expect(count == 10)
    }

    @Test func virtualTimeIsExactOverAMillionSteps() {
        var t = Instant.zero
        for _ in 0..<1_000_000 { t = t.advanced(bySeconds: 0.1) }
        #expect(t == Instant(seconds: 100_000))
    }

    @Test func pastEventsFireOnTheNextAdvanceWithoutMovingTimeBack() {
        let clock = VirtualClock()
        _ = clock.advance(bySeconds: 10)
        var at: Double?
        clock.schedule(at: Instant(seconds: 2)) { at = clock.now.seconds }
        _ = clock.advance(bySeconds: 0)
        #expect(at == 10)
    }
}

@Suite struct SeededRandomTests {
    @Test func theSameSeedGivesTheSameSequence() {
        var a = SeededRandom(seed: 42), b = SeededRandom(seed: 42)
        let first = (0..<100).map { _ in a.next() }
        #expect(first == (0..<100).map { _ in b.next() })
        var c = SeededRandom(seed: 43)
        #expect(first != (0..<100).map { _ in c.next() })
    }

    @Test func itServesTheStandardLibrarysRandomAPIs() {
        var g = SeededRandom(seed: 7)
        let rolls = (0..<1000).map { _ in Int.random(in: 1...6, using: &g) }
        #expect(Set(rolls) == Set(1...6))
        var h = SeededRandom(seed: 7)
        #expect(rolls == (0..<1000).map { _ in Int.random(in: 1...6, using: &h) })
    }
}

@Suite struct WallClockTests {
    @Test func dueEventsRunWithoutSleepingAndAStopEndsAtOnce() {
        let clock = WallClock()
        var fired = false
        clock.schedule(at: .zero) { fired = true }
        #expect(clock.advance(to: clock.now, stop: { false }) == .reached)
        #expect(fired)
        // A stop condition that already holds returns before any real waiting.
        #expect(clock.advance(bySeconds: 3600, stop: { true }) == .stopped)
    }
}

/// Owned work: events due at one instant run their work on the runner's threads while
/// their actions run in queue order, each after its own work and after the work of any
/// owner it settles.
@Suite struct SideBySideTests {
    final class Owner {}

    /// Runs nothing ahead: each piece when the clock waits for it, the rest at `finish`.
    final class LazyRunner: WorkRunner {
        var works: [OwnedWork] = []
        var ran: [Bool] = []
        var batches: [Int] = []
        func start(_ works: [OwnedWork]) {
            self.works = works
            ran = works.map { _ in false }
            batches.append(works.count)
        }
        func wait(for index: Int) {
            guard !ran[index] else { return }
            ran[index] = true
            works[index].run()
        }
        func finish() { for i in works.indices { wait(for: i) } }
    }

    @Test func workDueAtOneInstantGoesToTheRunnerAndTheActionsRunInOrder() {
        let clock = VirtualClock()
        let runner = LazyRunner()
        clock.workRunner = runner
        var log: [String] = []
        let a = Owner(), b = Owner(), c = Owner()
        for (name, owner) in [("a", a), ("b", b), ("c", c)] {
            clock.schedule(at: Instant(seconds: 5), work: OwnedWork(owner: owner) { log.append("work \(name)") }) { log.append("action \(name)") }
        }
        clock.schedule(at: Instant(seconds: 5)) { log.append("plain") }                       // ends the run of owned work
        clock.schedule(at: Instant(seconds: 5), work: OwnedWork(owner: a) { log.append("work a2") }) { log.append("action a2") }
        clock.schedule(at: Instant(seconds: 5), work: OwnedWork(owner: a) { log.append("work a3") }) { log.append("action a3") }  // same owner: apart
        _ = clock.advance(to: Instant(seconds: 10), concurrently: true, stop: { false })
        #expect(log == ["work a", "action a", "work b", "action b", "work c", "action c", "plain",
                        "work a2", "action a2", "work a3", "action a3"])
        #expect(runner.batches == [3], "one batch of three; the lone ones run here")
    }

    @Test func anActionThatReachesAnotherOwnerSettlesItsWorkFirst() {
        let clock = VirtualClock()
        clock.workRunner = LazyRunner()
        var log: [String] = []
        let a = Owner(), b = Owner(), c = Owner()
        clock.schedule(at: Instant(seconds: 1), work: OwnedWork(owner: a) { log.append("work a") }) {
            log.append("action a")
            clock.settle(c)  // as a job does when something reads its metrics
            log.append("a read c")
            clock.settle(c)  // once is enough
        }
        clock.schedule(at: Instant(seconds: 1), work: OwnedWork(owner: b) { log.append("work b") }) { log.append("action b") }
        clock.schedule(at: Instant(seconds: 1), work: OwnedWork(owner: c) { log.append("work c") }) { log.append("action c") }
        _ = clock.advance(bySeconds: 2, concurrently: true)
        #expect(log == ["work a", "action a", "work c", "a read c", "work b", "action b", "action c"])
        clock.settle(a)  // outside a batch: nothing to wait for
    }

    @Test func withoutConcurrentlyEveryEventRunsWholeInTurn() {
        let clock = VirtualClock()
        let runner = LazyRunner()
        clock.workRunner = runner
        var log: [String] = []
        let owners = [Owner(), Owner()]
        for (name, owner) in zip(["a", "b"], owners) {
            clock.schedule(at: Instant(seconds: 1), work: OwnedWork(owner: owner) { log.append("work \(name)") }) { log.append("action \(name)") }
        }
        _ = clock.advance(bySeconds: 2)
        #expect(log == ["work a", "action a", "work b", "action b"])
        #expect(runner.batches.isEmpty, "nothing went to the runner")
    }
}

/// The watchdog: no event source can turn an advance into a silent spin.
@Suite struct WatchdogTests {
    final class Looper: EventSource {
        let clock: VirtualClock
        var fired = 0
        init(_ clock: VirtualClock) { self.clock = clock }
        var eventSourceName: String { "the looping source" }
        /// Schedules itself again at the same instant, for ever.
        func loop() {
            fired += 1
            clock.schedule(at: clock.now, by: self) { [self] in loop() }
        }
    }

    @Test func aSourceThatKeepsSchedulingAtOneInstantStallsTheAdvanceAndIsNamed() {
        let clock = VirtualClock()
        clock.stallLimit = 50_000
        let looper = Looper(clock)
        clock.schedule(at: Instant(seconds: 2), by: looper) { looper.loop() }
        let outcome = clock.advance(bySeconds: 10)
        guard case .stalled(let stall) = outcome else { Issue.record("expected a stall, got \(outcome)"); return }
        #expect(stall.instant == Instant(seconds: 2))
        #expect(stall.events == 50_000)
        #expect(stall.sources == [ClockStall.Source(name: "the looping source", events: VirtualClock.tallied)])
        #expect(stall.description == "virtual time stood still at 2.0 s for 50000 events; what kept scheduling them: the looping source (4096 of the last 4096)")
        #expect(clock.now == Instant(seconds: 2))
        // The events stay queued; the next advance runs the same bound again.
        #expect(clock.pendingEvents == 1)
        if case .stalled = clock.advance(bySeconds: 1) {} else { Issue.record("the loop goes on, so the next advance stalls too") }
        #expect(looper.fired == 100_000)
    }

    @Test func aBurstWithinTheBoundAndTimeThatMovesAreNoStall() {
        let clock = VirtualClock()
        clock.stallLimit = 1000
        var fired = 0
        for _ in 0..<999 { clock.schedule(at: Instant(seconds: 1)) { fired += 1 } }
        // Ten thousand events, a thousand per instant at most: time moves between them.
        for i in 0..<10_000 { clock.schedule(at: Instant(seconds: 2 + Double(i / 500))) { fired += 1 } }
        #expect(clock.advance(bySeconds: 100) == .reached)
        #expect(fired == 10_999)
    }

    @Test func theClockNeverMovesPastItsLastInstant() {
        let clock = VirtualClock()
        var fired = false
        clock.schedule(at: Instant(nanoseconds: .max)) { fired = true }
        #expect(clock.advance(to: Instant(nanoseconds: .max)) == .reached)
        #expect(clock.now == .latest)
        #expect(!fired)
        #expect(Instant.latest.seconds > 4.6e9)
    }
}
