import Console
import Domain
import Foundation
import HummingbirdBcrypt
import Kafka
import Logging
import Runtime
import TestSupport

/// An embedded cluster with the console's topics, filled with real records of a small portfolio, and the
/// console's views and services reading them — what the handler tests run against.
struct ConsoleFixture {
    static let partitions = 3
    static let password = "correct horse battery staple"
    static let today = try! CalendarDate("2024-03-20")

    let cluster: TestCluster
    let feed: TopicFeed
    let feedTask: Task<Void, Never>
    let services: ConsoleServices

    /// Starts the cluster, produces `Self.events`, and waits until the views have read them all.
    static func start(extra: [EventEnvelope] = []) async throws -> ConsoleFixture {
        let topics = Dictionary(uniqueKeysWithValues: TopicFeed.consoleTopics.map { ($0, partitions) })
        let cluster = try TestCluster(topics: topics)
        let producer = try cluster.producer()
        _ = try await producer.send(try (events + extra).map { try ProducerRecord($0) })
        await producer.close()
        // Tuned as the console tunes itself on the embedded broker (a short fetch wait), so reading to the end does
        // not wait out librdkafka's 500 ms per empty fetch.
        let kafka = cluster.common.tunedForEmbeddedBroker()
        let feed = try TopicFeed(kafka: kafka, logger: cluster.logger)
        let views = ConsoleViews(policy: Policy.defaults, isCaughtUp: { feed.isCaughtUp })
        let feedTask = Task { await feed.run { views.apply($0) } }
        let writer = try CollectionsWriter(kafka: kafka, logger: cluster.logger)
        let hash = Bcrypt.hash(password, cost: 4)
        let users = try UserDirectory(users: [
            .init(name: "vera", role: .viewer, passwordHash: hash),
            .init(name: "carl", role: .collector, passwordHash: hash),
            .init(name: "ada", role: .admin, passwordHash: hash),
        ])
        let services = ConsoleServices(views: views, writer: writer, users: users, sessions: .random(), clock: .stream)
        let fixture = ConsoleFixture(cluster: cluster, feed: feed, feedTask: feedTask, services: services)
        let expected = events.count + extra.count
        // Generous: the whole suite shares two cores, and this is a readiness wait, not a measurement.
        let loaded = await eventually(timeout: .seconds(120)) { views.isReady && views.read { $0.version } >= expected }
        guard loaded else { throw FixtureError(message: "the views did not read the \(expected) records") }
        return fixture
    }

    /// Stops the feed, the writer and the cluster.
    func shutdown() async {
        await feed.stop()
        _ = await feedTask.result
        await services.writer.close()
        await cluster.shutdown()
    }

    /// The `Cookie` header of a signed-in `user` with `role`.
    func cookie(_ user: String, _ role: Role) -> (header: String, csrf: String) {
        let session = services.sessions.newSession(user: user, role: role)
        return ("\(SessionCodec.cookieName)=\(services.sessions.encode(session))", services.sessions.csrfToken(for: session.nonce))
    }

    // MARK: The portfolio on the topics

    static func usd(_ major: Int64) -> Money { Money(amountMinor: major * 100, currency: .usd) }
    static func day(_ text: String) -> CalendarDate { try! CalendarDate(text) }
    static func at(_ text: String) -> Timestamp { Timestamp(date: day(text), hour: 12) }

    static func position(_ buyer: BuyerId, exposure: Int64, overdue: Int64, limit: Int64?, asOf: String = "2024-03-20") -> ReceivablesPosition {
        let current = max(0, exposure - overdue)
        return ReceivablesPosition(
            buyerId: buyer, asOf: day(asOf), openAmount: usd(exposure), overdueAmount: usd(overdue), disputedAmount: usd(0),
            exposure: usd(exposure), approvedOrdersAmount: usd(0),
            aging: AgingAmounts(current: usd(current), days1To30: usd(overdue / 2), days31To60: usd(overdue - overdue / 2),
                                days61To90: usd(0), over90: usd(0)),
            openInvoiceCount: 2, onCreditHold: false, creditLimit: limit.map(usd))
    }

    static func assessment(_ buyer: BuyerId, grade: Int, creditClass: CreditClass, limit: Int64, paydex: Int) -> CreditAssessment {
        CreditAssessment(buyerId: buyer, assessedAt: at("2024-03-01"), score: Double(100 - grade * 8), grade: grade, creditClass: creditClass,
                         creditLimit: usd(limit), terms: Policy.defaults.scoring.terms.b,
                         reasons: [ScoreReason(factor: "paymentBehaviour.paydex", impact: -4.5, detail: "PAYDEX \(paydex): pays late")],
                         modelVersion: "scorecard-test", policyVersion: 1, components: ScoreComponents(), paydex: paydex)
    }

