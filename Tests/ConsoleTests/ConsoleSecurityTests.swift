import Console
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Kafka
import Testing
import TestSupport

/// Login, sessions, roles and CSRF, tried the way an attacker would: no session, a forged cookie, a viewer's
/// POST, a missing or forged token, a script in a dispute reason, and guessing passwords.
@Suite(.serialized)
struct ConsoleSecurityTests {
    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        ByteBuffer(string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&"))
    }
    static let formType: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @Test func withoutASessionEveryPageRedirectsToLoginAndEveryPostIsRefusedButHealthzAnswers() async throws {
        let fixture = try await ConsoleFixture.start()
        defer { Task { await fixture.shutdown() } }
        try await Application(router: ConsoleApp.router(fixture.services)).test(.router) { client in
            for path in ["/", "/buyers", "/buyers/B-1", "/worklist", "/claims", "/alerts", "/readyz", "/metrics", "/admin/users", "/static/alerts.js"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .found, "\(path)")
                #expect(response.headers[.location]?.hasPrefix("/login?next=") == true, "\(path)")
            }
            let post = try await client.execute(uri: "/actions/promise", method: .post, headers: Self.formType,
                                                body: Self.form([("buyerId", "B-1")]))
            #expect(post.status == .unauthorized)
            let forged = try await client.execute(uri: "/buyers", method: .get,
                                                  headers: [.cookie: "\(SessionCodec.cookieName)=dmVyYXxhZG1pbnw5OTk5OTk5OTk5fG4.AAAA"])
            #expect(forged.status == .found)
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(health.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
        }
    }

