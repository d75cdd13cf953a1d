import Console
import Foundation
import HummingbirdBcrypt
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The console as operations run it: a separate `credence-console` process whose SIGTERM drains its services in
/// order (the open alert streams end, the web server finishes, the feed stops, the ops listener closes) and exits 0.
@Suite(.serialized)
struct ConsoleShutdownTests {
    @Test(.timeLimit(.minutes(2)))
    func sigtermEndsAnOpenAlertStreamAndExitsCleanlyWithinTheGracePeriod() async throws {
        let cluster = try TestCluster(topics: Dictionary(uniqueKeysWithValues: TopicFeed.consoleTopics.map { ($0, 2) }))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credence-console-stop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let usersFile = folder.appendingPathComponent("users.json")
        try UserDirectory.write([.init(name: "carl", role: .collector, passwordHash: Bcrypt.hash("pw", cost: 4))], to: usersFile.path)
        let secretFile = folder.appendingPathComponent("session.key")
        let secret = Array(repeating: UInt8(7), count: 32)
        try Data(secret).write(to: secretFile)

        let console = try ChildProcess("credence-console", [
            "--bootstrap-servers", cluster.cluster.bootstrapServers, "--http-port", "0", "--grace-period", "20",
            "--set", "users=\(usersFile.path)", "--set", "web-port=0", "--set", "session-secret-file=\(secretFile.path)",
        ])
        let started = try #require(await console.line(timeout: .seconds(60)) { $0.contains("credence-console started") },
                                   "\(console.standardError.suffix(2_000))")
        let webPort = try #require(started.firstMatch(of: /web http:\/\/[^:]+:(\d+)\//).flatMap { Int($0.1) })

        // A collector's open alert stream, as the Alerts page keeps one.
        let sessions = SessionCodec(secret: secret, lifetime: .seconds(3600))
        let cookie = "\(SessionCodec.cookieName)=\(sessions.encode(sessions.newSession(user: "carl", role: .collector)))"
        let stream = try RawHTTPStream(port: webPort, request: "GET /alerts/stream HTTP/1.1\r\nHost: localhost\r\nCookie: \(cookie)\r\n\r\n")
        let opening = try stream.read(until: ": live alerts", timeout: .seconds(20))
        #expect(opening.hasPrefix("HTTP/1.1 200"), "\(opening)")
        #expect(opening.contains("text/event-stream"))

        let stopping = ContinuousClock.now
        console.signal(SIGTERM)
        // The stream ends (the server closes it) rather than holding the drain until the grace period is over.
        _ = try stream.read(until: nil, timeout: .seconds(20))
        #expect(await console.exitStatus(timeout: .seconds(30)) == 0, "\(console.standardError.suffix(2_000))")
        #expect(ContinuousClock.now - stopping < .seconds(20), "the drain finished before the grace period")
        #expect(console.standardError.contains("stopped cleanly"))
        stream.close()
        await cluster.shutdown()
        try? FileManager.default.removeItem(at: folder)
    }
}

/// A plain TCP connection that sends one HTTP request and reads the answer as it comes, as a browser's EventSource does.
private final class RawHTTPStream: @unchecked Sendable {
    private let socket: Int32
    private var received = ""

    init(port: Int, request: String) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw StreamError(message: "cannot connect to port \(port): errno \(errno)") }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(request.utf8)
        guard send(socket, bytes, bytes.count, 0) == bytes.count else { throw StreamError(message: "cannot send the request") }
    }

    /// Reads until `marker` has arrived (nil: until the server closes the connection) and returns all received so far.
    func read(until marker: String?, timeout: Duration) throws -> String {
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now < deadline {
            if let marker, received.contains(marker) { return received }
            let count = recv(socket, &buffer, buffer.count, 0)
            if count == 0 {
                guard marker == nil else { throw StreamError(message: "closed before \(marker!): \(received)") }
                return received
            }
            if count > 0 { received += String(decoding: buffer[0..<count], as: UTF8.self) }
        }
        throw StreamError(message: "nothing ended within \(timeout): \(received.suffix(500))")
    }

    func close() { Glibc.close(socket) }

    struct StreamError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
