import Domain
import Foundation
import Hummingbird
import Logging
import Prometheus
import Runtime

/// What the console's handlers work with: the views, the one writer, the users, the session codec, the login
/// throttle, the clock events are stamped with, and the metrics registry.
public struct ConsoleServices: Sendable {
    public var views: ConsoleViews
    public var writer: CollectionsWriter
    public var users: UserDirectory
    public var sessions: SessionCodec
    public var throttle: LoginThrottle
    public var clock: StageClock
    public var registry: PrometheusCollectorRegistry
    public var metrics: StageMetrics
    /// Whether cookies carry `Secure` (served over TLS).
    public var secureCookies = false

    /// The services of one console process.
    public init(views: ConsoleViews, writer: CollectionsWriter, users: UserDirectory, sessions: SessionCodec,
                throttle: LoginThrottle = LoginThrottle(), clock: StageClock = .wall,
                registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.views = views
        self.writer = writer
        self.users = users
        self.sessions = sessions
        self.throttle = throttle
        self.clock = clock
        self.registry = registry
        metrics = StageMetrics(registry: registry, stage: "console")
    }

    /// The time a collector's event is stamped with: the console's clock, following the topics' latest event
    /// time when it is the stream clock.
    func now() -> Timestamp {
        let streamTime = views.read { $0.latestTime?.date }
        return Timestamp(clock.now(streamTime: streamTime, systemNow: Date()))
    }
}

/// The console's routes: the pages, the actions, the live alert stream, the login, and `/healthz`.
public enum ConsoleApp {
    /// The router of the whole console.
    public static func router(_ services: ConsoleServices) -> Router<ConsoleRequestContext> {
        let router = Router(context: ConsoleRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: SessionMiddleware(codec: services.sessions, users: services.users))
        router.get("/healthz") { _, _ in "ok\n" }
        router.get("/static/console.css") { _, _ in
            asset(StaticAssets.stylesheet, type: "text/css; charset=utf-8")
        }
        // Browsers ask for it on every page; answering here keeps it from being sent to the login page.
        router.get("/favicon.ico") { _, _ in Response(status: .noContent) }
        router.get("/static/alerts.js") { _, _ in
            asset(StaticAssets.alertsScript, type: "text/javascript; charset=utf-8")
        }
        LoginRoutes(services: services).add(to: router)
        PageRoutes(services: services).add(to: router)
        router.group("/actions")
            .add(middleware: RoleMiddleware(.collector))
            .add(middleware: CSRFMiddleware(codec: services.sessions))
            .post(":kind") { request, context in try await ActionRoutes(services: services).record(request, context: context) }
        router.get("/readyz") { _, _ in
            let ready = services.views.isReady
            return Response(status: ready ? .ok : .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: ready ? "ready: views rebuilt from the topics\n" : "not ready: rebuilding the views from the topics\n")))
        }
        router.get("/metrics") { _, _ in
            var buffer: [UInt8] = []
            services.registry.emit(into: &buffer)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
        }
        return router
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "max-age=3600"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// An HTML answer.
    static func html(_ page: HTMLText, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: page.markup)))
    }

    /// The query parameters of `request` as strings (a `+` in a value is a space, as forms send it).
    static func parameters(_ request: Request) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in request.uri.queryParameters where result[String(key)] == nil {
            result[String(key)] = value.replacingOccurrences(of: "+", with: " ")
        }
        return result
    }
}
