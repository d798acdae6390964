import NIOCore
import NIOHTTP1

/// One connection's HTTP/1.1 requests: each collected whole (up to the body limit), handed
/// to the control queue, and answered when the control thread has answered it. NIO's
/// pipelining helper keeps a connection's answers in its requests' order.
final class HTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let queue: ControlQueue
    private let maxBody: Int
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var tooLarge = false
    /// Requests handed on and not answered yet.
    private var outstanding = 0

    init(queue: ControlQueue, maxBody: Int) {
        self.queue = queue
        self.maxBody = maxBody
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.removeAll(keepingCapacity: true)
            tooLarge = false
        case .body(let chunk):
            if body.count + chunk.readableBytes > maxBody { tooLarge = true } else { body += chunk.readableBytesView }
        case .end:
            guard let head else { return }
            self.head = nil
            let keepAlive = head.isKeepAlive
            if tooLarge {
                let message = "the request body is larger than \(maxBody) bytes"
                return respond(context, AWSJSON.error(413, "SerializationException", message), keepAlive: false)
            }
            let request = WireRequest(method: head.method.rawValue, path: head.uri,
                                      headers: head.headers.map { ($0.name, $0.value) }, body: body)
            let promise = context.eventLoop.makePromise(of: WireResponse.self)
            outstanding += 1
            queue.submit(request, promise)
            promise.futureResult.assumeIsolated().whenSuccess { response in
                self.outstanding -= 1
                self.respond(context, response, keepAlive: keepAlive)
            }
        }
    }

    /// Nothing read for the request timeout: a request begun and never finished, or a
    /// connection left idle, is closed; one waiting for its answer is left to get it.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read, head != nil || outstanding == 0 {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func respond(_ context: ChannelHandlerContext, _ response: WireResponse, keepAlive: Bool) {
        var headers = HTTPHeaders(response.headers)
        headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))), promise: nil)
        let done = context.writeAndFlushPromise()
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: done)
        if !keepAlive {
            done.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}

extension ChannelHandlerContext {
    fileprivate func writeAndFlushPromise() -> EventLoopPromise<Void> { eventLoop.makePromise(of: Void.self) }
}
