import Dispatch
import NIOCore
import Synchronization

/// Requests from every connection, handed to the one control thread that owns the host
/// (design: Threads), in the order they arrived; each answered through its promise, on
/// its connection's event loop.
final class ControlQueue: Sendable {
    typealias Item = (request: WireRequest, promise: EventLoopPromise<WireResponse>)

    private let items = Mutex<[Item]>([])
    private let arrived = DispatchSemaphore(value: 0)

    func submit(_ request: WireRequest, _ promise: EventLoopPromise<WireResponse>) {
        items.withLock { $0.append((request, promise)) }
        arrived.signal()
    }

    /// What has arrived, waiting up to `seconds` for the first when none has.
    func take(waiting seconds: Double) -> [Item] {
        let waiting = items.withLock { $0.isEmpty }
        if waiting { _ = arrived.wait(timeout: .now() + seconds) }
        return items.withLock { items in
            defer { items.removeAll() }
            return items
        }
    }
}
