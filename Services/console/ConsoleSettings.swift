import Foundation
import Runtime

/// The console's own settings, beside the stage configuration every process reads (bootstrap servers, `--kafka`,
/// `--clock`, `--http-port` for `/healthz` `/readyz` `/metrics`, `--policy`, `--grace-period`…). They are
/// stage options: `--set key=value` or the configuration file's `options`.
public struct ConsoleSettings: Sendable {
    /// The ops port when none is given (the stages use 9101–9104).
    public static let defaultOpsPort = 9105
    /// The web port when none is given.
    public static let defaultWebPort = 8080

    /// The users file (`--set users=PATH`, env `CREDENCE_CONSOLE_USERS`).
    public var usersPath: String
    /// Where the pages are served (`--set web-host=…`, default 127.0.0.1; `--set web-port=…`, 0 picks a free port).
    public var webHost: String
    public var webPort: Int
    /// A file holding the key session cookies are signed with (`--set session-secret-file=PATH`, at least 32
    /// bytes); without one a random key is made and sessions end with the process.
    public var sessionSecretPath: String?
    /// How long a login lasts (`--set session-hours=N`, default 8).
    public var sessionLifetime: Duration
    /// Whether cookies carry `Secure` (`--set secure-cookies=on`, behind TLS).
    public var secureCookies: Bool

    /// The usage lines of these settings.
    public static let usage = """
        console settings (--set KEY=VALUE):
          users=PATH                the users file: {"users": [{"name", "role": viewer|collector|admin, "passwordHash": bcrypt}]}
                                    (env CREDENCE_CONSOLE_USERS; required)
          web-host=HOST             pages' address (default 127.0.0.1)
          web-port=PORT             pages' port (default 8080; 0 = any free port)
          session-secret-file=PATH  key for signing session cookies, ≥ 32 bytes (default: random per process)
          session-hours=N           login lifetime (default 8)
          secure-cookies=on         mark cookies Secure (when served over TLS)
        """

    /// Reads the settings from the configuration's options and the environment.
    public init(options: [String: String], environment: [String: String]) throws(RuntimeError) {
        guard let users = options["users"] ?? environment["CREDENCE_CONSOLE_USERS"] else {
            throw RuntimeError.configuration("no users file: pass --set users=PATH (or set CREDENCE_CONSOLE_USERS)")
        }
        usersPath = users
        webHost = options["web-host"] ?? "127.0.0.1"
        guard let port = Int(options["web-port"] ?? "\(Self.defaultWebPort)"), (0...65535).contains(port) else {
            throw RuntimeError.configuration("--set web-port must be a port 0–65535, got '\(options["web-port"] ?? "")'")
        }
        webPort = port
        sessionSecretPath = options["session-secret-file"]
        guard let hours = Int(options["session-hours"] ?? "8"), (1...720).contains(hours) else {
            throw RuntimeError.configuration("--set session-hours must be 1–720, got '\(options["session-hours"] ?? "")'")
        }
        sessionLifetime = .seconds(hours * 3600)
        secureCookies = ["on", "true"].contains(options["secure-cookies"] ?? "off")
    }

    /// The session codec these settings ask for.
    public func sessionCodec() throws(RuntimeError) -> SessionCodec {
        guard let sessionSecretPath else { return .random(lifetime: sessionLifetime) }
        guard let secret = FileManager.default.contents(atPath: sessionSecretPath), secret.count >= 32 else {
            throw RuntimeError.configuration("session secret file \(sessionSecretPath) must exist and hold at least 32 bytes")
        }
        return SessionCodec(secret: Array(secret), lifetime: sessionLifetime)
    }
}