    @Test func loggingInSetsASignedHttpOnlySameSiteStrictCookieWithAnExpiry() async throws {
        let fixture = try await ConsoleFixture.start()
        defer { Task { await fixture.shutdown() } }
        try await Application(router: ConsoleApp.router(fixture.services)).test(.router) { client in
            let loginPage = try await client.execute(uri: "/login?next=/buyers", method: .get)
            let preLogin = try #require(loginPage.headers[values: .setCookie].first { $0.hasPrefix(SessionCodec.loginCookieName) })
            let nonce = String(preLogin.dropFirst(SessionCodec.loginCookieName.count + 1).prefix { $0 != ";" })
            let body = String(buffer: loginPage.body)
            let token = try #require(body.range(of: "name=\"csrf\" value=\"").map { String(body[$0.upperBound...].prefix { $0 != "\"" }) })
            #expect(token == fixture.services.sessions.csrfToken(for: nonce))

            var headers = Self.formType
            headers[.cookie] = "\(SessionCodec.loginCookieName)=\(nonce)"
            let wrong = try await client.execute(uri: "/login", method: .post, headers: headers,
                                                 body: Self.form([("csrf", token), ("user", "carl"), ("password", "guess"), ("next", "/buyers")]))
            #expect(wrong.status == .unauthorized)
            #expect(wrong.headers[values: .setCookie].allSatisfy { !$0.hasPrefix(SessionCodec.cookieName + "=") })

            let right = try await client.execute(uri: "/login", method: .post, headers: headers,
                                                 body: Self.form([("csrf", token), ("user", "carl"), ("password", ConsoleFixture.password), ("next", "/buyers")]))
            #expect(right.status == .found)
            #expect(right.headers[.location] == "/buyers")
            let session = try #require(right.headers[values: .setCookie].first { $0.hasPrefix(SessionCodec.cookieName + "=") })
            #expect(session.contains("HttpOnly") && session.contains("SameSite=Strict") && session.contains("Expires="))
            let value = String(session.dropFirst(SessionCodec.cookieName.count + 1).prefix { $0 != ";" })
            let decoded = try #require(fixture.services.sessions.decode(value))
            #expect(decoded.user == "carl" && decoded.role == .collector)
            // The session expires: past its time the same cookie is refused.
            #expect(fixture.services.sessions.decode(value, now: Date().addingTimeInterval(9 * 3600)) == nil)
            // Altering one character of the signed payload breaks the signature.
            let altered = value.replacingOccurrences(of: "Y2FybH", with: "YWRhfH")
            #expect(fixture.services.sessions.decode(altered) == nil)

            let page = try await client.execute(uri: "/buyers", method: .get, headers: [.cookie: "\(SessionCodec.cookieName)=\(value)"])
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("carl (collector)"))

            // An open redirect is refused: `next` must be a path here.
            let elsewhere = try await client.execute(uri: "/login", method: .post, headers: headers,
                                                     body: Self.form([("csrf", token), ("user", "carl"), ("password", ConsoleFixture.password), ("next", "//evil.example/")]))
            #expect(elsewhere.headers[.location] == "/")
        }
    }

    @Test func failedLoginsAreRateLimited() async throws {
        let fixture = try await ConsoleFixture.start()
        defer { Task { await fixture.shutdown() } }
        let nonce = SessionCodec.randomToken()
        let token = fixture.services.sessions.csrfToken(for: nonce)
        var loginHeaders = Self.formType
        loginHeaders[.cookie] = "\(SessionCodec.loginCookieName)=\(nonce)"
        let headers = loginHeaders
        try await Application(router: ConsoleApp.router(fixture.services)).test(.router) { client in
            for _ in 0..<fixture.services.throttle.limit {
                let attempt = try await client.execute(uri: "/login", method: .post, headers: headers,
                                                       body: Self.form([("csrf", token), ("user", "ada"), ("password", "wrong")]))
                #expect(attempt.status == .unauthorized)
            }
            // Even the right password is refused while the user name is locked out.
            let locked = try await client.execute(uri: "/login", method: .post, headers: headers,
                                                  body: Self.form([("csrf", token), ("user", "ada"), ("password", ConsoleFixture.password)]))
            #expect(locked.status == .tooManyRequests)
            #expect(locked.headers[.retryAfter] != nil)
        }
    }

    @Test func aViewersPostIsForbiddenAndACollectorCannotSetTiers() async throws {
        let fixture = try await ConsoleFixture.start()
        defer { Task { await fixture.shutdown() } }
        let viewer = fixture.cookie("vera", .viewer)
        let collector = fixture.cookie("carl", .collector)
        try await Application(router: ConsoleApp.router(fixture.services)).test(.router) { client in
            var headers = Self.formType
            headers[.cookie] = viewer.header
            let promise = try await client.execute(uri: "/actions/promise", method: .post, headers: headers, body: Self.form([
                ("csrf", viewer.csrf), ("buyerId", "B-1"), ("invoiceId", "B-1-INV-1"), ("amount", "100"), ("currency", "USD"), ("date", "2024-03-30"),
            ]))
            #expect(promise.status == .forbidden)
            #expect(String(buffer: promise.body).contains("collector role"))
            headers[.cookie] = collector.header
            let tier = try await client.execute(uri: "/actions/tier", method: .post, headers: headers, body: Self.form([
                ("csrf", collector.csrf), ("buyerId", "B-1"), ("tier", "strategic"),
            ]))
            #expect(tier.status == .forbidden)
            let users = try await client.execute(uri: "/admin/users", method: .get, headers: [.cookie: collector.header])
            #expect(users.status == .forbidden)
        }
        let written = try await fixture.cluster.readAll(TopicCatalog.collectionsUpdates, partitions: ConsoleFixture.partitions, count: 1,
                                                        timeout: .seconds(2))
        #expect(written.isEmpty)
    }

    @Test func aPostWithAMissingOrForgedCSRFTokenIsForbidden() async throws {
        let fixture = try await ConsoleFixture.start()
        defer { Task { await fixture.shutdown() } }
        let collector = fixture.cookie("carl", .collector)
        let other = fixture.cookie("carl", .collector)
        try await Application(router: ConsoleApp.router(fixture.services)).test(.router) { client in
            var headers = Self.formType
            headers[.cookie] = collector.header
            let fields = [("buyerId", "B-1"), ("invoiceId", "B-1-INV-1"), ("amount", "100"), ("currency", "USD"), ("date", "2024-03-30")]
            let missing = try await client.execute(uri: "/actions/promise", method: .post, headers: headers, body: Self.form(fields))
            #expect(missing.status == .forbidden)
            #expect(String(buffer: missing.body).contains("CSRF"))
            let forged = try await client.execute(uri: "/actions/promise", method: .post, headers: headers,
                                                  body: Self.form([("csrf", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] + fields))
            #expect(forged.status == .forbidden)
            // Another session's token is no good either.
            let stolen = try await client.execute(uri: "/actions/promise", method: .post, headers: headers,
                                                  body: Self.form([("csrf", other.csrf)] + fields))
            #expect(stolen.status == .forbidden)
        }
        let written = try await fixture.cluster.readAll(TopicCatalog.collectionsUpdates, partitions: ConsoleFixture.partitions, count: 1,
                                                        timeout: .seconds(2))
        #expect(written.isEmpty)
    }

    @Test func aScriptInADisputeReasonIsWrittenAsTextAndShownEscaped() async throws {
        let fixture = try await ConsoleFixture.start()
        defer { Task { await fixture.shutdown() } }
        let collector = fixture.cookie("carl", .collector)
        let script = "<script>alert('x')</script> quantity \"wrong\""
        try await Application(router: ConsoleApp.router(fixture.services)).test(.router) { client in
            var headers = Self.formType
            headers[.cookie] = collector.header
            let response = try await client.execute(uri: "/actions/dispute", method: .post, headers: headers, body: Self.form([
                ("csrf", collector.csrf), ("buyerId", "B-2"), ("invoiceId", "B-2-INV-7"), ("outcome", "rejected"), ("currency", "USD"), ("note", script),
            ]))
            #expect(response.status == .seeOther)
            let views = fixture.services.views
            #expect(await eventually(timeout: .seconds(60)) { views.read { $0.collectorUpdates.count } == 1 })
            for path in ["/worklist", "/buyers/B-2"] {
                let page = try await client.execute(uri: path, method: .get, headers: [.cookie: collector.header]) { String(buffer: $0.body) }
                #expect(!page.contains("<script>alert"), "\(path)")
                #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; quantity &quot;wrong&quot;"), "\(path)")
            }
        }
        let records = try await fixture.cluster.readAll(TopicCatalog.collectionsUpdates, partitions: ConsoleFixture.partitions, count: 1)
        let record = try #require(records.first)
        guard case .disputeOutcome(let outcome) = try record.envelope().event else {
            Issue.record("expected a dispute outcome")
            return
        }
        #expect(outcome.note == script)
    }

    @Test func invalidInputIsRefusedWithTheFieldAndNothingIsWritten() async throws {
        let fixture = try await ConsoleFixture.start()
        defer { Task { await fixture.shutdown() } }
        let collector = fixture.cookie("carl", .collector)
        try await Application(router: ConsoleApp.router(fixture.services)).test(.router) { client in
            var headers = Self.formType
            headers[.cookie] = collector.header
            let cases: [([(String, String)], String)] = [
                ([("buyerId", "B-1"), ("invoiceId", "B-1-INV-1"), ("amount", "-5"), ("currency", "USD"), ("date", "2024-03-30")], "amount"),
                ([("buyerId", "B-1"), ("invoiceId", "B-1-INV-1"), ("amount", "5"), ("currency", "USD"), ("date", "30/03/2024")], "date"),
                ([("buyerId", "B-1"), ("invoiceId", "B-1-INV-1"), ("amount", "5"), ("currency", "USD"), ("date", "2024-03-01")], "promisedDate"),
                ([("buyerId", "B-999"), ("invoiceId", "X"), ("amount", "5"), ("currency", "USD"), ("date", "2024-03-30")], "buyerId"),
                ([("buyerId", "B-1"), ("invoiceId", "B-2-INV-7"), ("amount", "5"), ("currency", "USD"), ("date", "2024-03-30")], "invoiceId"),
            ]
            for (fields, field) in cases {
                let response = try await client.execute(uri: "/actions/promise", method: .post, headers: headers,
                                                        body: Self.form([("csrf", collector.csrf)] + fields))
                #expect(response.status == .badRequest, "\(field)")
                #expect(String(buffer: response.body).contains("Not recorded: \(field)"), "\(field)")
            }
        }
        let written = try await fixture.cluster.readAll(TopicCatalog.collectionsUpdates, partitions: ConsoleFixture.partitions, count: 1,
                                                        timeout: .seconds(2))
        #expect(written.isEmpty)
    }
}
