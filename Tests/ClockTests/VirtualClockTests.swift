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

/// Owned work: events due at one instant run their work side by side, then their actions
/// in queue order.
@Suite struct SideBySideTests {
    final class Owner {}

    @Test func workDueAtOneInstantRunsTogetherThenTheActionsInOrder() {
        let clock = VirtualClock()
        var log: [String] = []
        var batches: [[Int]] = []
        clock.runSideBySide = { works in
            batches.append(works.indices.map { $0 })
            for work in works { work.run() }
        }
        let a = Owner(), b = Owner(), c = Owner()
        for (name, owner) in [("a", a), ("b", b), ("c", c)] {
            clock.schedule(at: Instant(seconds: 5), work: OwnedWork(owner: owner) { log.append("work \(name)") }) { log.append("action \(name)") }
        }
        clock.schedule(at: Instant(seconds: 5)) { log.append("plain") }                       // ends the run of owned work
        clock.schedule(at: Instant(seconds: 5), work: OwnedWork(owner: a) { log.append("work a2") }) { log.append("action a2") }
        clock.schedule(at: Instant(seconds: 5), work: OwnedWork(owner: a) { log.append("work a3") }) { log.append("action a3") }  // same owner: apart
        _ = clock.advance(to: Instant(seconds: 10), concurrently: true, stop: { false })
        #expect(log == ["work a", "work b", "work c", "action a", "action b", "action c", "plain",
                        "work a2", "action a2", "work a3", "action a3"])
        #expect(batches == [[0, 1, 2]], "one batch of three; the lone ones run here")
    }

    @Test func withoutConcurrentlyEveryEventRunsWholeInTurn() {
        let clock = VirtualClock()
        var log: [String] = []
        clock.runSideBySide = { _ in Issue.record("nothing runs side by side") }
        let owners = [Owner(), Owner()]
        for (name, owner) in zip(["a", "b"], owners) {
            clock.schedule(at: Instant(seconds: 1), work: OwnedWork(owner: owner) { log.append("work \(name)") }) { log.append("action \(name)") }
        }
        _ = clock.advance(bySeconds: 2)
        #expect(log == ["work a", "action a", "work b", "action b"])
    }
}
