import Hummingbird
import NIOCore

/// The per-request context of the console: the signed-in session (set by `SessionMiddleware`), the parsed
/// form of a POST (set by `CSRFMiddleware`) and the client's address (what failed logins are counted against).
public struct ConsoleRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// The session, once `SessionMiddleware` checked the cookie.
    public var session: Session?
    /// The submitted form of a POST, once read and checked for its CSRF token.
    public var form: ActionForm?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's address for counting failed logins (`unknown` when the channel has none, as in tests).
    public var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}
