import Console
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Kafka
import Runtime
import Testing
import TestSupport

/// The worklist: what is due, and a collector's action written to `collections.updates` with who did it,
/// then shown back once dunning answers it.
@Suite(.serialized)
struct ConsoleWorklistTests {
    @Test func theWorklistShowsCallsDueAndDisputesWaiting() async throws {
        let fixture = try await ConsoleFixture.start()
        defer { Task { await fixture.shutdown() } }
        let collector = fixture.cookie("carl", .collector)
        let viewer = fixture.cookie("vera", .viewer)
        try await Application(router: ConsoleApp.router(fixture.services)).test(.router) { client in
            let page = try await client.execute(uri: "/worklist", method: .get, headers: [.cookie: collector.header]) { String(buffer: $0.body) }
            let due = try #require(page.range(of: "<table id=\"actions-due\">").map { String(page[$0.lowerBound...].prefix { _ in true }) })
            #expect(due.contains("B-1-INV-1") && due.contains("phoneCall via phone since 2024-03-18"))
            let disputes = try #require(page.range(of: "<table id=\"disputes-waiting\">").map { String(page[$0.lowerBound...]) })
            #expect(disputes.contains("B-2-INV-7") && disputes.contains("buyer disputes the quantity"))
            #expect(page.contains("action=\"/actions/promise\"") && page.contains(collector.csrf))
            let viewerPage = try await client.execute(uri: "/worklist", method: .get, headers: [.cookie: viewer.header]) { String(buffer: $0.body) }
            #expect(!viewerPage.contains("action=\"/actions/"))
        }
    }

    @Test func aPromiseToPayIsWrittenWithItsAuditHeaderAndShownBackOnceDunningPauses() async throws {
        let fixture = try await ConsoleFixture.start()
        defer { Task { await fixture.shutdown() } }
        let collector = fixture.cookie("carl", .collector)
        try await Application(router: ConsoleApp.router(fixture.services)).test(.router) { client in
            var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: collector.header]
            headers[.cookie] = collector.header
            let body = "csrf=\(collector.csrf.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&buyerId=B-1&invoiceId=B-1-INV-1&amount=20000.00&currency=USD&date=2024-03-28"
            let response = try await client.execute(uri: "/actions/promise", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/worklist?recorded=promise")

            let records = try await fixture.cluster.readAll(TopicCatalog.collectionsUpdates, partitions: ConsoleFixture.partitions, count: 1)
            #expect(records.count == 1)
            let record = try #require(records.first)
            #expect(record.keyString == "B-1")
            #expect(record.headers.first { $0.key == AuditHeader.user }?.value == Array("carl".utf8))
            #expect(record.headers.first { $0.key == AuditHeader.role }?.value == Array("collector".utf8))
            let envelope = try InputRecord(record).contractEnvelope()
            #expect(envelope.source == CollectionsWriter.source)
            guard case .promiseToPay(let promise) = envelope.event else {
                Issue.record("expected a promise to pay, got \(envelope.type)")
                return
            }
            // The stream clock stamps it with the topics' latest time: recorded on the business day.
            #expect(promise.amount == ConsoleFixture.usd(20_000) && promise.promisedDate == ConsoleFixture.day("2024-03-28"))
            #expect(promise.recordedOn == ConsoleFixture.today && promise.collector == "carl")

            let views = fixture.services.views
            #expect(await eventually(timeout: .seconds(60)) { views.read { $0.collectorUpdates.count } == 1 })
            let waiting = try await client.execute(uri: "/worklist", method: .get, headers: [.cookie: collector.header]) { String(buffer: $0.body) }
            #expect(waiting.contains("promise to pay 20000.00 USD by 2024-03-28 on invoice B-1-INV-1"))
            #expect(waiting.contains("waiting for dunning"))

            // Dunning answers with its pause (as credence-dunning does for a promise).
            let producer = try fixture.cluster.producer()
            _ = try await producer.send(ProducerRecord(ConsoleFixture.envelope("paused", ConsoleFixture.at("2024-03-20"), .dunningAction(DunningAction(
                buyerId: "B-1", invoiceId: "B-1-INV-1", level: 2, action: .escalationPaused, channel: .internalTask,
                date: ConsoleFixture.today, daysPastDue: 35, openAmount: ConsoleFixture.usd(20_000),
                note: "rule: promise to pay 20000.00 USD by 2024-03-28 pauses escalation until then")), source: "credence/dunning")))
            await producer.close()
            #expect(await eventually(timeout: .seconds(60)) {
                views.read { $0.buyers["B-1"]?.invoices["B-1-INV-1"]?.lastAction } == .escalationPaused
            })
            let answered = try await client.execute(uri: "/worklist", method: .get, headers: [.cookie: collector.header]) { String(buffer: $0.body) }
            #expect(answered.contains("pauses escalation until then"))
            #expect(!answered.contains("waiting for dunning"))
            let buyer = try await client.execute(uri: "/buyers/B-1", method: .get, headers: [.cookie: collector.header]) { String(buffer: $0.body) }
            #expect(buyer.contains("promised 20,000.00 USD by 2024-03-28") && buyer.contains("recorded by carl"))
        }
    }

    @Test func anAdminSetsACustomerTier() async throws {
        let fixture = try await ConsoleFixture.start()
        defer { Task { await fixture.shutdown() } }
        let admin = fixture.cookie("ada", .admin)
        try await Application(router: ConsoleApp.router(fixture.services)).test(.router) { client in
            let body = "csrf=\(admin.csrf.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&buyerId=B-4&tier=strategic"
            let response = try await client.execute(uri: "/actions/tier", method: .post,
                                                    headers: [.contentType: "application/x-www-form-urlencoded", .cookie: admin.header],
                                                    body: ByteBuffer(string: body))
            #expect(response.status == .seeOther)
        }
        let records = try await fixture.cluster.readAll(TopicCatalog.collectionsUpdates, partitions: ConsoleFixture.partitions, count: 1)
        guard case .customerTierAssigned(let assigned) = try #require(records.first).envelope().event else {
            Issue.record("expected a customer tier")
            return
        }
        #expect(assigned.buyerId == "B-4" && assigned.tier == .strategic)
    }
}
