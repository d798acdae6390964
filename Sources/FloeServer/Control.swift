#if canImport(Glibc)
import Glibc
#endif
import Clock
import JobRuntime
import Lifecycle
import LuaHost

/// The control thread's side of the server: it owns the host and answers each request, the
/// service's operations through the same `ServiceAPI` as `floe.aws`, and floe's own routes:
/// `GET /_floe/health`, `GET /_floe/clock`, `POST /_floe/advance` (on the virtual clock
/// only) and `GET /`, the live page.
final class Control {
    let host: FloeHost
    let options: ServeOptions
    /// Who may call (`--credentials`); nil: anyone, with any credentials.
    let signatures: SigV4?
    private var requests = 0
    /// DescribeApplication's answers, until their application changes.
    private lazy var describeCache = DescribeCache(engine: { [host] in host.engine }, epoch: { [host] in host.serviceEpoch })

    init(host: FloeHost, options: ServeOptions, signatures: SigV4?) {
        self.host = host
        self.options = options
        self.signatures = signatures
    }

    func answer(_ request: WireRequest) -> WireResponse {
        requests += 1
        var response = route(request)
        response.headers.append(("x-amzn-RequestId", requestID(requests)))
        return response
    }

    private func route(_ request: WireRequest) -> WireResponse {
        let path = String(request.path.prefix { $0 != "?" })
        switch (request.method, path) {
        case ("GET", "/_floe/health"):
            return .json(200, .map(["status": .string("serving"), "virtual": .bool(options.virtual)]), contentType: "application/json")
        case ("GET", "/_floe/clock"):
            return .json(200, clock, contentType: "application/json")
        case ("POST", "/_floe/advance"):
            return advance(request)
        case ("GET", "/"), ("GET", "/index.html"):
            return WireResponse(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")],
                                body: Array(host.reportPage(refreshSeconds: 2).utf8))
        default:
            if let signatures {
                do throws(SigV4.Refusal) {
                    try signatures.check(request, now: FloeServe.wallSeconds(CLOCK_REALTIME))
                } catch {
                    return AWSJSON.error(403, error.code, error.message)
                }
            }
            return AWSJSON.answer(request, cache: describeCache) { service, operation, input throws(LifecycleError) in
                switch service {
                case .kinesisAnalytics: try host.callService(operation, input)
                case .logs: try CloudWatchLogs(host: host).answer(operation, input)
                }
            }
        }
    }

    /// Where the clock stands: seconds since its zero, as people read it, and as epoch seconds.
    private var clock: Value {
        let now = host.clock.now.seconds
        return .map([
            "seconds": .double(now), "time": .string(host.timeText(now)), "epoch": .double(host.serviceEpoch + now),
            "virtual": .bool(options.virtual), "speed": options.virtual ? .nil : .double(options.speed),
        ])
    }

    /// `POST /_floe/advance` with `{"seconds": N}`: lets N seconds of virtual time pass.
    private func advance(_ request: WireRequest) -> WireResponse {
        guard options.virtual else {
            return AWSJSON.error(400, "InvalidRequestException", "the clock follows wall time (×\(options.speed)); /_floe/advance is for floe serve --virtual")
        }
        let seconds: Double
        do throws(JSONValue.Malformed) {
            let body = try JSONValue.request(request.body)
            guard let s = body["seconds"].double, s.isFinite, s >= 0 else {
                return AWSJSON.error(400, "InvalidArgumentException", "advance takes {\"seconds\": a non-negative number}")
            }
            seconds = s
        } catch {
            return AWSJSON.error(400, "SerializationException", error.reason)
        }
        do throws(FloeError) {
            try host.advance(bySeconds: seconds)
        } catch {
            return AWSJSON.error(500, error.code, error.message)
        }
        return .json(200, clock, contentType: "application/json")
    }

    /// A request id as the service's look (a UUID), counted so that a run repeats byte for byte.
    private func requestID(_ n: Int) -> String {
        let digits = String(n, radix: 16)
        return "00000000-0000-4000-8000-" + String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }
}
