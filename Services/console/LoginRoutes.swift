import Foundation
import Hummingbird
import NIOPosix

/// `/login` and `/logout`: the login form with its pre-login CSRF cookie, bcrypt-checked credentials with failed
/// attempts throttled per user name and per client address, and the signed session cookie.
struct LoginRoutes: Sendable {
    let services: ConsoleServices

    func add(to router: Router<ConsoleRequestContext>) {
        router.get("/login") { request, _ in
            loginPage(next: LoginPage.safeNext(ConsoleApp.parameters(request)["next"]), error: nil, status: .ok,
                      nonce: request.cookies[SessionCodec.loginCookieName]?.value)
        }
        router.group("/login").add(middleware: CSRFMiddleware(codec: services.sessions)).post { request, context in
            try await login(request, context: context)
        }
        router.group("/logout").add(middleware: CSRFMiddleware(codec: services.sessions)).post { _, _ in
            var response = Response.redirect(to: "/login", type: .found)
            response.setCookie(Cookie(name: SessionCodec.cookieName, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
    }

    /// The login page with the pre-login cookie its CSRF token is bound to: the browser's current one (so a login
    /// page open in another tab, or a second request for the page, keeps its token valid), else a fresh one.
    private func loginPage(next: String, error: String?, status: HTTPResponse.Status, nonce existing: String? = nil) -> Response {
        let nonce = existing.flatMap { $0.utf8.count == 22 && SessionCodec.fromBase64URL(Substring($0)) != nil ? $0 : nil }
            ?? SessionCodec.randomToken()
        var response = ConsoleApp.html(LoginPage.page(csrf: services.sessions.csrfToken(for: nonce), next: next, error: error), status: status)
        response.setCookie(Cookie(name: SessionCodec.loginCookieName, value: nonce, maxAge: 600, path: "/login", secure: services.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    private func login(_ request: Request, context: ConsoleRequestContext) async throws -> Response {
        let form = context.form ?? ActionForm([:])
        let name = String((form["user"] ?? "").prefix(64))
        let next = LoginPage.safeNext(form["next"])
        let keys = ["user:\(name.lowercased())", "address:\(context.clientAddress)"]
        if let wait = services.throttle.retryAfter(keys) {
            var response = loginPage(next: next, error: "Too many failed logins. Try again in \(wait.components.seconds / 60 + 1) minutes.",
                                     status: .tooManyRequests)
            response.headers[.retryAfter] = "\(wait.components.seconds + 1)"
            return response
        }
        let password = String((form["password"] ?? "").prefix(200))
        let users = services.users
        // bcrypt is deliberately slow: it runs off the event loop.
        let user = try await NIOThreadPool.singleton.runIfActive { users.authenticate(name: name, password: password) }
        guard let user else {
            services.throttle.recordFailure(keys)
            context.logger.notice("failed login", metadata: ["user": "\(name)", "address": "\(context.clientAddress)"])
            return loginPage(next: next, error: "Unknown user or wrong password.", status: .unauthorized)
        }
        services.throttle.recordSuccess([keys[0]])
        let session = services.sessions.newSession(user: user.name, role: user.role)
        var response = Response.redirect(to: next, type: .found)
        response.setCookie(Cookie(name: SessionCodec.cookieName, value: services.sessions.encode(session),
                                  expires: Date(timeIntervalSince1970: TimeInterval(session.expires)),
                                  path: "/", secure: services.secureCookies, httpOnly: true, sameSite: .strict))
        response.setCookie(Cookie(name: SessionCodec.loginCookieName, value: "", maxAge: 0, path: "/login", httpOnly: true, sameSite: .strict))
        context.logger.info("login", metadata: ["user": "\(user.name)", "role": "\(user.role.rawValue)"])
        return response
    }
}
