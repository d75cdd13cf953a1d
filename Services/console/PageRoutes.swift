import Domain
import Foundation
import Hummingbird

/// The pages (every one behind the session check) and the live alert stream.
struct PageRoutes: Sendable {
    let services: ConsoleServices

    func add(to router: Router<ConsoleRequestContext>) {
        router.get("/") { _, context in
            let summary = services.views.read { PortfolioSummary($0) }
            return page("Portfolio", "/", context, PortfolioPage.body(summary))
        }
        router.get("/buyers") { request, context in
            let query = BuyerQuery(parameters: ConsoleApp.parameters(request))
            let (rows, total) = services.views.buyers(query)
            let policy = services.views.read { $0.policy }
            return page("Buyers", "/buyers", context, BuyersPage.body(query: query, rows: rows, total: total, policy: policy))
        }
        router.get("/buyers/:buyerId") { _, context in
            let raw = context.parameters.get("buyerId") ?? ""
            let buyerId = BuyerId(raw.removingPercentEncoding ?? raw)
            let role = context.session?.role ?? .viewer
            let csrf = role.permits(.collector) ? csrfToken(context) : nil
            let body = services.views.read { state -> HTMLText? in
                state.buyers[buyerId].map { BuyerPage.body($0, today: state.today, policy: state.policy, csrf: csrf, role: role) }
            }
            guard let body else {
                return page("Unknown buyer", "/buyers", context, "<p>No buyer \(buyerId.rawValue) on the topics.</p>", status: .notFound)
            }
            return page("Buyer \(buyerId.rawValue)", "/buyers", context, body)
        }
        router.get("/worklist") { request, context in
            let csrf = (context.session?.role ?? .viewer).permits(.collector) ? csrfToken(context) : nil
            let parameters = ConsoleApp.parameters(request)
            let message: HTMLText? = parameters["recorded"].flatMap(CollectorActionKind.init(rawValue:)).map {
                "<p class=\"notice\" id=\"recorded-notice\">Recorded: \($0.rawValue). It shows below once dunning has acted on it.</p>"
            }
            let body = services.views.read { state in
                WorklistPage.body(Worklist(state), today: state.today, csrf: csrf, message: message)
            }
            return page("Worklist", "/worklist", context, body)
        }
        router.get("/claims") { _, context in
            let body = services.views.read { ClaimsPage.body(ClaimsPage.rows($0)) }
            return page("Claims", "/claims", context, body)
        }
        router.get("/alerts") { request, context in
            let filter = AlertsPage.Filter(parameters: ConsoleApp.parameters(request))
            let alerts = services.views.read { state in
                Array(state.alerts.newestFirst.lazy.filter(filter.matches).prefix(AlertsPage.rowLimit))
            }
            return page("Alerts", "/alerts", context, AlertsPage.body(alerts, filter: filter), scripts: ["/static/alerts.js"])
        }
        router.get("/alerts/stream") { request, _ in
            let filter = AlertsPage.Filter(parameters: ConsoleApp.parameters(request))
            let alerts = services.views.alertBroadcast.subscribe()
            return Response(status: .ok,
                            headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                            body: ResponseBody { writer in
                                try await writer.write(ByteBuffer(string: ": live alerts\n\n"))
                                for await alert in alerts where filter.matches(alert) {
                                    try await writer.write(ByteBuffer(string: AlertsPage.serverSentEvent(alert)))
                                }
                                try await writer.finish(nil)
                            })
        }
        router.group("/admin").add(middleware: RoleMiddleware(.admin)).get("users") { _, context in
            var body: HTMLText = "<table id=\"users\"><tr><th>User</th><th>Role</th></tr>"
            for user in services.users.users.values.sorted(by: { $0.name < $1.name }) {
                body.append("<tr><td>\(user.name)</td><td>\(user.role.rawValue)</td></tr>")
            }
            body.append("</table><p class=\"muted\">Users come from the users file (bcrypt hashes); edit it and restart the console to change them.</p>")
            return page("Users", "/admin/users", context, body)
        }
    }

    private func csrfToken(_ context: ConsoleRequestContext) -> String? {
        context.session.map { services.sessions.csrfToken(for: $0.nonce) }
    }

    private func page(_ title: String, _ active: String, _ context: ConsoleRequestContext, _ body: HTMLText,
                      status: HTTPResponse.Status = .ok, scripts: [String] = []) -> Response {
        let today = services.views.read { $0.today }
        return ConsoleApp.html(Layout.page(title: title, active: active, session: context.session, csrf: csrfToken(context),
                                           today: today, body: body, scripts: scripts), status: status)
    }
}

/// `POST /actions/<kind>`: a collector's form becomes a validated event on `collections.updates` with the user
/// in its audit header; a refused form is answered 400 with the field and the reason.
struct ActionRoutes: Sendable {
    let services: ConsoleServices

    func record(_ request: Request, context: ConsoleRequestContext) async throws -> Response {
        guard let session = context.session, let form = context.form else {
            return Response(status: .forbidden)
        }
        guard let kind = context.parameters.get("kind").flatMap(CollectorActionKind.init(rawValue:)) else {
            return Response(status: .notFound)
        }
        guard session.role.permits(kind.requiredRole) else {
            return Response(status: .forbidden, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: "forbidden: this needs the \(kind.requiredRole.rawValue) role\n")))
        }
        let now = services.now()
        let outcome = services.views.read { state in
            Result { () throws(ActionError) -> DomainEvent in
                try CollectorAction.event(
                    kind: kind, form: form, user: session.user, today: now.calendarDate,
                    knownBuyer: { state.buyers[$0] != nil },
                    knownInvoice: { buyer, invoice in state.buyers[buyer]?.invoices[invoice] != nil })
            }
        }
        let event: DomainEvent
        switch outcome {
        case .success(let made):
            event = made
        case .failure(let error):
            services.metrics.ignoredInputs(topic: "console.form", reason: "invalid_\(error.field)", count: 1)
            return ConsoleApp.html(Layout.page(
                title: "Not recorded", active: "/worklist", session: session, csrf: services.sessions.csrfToken(for: session.nonce),
                today: now.calendarDate,
                body: "<p class=\"error\" id=\"action-error\">Not recorded: \(error.field) \(error.reason).</p><p><a href=\"/worklist\">Back to the worklist</a></p>"),
                status: .badRequest)
        }
        _ = try await services.writer.send(event, user: session.user, role: session.role, time: now)
        services.metrics.produced(topic: TopicCatalog.collectionsUpdates, count: 1)
        context.logger.notice("collections update", metadata: [
            "user": "\(session.user)", "kind": "\(kind.rawValue)", "buyer": "\(event.buyerId.rawValue)",
        ])
        return Response.redirect(to: "/worklist?recorded=\(kind.rawValue)", type: .normal)
    }
}
