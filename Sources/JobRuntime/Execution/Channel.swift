/// What travels through a channel.
enum Element {
    case records([Record])
    /// Checkpoint barrier n (aligned checkpoints).
    case barrier(Int64)
    /// Event time has reached this instant (nanoseconds): no record stamped earlier follows.
    case watermark(Int64)
    /// The producer will send nothing more.
    case endOfInput
}

/// The one-producer, one-consumer queue between two subtasks.
///
/// It is double-buffered by round: during a round the producer appends to `incoming` and
/// the consumer reads `outgoing`, each from its own thread, so no record ever takes a
/// lock; between rounds the data plane moves `incoming` behind `outgoing`. What a consumer
/// sees in a round is therefore fixed when the round starts, whatever the threads do.
final class Channel {
    private var outgoing: [Element] = []
    private var readIndex = 0
    private var incoming: [Element] = []
    /// Consumer-only: records taken this round.
    private var consumedRecords = 0
    /// Producer-only: records sent this round.
    private var sentRecords = 0
    /// Set between rounds: records waiting when the round began (read by the producer).
    private var queuedAtRoundStart = 0

    /// Producer side.
    func send(_ element: Element) {
        if case .records(let batch) = element { sentRecords += batch.count }
        incoming.append(element)
    }

    /// Producer side: records waiting for the consumer, as far as the producer may know
    /// (the round's start, plus what it sent since). Backpressure looks at this.
    var backlog: Int { queuedAtRoundStart + sentRecords }

    /// Consumer side: the next element readable this round.
    func peek() -> Element? { readIndex < outgoing.count ? outgoing[readIndex] : nil }

    /// Consumer side: takes the next element readable this round.
    func take() -> Element? {
        guard readIndex < outgoing.count else { return nil }
        let element = outgoing[readIndex]
        outgoing[readIndex] = .endOfInput  // release the batch's storage now
        readIndex += 1
        if case .records(let batch) = element { consumedRecords += batch.count }
        return element
    }

    /// Between rounds (no thread touches the channel): what was sent becomes readable.
    func advanceRound() {
        if readIndex > 0 {
            outgoing.removeFirst(readIndex)
            readIndex = 0
        }
        outgoing.append(contentsOf: incoming)
        incoming.removeAll(keepingCapacity: true)
        queuedAtRoundStart += sentRecords - consumedRecords
        sentRecords = 0
        consumedRecords = 0
    }

    /// Nothing readable and nothing sent (between rounds).
    var isEmpty: Bool { readIndex >= outgoing.count && incoming.isEmpty }

    /// Drops everything (a restart cancels what was in flight).
    func clear() {
        outgoing.removeAll()
        incoming.removeAll()
        readIndex = 0
        consumedRecords = 0
        sentRecords = 0
        queuedAtRoundStart = 0
    }
}
