import Console
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Kafka
import Testing
import TestSupport

/// The pages, rendered by the console's router over views filled from real records on an embedded broker.
@Suite(.serialized)
struct ConsolePageTests {
    @Test func theBuyersPageShowsEachBuyersLatestExposureAndSortsFiltersAndPages() async throws {
        let fixture = try await ConsoleFixture.start()
        defer { Task { await fixture.shutdown() } }
        let cookie = fixture.cookie("vera", .viewer).header
        try await Application(router: ConsoleApp.router(fixture.services)).test(.router) { client in
            let page = try await client.execute(uri: "/buyers", method: .get, headers: [.cookie: cookie]) { String(buffer: $0.body) }
            // B-1's latest position (61,250) wins over its earlier one (30,000); the default order is largest exposure first.
            #expect(page.contains("<span id=\"total\">4</span>"))
            let order = ["B-2", "B-1", "B-3", "B-4"].compactMap { page.range(of: "data-buyer=\"\($0)\"")?.lowerBound }
            #expect(order.count == 4 && order == order.sorted())
            #expect(page.contains("61,250.00 USD"))
            #expect(!page.contains("30,000.00 USD"))
            // B-1 is at 122.5 % of its limit and shows the next step the policy table gives its level-2 invoice.
            #expect(page.contains("122.5 %"))
            #expect(page.contains("level 3 credit hold"))

            let byGrade = try await client.execute(uri: "/buyers?sort=grade&dir=asc", method: .get, headers: [.cookie: cookie]) { String(buffer: $0.body) }
            let gradeOrder = ["B-4", "B-2", "B-1", "B-3"].compactMap { byGrade.range(of: "data-buyer=\"\($0)\"")?.lowerBound }
            #expect(gradeOrder == gradeOrder.sorted() && gradeOrder.count == 4)

            let overLimit = try await client.execute(uri: "/buyers?overlimit=1&class=C", method: .get, headers: [.cookie: cookie]) { String(buffer: $0.body) }
            #expect(overLimit.contains("<span id=\"total\">2</span>"))
            #expect(overLimit.contains("data-buyer=\"B-3\"") && overLimit.contains("data-buyer=\"B-1\""))
            #expect(!overLimit.contains("data-buyer=\"B-2\""))

            let search = try await client.execute(uri: "/buyers?q=b-4", method: .get, headers: [.cookie: cookie]) { String(buffer: $0.body) }
            #expect(search.contains("<span id=\"total\">1</span>") && search.contains("data-buyer=\"B-4\""))
        }
    }

    @Test func theBuyerPageShowsTheAssessmentInvoicesTimelineAndAlerts() async throws {
        let fixture = try await ConsoleFixture.start()
        defer { Task { await fixture.shutdown() } }
        let cookie = fixture.cookie("vera", .viewer).header
        try await Application(router: ConsoleApp.router(fixture.services)).test(.router) { client in
            let response = try await client.execute(uri: "/buyers/B-1", method: .get, headers: [.cookie: cookie])
            #expect(response.status == .ok)
            let page = String(buffer: response.body)
            #expect(page.contains("<b id=\"exposure\">61,250.00 USD</b>"))
            #expect(page.contains("<td class=\"num\" id=\"grade\">7</td>"))
            #expect(page.contains("PAYDEX 45: pays late"))
            // The open invoice: 35 days past due on the business day (due 2024-02-14), level 2, the next step from the table.
            #expect(page.contains("data-invoice=\"B-1-INV-1\""))
            #expect(page.contains("<td class=\"num\">35</td>"))
            #expect(page.contains("level 3 credit hold via internalTask on 2024-04-"))
            // The timeline names the rule of each entry; the held order and the alert are there.
            #expect(page.contains("rule: level-2 phone call (31–60 dpd)"))
            #expect(page.contains("order O-9 held") && page.contains("limit_exceeded"))
            #expect(page.contains("credit.limit.exceeded"))
            // A viewer gets no forms.
            #expect(!page.contains("action=\"/actions/"))

            let unknown = try await client.execute(uri: "/buyers/B-404", method: .get, headers: [.cookie: cookie])
            #expect(unknown.status == .notFound)
        }
    }

