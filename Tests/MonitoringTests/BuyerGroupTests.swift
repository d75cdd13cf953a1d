import Domain
import Runtime
import Testing
@testable import Monitoring

/// Issue "The ledger as an ERP really sends it" §6: a buyer's group — its parent and the buyers naming that parent,
/// wherever their partitions are — is read from the positions table, and an order is decided against the group
/// limit as well as the buyer's own.
@Suite struct BuyerGroupTests {
    typealias F = Fixture

    /// A position as another partition published it, kept the way the positions table keeps it.
    static func tableValue(_ buyer: BuyerId, exposure: Int64, limit: Int64?, parent: BuyerId?) throws -> PositionSummary {
        let zero = F.usd(0)
        let position = ReceivablesPosition(
            buyerId: buyer, asOf: F.day("2024-03-01"), openAmount: F.usd(exposure), overdueAmount: zero, disputedAmount: zero,
            exposure: F.usd(exposure), approvedOrdersAmount: zero,
            aging: AgingAmounts(current: F.usd(exposure), days1To30: zero, days31To60: zero, days61To90: zero, over90: zero),
            openInvoiceCount: 1, onCreditHold: false, creditLimit: limit.map(F.usd), parentId: parent)
        return try #require(Concentration.table.decode(try EventCodec.encodeValue(.receivablesPosition(position))))
    }

    static func member(table: [String: PositionSummary]) -> Harness {
        var harness = Harness()
        harness.tables[Concentration.table] = table
        harness.send(.buyerProfile(BuyerProfile(buyerId: F.buyer, name: "Member", country: "DE", industryCode: "C",
                                                parentId: "HOLDING")), on: "2024-03-01")
        harness.send(F.assessment(limit: 50_000), on: "2024-03-01")
        harness.send(F.issued("INV-1", 10_000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
        return harness
    }

    @Test func theTableKeepsWhatTheGroupRulesRead() throws {
        let kept = try Self.tableValue("M-2", exposure: 25_000, limit: 30_000, parent: "HOLDING")
        #expect(kept == PositionSummary(openAmount: F.usd(25_000), exposure: F.usd(25_000), creditLimit: F.usd(30_000),
                                        parentId: "HOLDING"))
        #expect(kept.creditLimit == F.usd(30_000) && kept.parentId == "HOLDING")
        // As compact as the text it replaces (`2500000 2500000 3000000 USD HOLDING` behind a pointer), and inline.
        #expect(MemoryLayout<PositionSummary>.stride <= 80, "\(MemoryLayout<PositionSummary>.stride) bytes a buyer")
    }

    /// The member's own limit has room (10,000 + 10,000 ≤ 50,000); the group's does not: the parent's 60,000, a
    /// sister's 25,000 and the member's 10,000 leave 5,000 of the parent's 100,000 limit.
    @Test func anOrderThatFitsTheBuyerButNotTheGroupIsHeld() throws {
        var harness = Self.member(table: [
            "HOLDING": try Self.tableValue("HOLDING", exposure: 60_000, limit: 100_000, parent: nil),
            "M-2": try Self.tableValue("M-2", exposure: 25_000, limit: 30_000, parent: "HOLDING"),
            "OTHER": try Self.tableValue("OTHER", exposure: 500_000, limit: 900_000, parent: nil),
        ])
        let outputs = harness.send(F.order("O-1", 10_000, on: "2024-03-02"), on: "2024-03-02").outputs
        let decision = try #require(outputs.decisions.first)
        #expect(decision.outcome == .held)
        #expect(decision.reason == "group_limit_exceeded")
        #expect(decision.availableAmount == F.usd(5_000))
        let held = try #require(outputs.alerts(.orderHeld).first)
        #expect(held.amounts?["groupExposure"] == F.usd(95_000))
        #expect(held.amounts?["groupCreditLimit"] == F.usd(100_000))
        #expect(harness.send(F.order("O-2", 5_000, on: "2024-03-02"), on: "2024-03-02").outputs.decisions.first?.outcome
            == .approved, "5,000 still fits the group")
    }

    /// The parent's own orders count its members' exposure too, against its own limit.
    @Test func theParentsOrdersCountItsMembers() throws {
        var parent = Harness()
        parent.tables[Concentration.table] = [
            "M-1": try Self.tableValue("M-1", exposure: 40_000, limit: 50_000, parent: F.buyer),
        ]
        parent.send(F.assessment(limit: 100_000), on: "2024-03-01")
        parent.send(F.issued("INV-1", 50_000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
        let decision = try #require(parent.send(F.order("O-1", 20_000, on: "2024-03-02"), on: "2024-03-02").outputs.decisions.first)
        #expect(decision.reason == "group_limit_exceeded", "50,000 + 40,000 + 20,000 > 100,000")
        var alone = Harness()
        alone.send(F.assessment(limit: 100_000), on: "2024-03-01")
        alone.send(F.issued("INV-1", 50_000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
        #expect(alone.send(F.order("O-1", 20_000, on: "2024-03-02"), on: "2024-03-02").outputs.decisions.first?.outcome == .approved)
    }

    @Test func thePositionNamesTheParent() throws {
        var harness = Self.member(table: [:])
        #expect(harness.send(F.paid("INV-1", 1, on: "2024-03-02"), on: "2024-03-02").outputs.positions.last?.parentId == "HOLDING")
    }
}
