import Foundation
import Hummingbird

/// Lets a request through only with a valid session cookie, except the few paths anyone may reach (`/healthz`,
/// the login page, the stylesheet). A page asked for without one is redirected to the login page; anything else
/// is refused with 401. The session's user must still be in the users file, with the role it has there now.
public struct SessionMiddleware: RouterMiddleware {
    public typealias Context = ConsoleRequestContext

    let codec: SessionCodec
    let users: UserDirectory
    static let openPaths: Set<String> = ["/healthz", "/login", "/static/console.css", "/favicon.ico"]

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.openPaths.contains(request.uri.path) { return try await next(request, context) }
        guard let cookie = request.cookies[SessionCodec.cookieName], let session = codec.decode(cookie.value),
              let user = users.users[session.user] else {
            if request.method == .get, request.headers[.accept]?.contains("text/event-stream") != true {
                let target = request.uri.path.hasPrefix("/") ? request.uri.path : "/"
                return Response.redirect(to: "/login?next=\(target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")",
                                         type: .found)
            }
            return Response(status: .unauthorized, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: "login required\n")))
        }
        var context = context
        context.session = Session(user: user.name, role: user.role, expires: session.expires, nonce: session.nonce)
        return try await next(request, context)
    }
}

/// Refuses a request whose user's role is below `minimum` with 403.
public struct RoleMiddleware: RouterMiddleware {
    public typealias Context = ConsoleRequestContext
    let minimum: Role

    /// Lets through `minimum` and above.
    public init(_ minimum: Role) { self.minimum = minimum }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let session = context.session, session.role.permits(minimum) else {
            return Response(status: .forbidden, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: "forbidden: this needs the \(minimum.rawValue) role\n")))
        }
        return try await next(request, context)
    }
}

/// Reads the form of every POST and refuses it with 403 unless it carries the CSRF token of the session (or, on
/// the login page, of the pre-login cookie). A viewer's POST never gets this far: the role check comes first.
public struct CSRFMiddleware: RouterMiddleware {
    public typealias Context = ConsoleRequestContext
    let codec: SessionCodec

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        var request = request
        let body = try await request.collectBody(upTo: ActionForm.maximumBytes)
        let form = ActionForm(body: String(buffer: body))
        let nonce = context.session?.nonce ?? request.cookies[SessionCodec.loginCookieName]?.value
        guard let nonce, codec.isValidCSRFToken(form["csrf"], for: nonce) else {
            return Response(status: .forbidden, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: "forbidden: missing or invalid CSRF token\n")))
        }
        var context = context
        context.form = form
        return try await next(request, context)
    }
}

/// Adds the headers every answer carries: nothing loads from elsewhere, nothing frames the console (CSP
/// `frame-ancestors`), nothing is sniffed or cached. Pages also ask for `same-origin` referrers (a meta tag).
public struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
