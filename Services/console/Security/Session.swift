import Domain
import Foundation

/// A signed-in user as the session cookie carries it: who, until when, and the nonce the CSRF token is derived from.
public struct Session: Sendable, Hashable {
    public var user: String
    public var role: Role
    /// Seconds since 1970 after which the cookie is refused.
    public var expires: Int64
    /// Random per login; the CSRF token is its HMAC.
    public var nonce: String
}

/// Signs and checks session cookies and CSRF tokens with one HMAC-SHA256 key: the cookie is
/// `base64url(user|role|expires|nonce).base64url(mac)`, so it cannot be forged or altered without the key, and
/// expires by itself.
public struct SessionCodec: Sendable {
    public static let cookieName = "credence_session"
    /// The pre-login cookie the login form's CSRF token is bound to.
    public static let loginCookieName = "credence_login"

    private let key: HMACKey
    /// How long a session lasts after login.
    public let lifetime: Duration

    /// A codec signing with `secret` (at least 32 bytes).
    public init(secret: [UInt8], lifetime: Duration = .seconds(8 * 3600)) {
        key = HMACKey(secret)
        self.lifetime = lifetime
    }

    /// A codec with a random key: sessions end with the process.
    public static func random(lifetime: Duration = .seconds(8 * 3600)) -> SessionCodec {
        SessionCodec(secret: HMACKey.randomBytes(32), lifetime: lifetime)
    }

    /// A new session for `user` from `now`.
    public func newSession(user: String, role: Role, now: Date = Date()) -> Session {
        Session(user: user, role: role, expires: Int64(now.timeIntervalSince1970) + lifetime.components.seconds,
                nonce: Self.randomToken())
    }

    /// The cookie value of `session`.
    public func encode(_ session: Session) -> String {
        let payload = Array("\(session.user)|\(session.role.rawValue)|\(session.expires)|\(session.nonce)".utf8)
        return Self.base64URL(payload) + "." + Self.base64URL(key.authenticationCode(for: payload))
    }

    /// The session a cookie value carries if its signature holds and it has not expired; nil otherwise.
    public func decode(_ value: String, now: Date = Date()) -> Session? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, value.utf8.count < 512, let payload = Self.fromBase64URL(parts[0]),
              let mac = Self.fromBase64URL(parts[1]),
              key.isValid(mac, for: payload) else { return nil }
        let fields = String(decoding: payload, as: UTF8.self).split(separator: "|", omittingEmptySubsequences: false)
        guard fields.count == 4, let role = Role(rawValue: String(fields[1])), let expires = Int64(fields[2]),
              expires > Int64(now.timeIntervalSince1970) else { return nil }
        return Session(user: String(fields[0]), role: role, expires: expires, nonce: String(fields[3]))
    }

    /// The CSRF token every form of `nonce`'s session (or login page) carries.
    public func csrfToken(for nonce: String) -> String {
        Self.base64URL(key.authenticationCode(for: Array("csrf|\(nonce)".utf8)))
    }

    /// Whether `token` is the CSRF token of `nonce`, compared in constant time.
    public func isValidCSRFToken(_ token: String?, for nonce: String) -> Bool {
        guard let token, let mac = Self.fromBase64URL(Substring(token)) else { return false }
        return key.isValid(mac, for: Array("csrf|\(nonce)".utf8))
    }

    /// 128 random bits, base64url.
    public static func randomToken() -> String {
        base64URL(HMACKey.randomBytes(16))
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func fromBase64URL(_ text: Substring) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map(Array.init)
    }
}