    static func envelope(_ id: String, _ time: Timestamp, _ event: DomainEvent, source: String = "credence/test") -> EventEnvelope {
        EventEnvelope(id: id, source: source, time: time, event: event)
    }

    /// B-1 over its limit with a phone call due; B-2 with a dispute waiting; B-3 with a filed claim; B-4 clean.
    static let events: [EventEnvelope] = [
        envelope("a1", at("2024-03-01"), .creditAssessment(assessment("B-1", grade: 7, creditClass: .c, limit: 50_000, paydex: 45))),
        envelope("a2", at("2024-03-01"), .creditAssessment(assessment("B-2", grade: 3, creditClass: .a, limit: 200_000, paydex: 80))),
        envelope("a3", at("2024-03-01"), .creditAssessment(assessment("B-3", grade: 9, creditClass: .c, limit: 10_000, paydex: 20))),
        envelope("a4", at("2024-03-01"), .creditAssessment(assessment("B-4", grade: 2, creditClass: .a, limit: 100_000, paydex: 82))),
        envelope("p1-old", at("2024-02-28"), .receivablesPosition(position("B-1", exposure: 30_000, overdue: 0, limit: 50_000, asOf: "2024-02-28"))),
        envelope("p1", at("2024-03-20"), .receivablesPosition(position("B-1", exposure: 61_250, overdue: 20_000, limit: 50_000))),
        envelope("p2", at("2024-03-20"), .receivablesPosition(position("B-2", exposure: 120_000, overdue: 15_000, limit: 200_000))),
        envelope("p3", at("2024-03-20"), .receivablesPosition(position("B-3", exposure: 40_000, overdue: 40_000, limit: 10_000))),
        envelope("p4", at("2024-03-20"), .receivablesPosition(position("B-4", exposure: 5_000, overdue: 0, limit: 100_000))),
        envelope("d1", at("2024-03-18"), .dunningAction(DunningAction(buyerId: "B-1", invoiceId: "B-1-INV-1", level: 2, action: .phoneCall,
                                                                      channel: .phone, date: day("2024-03-18"), daysPastDue: 33,
                                                                      openAmount: usd(20_000), note: "rule: level-2 phone call (31–60 dpd)"))),
        envelope("d2", at("2024-03-10"), .dunningAction(DunningAction(buyerId: "B-2", invoiceId: "B-2-INV-7", level: 1, action: .reminder,
                                                                      channel: .email, date: day("2024-03-10"), daysPastDue: 5,
                                                                      openAmount: usd(15_000), note: "rule: level-1 automatic reminder (1–30 dpd)"))),
        envelope("al1", at("2024-03-12"), .alert(Alert(buyerId: "B-2", alertId: "al1", alertType: .disputeOpened, severity: .warning,
                                                        raisedAt: at("2024-03-12"), invoiceId: "B-2-INV-7", message: "buyer disputes the quantity"))),
        envelope("al2", at("2024-03-20"), .alert(Alert(buyerId: "B-1", alertId: "al2", alertType: .creditLimitExceeded, severity: .critical,
                                                        raisedAt: at("2024-03-20"), message: "exposure 61250.00 USD over limit 50000.00 USD"))),
        envelope("c1", at("2024-03-05"), .dunningAction(DunningAction(buyerId: "B-3", invoiceId: "B-3-INV-2", level: 4, action: .claimTrigger,
                                                                      channel: .insurer, date: day("2024-03-05"), daysPastDue: 95,
                                                                      openAmount: usd(40_000), note: "rule: level-4 insurance claim trigger (> 90 dpd)"))),
        envelope("c2", at("2024-03-06"), .claimEvent(ClaimEvent(buyerId: "B-3", claimId: "CLM-3", state: .filed, date: day("2024-03-06"),
                                                                 invoiceIds: ["B-3-INV-2"], trigger: .protractedDefault, loss: usd(40_000),
                                                                 waitingPeriodEnds: day("2024-08-03")))),
        envelope("o1", at("2024-03-19"), .creditDecision(CreditDecision(buyerId: "B-1", orderId: "O-9", outcome: .held, orderAmount: usd(5_000),
                                                                         exposure: usd(61_250), creditLimit: usd(50_000), availableAmount: usd(0),
                                                                         decidedAt: at("2024-03-19"), reason: "limit_exceeded"))),
    ]
}

struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