    @Test func thePortfolioPageDrawsTheAgingExposureKPIAndConcentrationCharts() async throws {
        let fixture = try await ConsoleFixture.start()
        defer { Task { await fixture.shutdown() } }
        let cookie = fixture.cookie("vera", .viewer).header
        try await Application(router: ConsoleApp.router(fixture.services)).test(.router) { client in
            let page = try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { String(buffer: $0.body) }
            // Receivables = the latest positions' open amounts: 61,250 + 120,000 + 40,000 + 5,000.
            #expect(page.contains("<b id=\"receivables\">226,250.00 USD</b>"))
            #expect(page.components(separatedBy: "<svg class=\"chart\"").count - 1 == 4)
            #expect(page.contains("<title>Receivables by aging bucket</title>"))
            // B-2 holds 120,000 of 226,250: 53.0 % of the exposure.
            #expect(page.contains("<td>largest 1</td><td class=\"num\">53.0 %</td>"))
            // The aging buckets sum each buyer's latest position: current 61,250 − 20,000 + 105,000 + 0 + 5,000.
            #expect(page.contains("151,250.00 USD"))
            #expect(!page.contains("<script"))
        }
    }

    @Test func theClaimsPageListsDeadlinesOfTheNextThirtyDaysFirst() async throws {
        let extra = [ConsoleFixture.envelope("c9", ConsoleFixture.at("2024-01-10"), .claimEvent(ClaimEvent(
            buyerId: "B-4", claimId: "CLM-OLD", state: .paid, date: ConsoleFixture.day("2024-01-10"), invoiceIds: ["B-4-INV-1"],
            loss: ConsoleFixture.usd(1_000), indemnity: ConsoleFixture.usd(900))))]
        let fixture = try await ConsoleFixture.start(extra: extra)
        defer { Task { await fixture.shutdown() } }
        let cookie = fixture.cookie("vera", .viewer).header
        try await Application(router: ConsoleApp.router(fixture.services)).test(.router) { client in
            let page = try await client.execute(uri: "/claims", method: .get, headers: [.cookie: cookie]) { String(buffer: $0.body) }
            // CLM-3 was filed on 2024-03-06: the insurer's answer is due within 30 days, so it comes first.
            let filed = try #require(page.range(of: "data-claim=\"CLM-3\""))
            let paid = try #require(page.range(of: "data-claim=\"CLM-OLD\""))
            #expect(filed.lowerBound < paid.lowerBound)
            #expect(page.contains("waiting period ends: 2024-08-03"))
            #expect(page.contains("insurer&#39;s answer due"))
            #expect(page.contains("900.00 USD"))
        }
    }

    @Test func theAlertsPageFiltersByTypeAndSeverity() async throws {
        let fixture = try await ConsoleFixture.start()
        defer { Task { await fixture.shutdown() } }
        let cookie = fixture.cookie("vera", .viewer).header
        try await Application(router: ConsoleApp.router(fixture.services)).test(.router) { client in
            let all = try await client.execute(uri: "/alerts", method: .get, headers: [.cookie: cookie]) { String(buffer: $0.body) }
            #expect(all.contains("buyer disputes the quantity") && all.contains("over limit 50000.00 USD"))
            #expect(all.contains("<script src=\"/static/alerts.js\" defer></script>"))
            let critical = try await client.execute(uri: "/alerts?severity=critical", method: .get, headers: [.cookie: cookie]) { String(buffer: $0.body) }
            #expect(critical.contains("over limit 50000.00 USD") && !critical.contains("buyer disputes the quantity"))
            let disputes = try await client.execute(uri: "/alerts?type=dispute.opened", method: .get, headers: [.cookie: cookie]) { String(buffer: $0.body) }
            #expect(disputes.contains("buyer disputes the quantity") && !disputes.contains("over limit 50000.00 USD"))
        }
    }

    @Test func readinessAndHealthAnswerLikeTheStages() async throws {
        let fixture = try await ConsoleFixture.start()
        defer { Task { await fixture.shutdown() } }
        try await Application(router: ConsoleApp.router(fixture.services)).test(.router) { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            let cookie = fixture.cookie("vera", .viewer).header
            let ready = try await client.execute(uri: "/readyz", method: .get, headers: [.cookie: cookie])
            #expect(ready.status == .ok && String(buffer: ready.body).contains("views rebuilt"))
        }
    }
}
