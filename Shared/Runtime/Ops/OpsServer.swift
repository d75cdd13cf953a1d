import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus

/// The HTTP listener of a stage process: `/healthz`, `/readyz` and `/metrics` (Prometheus text).
public final class OpsServer: Sendable {
    private let channel: any Channel
    /// The port actually bound (the one asked for, or a free one when asked for 0).
    public let port: Int

    private init(channel: any Channel, port: Int) {
        self.channel = channel
        self.port = port
    }

    /// Binds and starts serving; a port in use throws an error saying so.
    /// - Parameter readinessGauge: set to 1 or 0 from `readiness` just before each `/metrics` answer, so the
    ///   scrape says whether the stage is ready (what the alert on a stage not ready selects on).
    public static func start(
        host: String = "0.0.0.0",
        port: Int,
        registry: PrometheusCollectorRegistry,
        readiness: @escaping @Sendable () -> Readiness,
        readinessGauge: Prometheus.Gauge? = nil,
        logger: Logger
    ) async throws -> OpsServer {
        let routes = OpsRoutes(registry: registry, readiness: readiness, readinessGauge: readinessGauge)
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.backlog, value: 64)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline(withErrorHandling: true).flatMap {
                    channel.pipeline.addHandler(OpsHTTPHandler(routes: routes))
                }
            }
        do {
            let channel = try await bootstrap.bind(host: host, port: port).get()
            let bound = channel.localAddress?.port ?? port
            logger.info("ops listener started", metadata: ["address": "\(host):\(bound)"])
            return OpsServer(channel: channel, port: bound)
        } catch {
            throw RuntimeError(.opsListenerUnavailable, "cannot listen on \(host):\(port) (\(error)); pass another --http-port (0 picks a free one)")
        }
    }

    /// Stops listening.
    public func shutdown() async {
        try? await channel.close()
    }
}

/// What each path answers.
struct OpsRoutes: Sendable {
    let registry: PrometheusCollectorRegistry
    let readiness: @Sendable () -> Readiness
    let readinessGauge: Prometheus.Gauge?

    func respond(method: HTTPMethod, path: String) -> (HTTPResponseStatus, String, [UInt8]) {
        let path = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        guard ["/healthz", "/readyz", "/metrics"].contains(path) else { return (.notFound, "text/plain", Array("not found\n".utf8)) }
        guard method == .GET || method == .HEAD else { return (.methodNotAllowed, "text/plain", Array("use GET\n".utf8)) }
        switch path {
        case "/healthz":
            return (.ok, "text/plain", Array("ok\n".utf8))
        case "/readyz":
            let state = readiness()
            return (state.isReady ? .ok : .serviceUnavailable, "text/plain", Array("\(state.isReady ? "ready" : "not ready"): \(state.detail)\n".utf8))
        default:
            readinessGauge?.set(Double(readiness().isReady ? 1 : 0))
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return (.ok, "text/plain; version=0.0.4", buffer)
        }
    }
}

/// One HTTP/1.1 connection: answers each request, keeping the connection alive when the client asks.
final class OpsHTTPHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let routes: OpsRoutes

    init(routes: OpsRoutes) { self.routes = routes }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let request) = unwrapInboundIn(data) else { return }
        let (status, contentType, body) = routes.respond(method: request.method, path: request.uri)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.count))
        let keepAlive = request.isKeepAlive
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil)
        if request.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
