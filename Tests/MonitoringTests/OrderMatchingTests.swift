import Domain
import Testing
@testable import Monitoring

/// Issue "The ledger as an ERP really sends it" §5: invoices consume approvals by what they bill, approvals
/// expire, and a zero order is decided like any other.
@Suite struct OrderMatchingTests {
    typealias F = Fixture

    static func buyer(limit: Int64 = 100_000) -> Harness {
        var harness = Harness()
        harness.send(F.assessment(limit: limit), on: "2024-03-01")
        return harness
    }

    /// A 10,500 invoice without an orderId consumes the buyer's 10,000 approval instead of leaving it in
    /// exposure for six months.
    @Test func anInvoiceWithoutAnOrderIdConsumesTheOldestApprovals() throws {
        var harness = Self.buyer()
        harness.send(F.order("O-1", 10_000, on: "2024-03-02"), on: "2024-03-02")
        harness.send(F.order("O-2", 2_000, on: "2024-03-03"), on: "2024-03-03")
        let position = try #require(harness.send(F.issued("INV-1", 10_500, issued: "2024-03-04", due: "2024-04-03"),
                                                 on: "2024-03-04").outputs.positions.last)
        #expect(position.openAmount == F.usd(10_500))
        #expect(position.approvedOrdersAmount == F.usd(1_500), "10,000 of O-1 and 500 of O-2 are billed")
        #expect(position.exposure == F.usd(12_000))
    }

    /// A partial invoice of a named order leaves the rest of its approval in exposure.
    @Test func aPartialInvoiceLeavesTheRestApproved() throws {
        var harness = Self.buyer()
        harness.send(F.order("O-1", 10_000, on: "2024-03-02"), on: "2024-03-02")
        let first = try #require(harness.send(F.issued("INV-1", 4_000, issued: "2024-03-04", due: "2024-04-03", order: "O-1"),
                                              on: "2024-03-04").outputs.positions.last)
        #expect(first.approvedOrdersAmount == F.usd(6_000))
        #expect(first.exposure == F.usd(10_000))
        let second = try #require(harness.send(F.issued("INV-2", 6_000, issued: "2024-03-05", due: "2024-04-04", order: "O-1"),
                                               on: "2024-03-05").outputs.positions.last)
        #expect(second.approvedOrdersAmount.isZero)
        #expect(second.exposure == F.usd(10_000))
    }

    /// An approval no invoice bills within 30 days stops counting in exposure, with an event that says so.
    @Test func anApprovalNotInvoicedInTimeExpires() throws {
        var harness = Self.buyer()
        harness.send(F.order("O-1", 10_000, on: "2024-03-02"), on: "2024-03-02")
        harness.send(F.issued("INV-1", 4_000, issued: "2024-03-04", due: "2024-04-03", order: "O-1"), on: "2024-03-04")
        #expect(harness.punctuate(at: "2024-04-01").alerts(.orderApprovalExpired).isEmpty, "day 30 is still valid")
        let expired = harness.punctuate(at: "2024-04-02")
        let alert = try #require(expired.alerts(.orderApprovalExpired).first)
        #expect(alert.orderId == "O-1")
        #expect(alert.amounts?["releasedAmount"] == F.usd(6_000))
        #expect(expired.positions.last?.approvedOrdersAmount.isZero == true)
        #expect(expired.positions.last?.exposure == F.usd(4_000))
        #expect(harness.punctuate(at: "2024-04-03").alerts(.orderApprovalExpired).isEmpty, "once")
    }

    /// A 0.00 order does not fit a buyer already over its limit.
    @Test func aZeroOrderOverTheLimitIsHeld() throws {
        var harness = Self.buyer(limit: 1_000)
        harness.send(F.issued("INV-1", 5_000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
        let decision = try #require(harness.send(F.order("O-0", 0, on: "2024-03-02"), on: "2024-03-02").outputs.decisions.first)
        #expect(decision.outcome == .held)
        #expect(decision.reason == "limit_exceeded")
        var fresh = Self.buyer(limit: 1_000)
        #expect(fresh.send(F.order("O-0", 0, on: "2024-03-02"), on: "2024-03-02").outputs.decisions.first?.outcome == .approved)
    }
}
