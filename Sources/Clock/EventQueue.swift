import HeapModule

/// Identifies a scheduled event, so that it can be cancelled.
public struct EventID: Hashable, Sendable {
    let sequence: UInt64
}

/// The discrete-event queue both clocks share: events in time order, ties broken by the
/// order they were scheduled in, so the same schedule always fires in the same order.
struct EventQueue {
    private struct Entry: Comparable {
        let time: Instant
        let sequence: UInt64
        let action: () -> Void
        /// The part that may run off the clock's thread, first.
        let work: OwnedWork?
        /// Who scheduled it, for the watchdog's message.
        let source: (any EventSource)?

        static func < (a: Entry, b: Entry) -> Bool {
            (a.time, a.sequence) < (b.time, b.sequence)
        }
        static func == (a: Entry, b: Entry) -> Bool { a.sequence == b.sequence }
    }

    private var heap = Heap<Entry>()
    /// Sequence numbers of cancelled events still in the heap (usually none: an event costs
    /// no hashing unless some are cancelled).
    private var cancelled = Set<UInt64>()
    private var nextSequence: UInt64 = 0

    /// Events still to fire.
    var count: Int { heap.count - cancelled.count }

    mutating func insert(at time: Instant, by source: (any EventSource)?, work: OwnedWork? = nil,
                         _ action: @escaping () -> Void) -> EventID {
        nextSequence += 1
        heap.insert(Entry(time: time, sequence: nextSequence, action: action, work: work, source: source))
        return EventID(sequence: nextSequence)
    }

    /// Cancels a pending event; cancelling one that already fired or was cancelled does nothing.
    mutating func cancel(_ id: EventID) {
        guard !cancelled.contains(id.sequence), heap.unordered.contains(where: { $0.sequence == id.sequence }) else { return }
        cancelled.insert(id.sequence)
    }

    /// Forgets every pending event.
    mutating func removeAll() {
        heap = Heap()
        cancelled.removeAll()
    }

    /// The time of the earliest pending event.
    mutating func nextTime() -> Instant? {
        dropCancelled()
        return heap.min?.time
    }

    /// Removes and returns the earliest pending event if it is due at or before `limit`.
    mutating func popEvent(notAfter limit: Instant) -> (time: Instant, action: () -> Void, work: OwnedWork?, source: (any EventSource)?)? {
        dropCancelled()
        guard let first = heap.min, first.time <= limit else { return nil }
        heap.removeMin()
        return (first.time, first.action, first.work, first.source)
    }

    /// Removes and returns the earliest pending event if it is due at `time` and has owned
    /// work of an owner not in `owners`.
    mutating func popOwnedWork(at time: Instant, besides owners: Set<ObjectIdentifier>) -> (action: () -> Void, work: OwnedWork, source: (any EventSource)?)? {
        dropCancelled()
        guard let first = heap.min, first.time == time, let work = first.work, !owners.contains(work.owner) else { return nil }
        heap.removeMin()
        return (first.action, work, first.source)
    }

    private mutating func dropCancelled() {
        guard !cancelled.isEmpty else { return }
        while let first = heap.min, cancelled.contains(first.sequence) {
            heap.removeMin()
            cancelled.remove(first.sequence)
        }
    }
}
