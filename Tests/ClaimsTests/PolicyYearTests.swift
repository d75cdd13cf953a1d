import Claims
import Domain
import Foundation
import Runtime
import Testing

/// The aggregate first loss and maximum liability per policy year, across several claims and buyers.
@Suite struct PolicyYearTests {
    /// Two claims of one buyer, one after the other: INV-A (due 2024-02-01) in protracted default, paid on
    /// 2024-09-29; then INV-B (issued 2024-09-01, due 2024-10-01) in the buyer's insolvency on 2024-10-15,
    /// paid on the response day. The limit is the buyer's: INV-B is covered only by what INV-A left of it.
    func twoClaims(_ rules: ClaimsRules, a: Int64, b: Int64, limit: Int64 = 100_000,
                   table: [String: [UInt8]] = [:]) throws -> ClaimsScenario {
        var scenario = ClaimsScenario(rules: rules)
        // As the table keeps them: each record decoded once, by the table's declaration.
        scenario.portfolio = table.compactMapValues(PolicyYearUsage.table.decode)
        try scenario.send(Fixture.limit(limit), Fixture.issued("INV-A", a),
                          Fixture.creditHold(invoice: "INV-A"), Fixture.claimTrigger(invoice: "INV-A"))
        scenario.endOfDay(Fixture.day("2024-09-29"))
        try scenario.send(Fixture.issued("INV-B", b, issue: Fixture.day("2024-09-01"), due: Fixture.day("2024-10-01")),
                          Fixture.insolvency(on: Fixture.day("2024-10-15")))
        scenario.endOfDay(Fixture.day("2024-12-31"))
        return scenario
    }

    @Test func theDeductibleIsBorneOnceAcrossTheYearsClaims() throws {
        // 25,000 deductible: INV-A's 18,000 insured goes into it entirely, INV-B's 27,000 pays 20,000.
        let scenario = try twoClaims(Fixture.rules(deductible: 25_000), a: 20_000, b: 30_000)
        let paid = scenario.events(.paid)
        #expect(paid.map(\.indemnity) == [Fixture.usd(0), Fixture.usd(20_000)])
        #expect(paid.map(\.invoiceIds) == [["INV-A"], ["INV-B"]])
        #expect(scenario.alerts(.claimPaid).map { $0.amounts["deductibleApplied"] } == [Fixture.usd(18_000), Fixture.usd(7_000)])
        #expect(scenario.state.usage?.deductible == Fixture.usd(25_000))
        #expect(scenario.state.usage?.indemnity == Fixture.usd(20_000))
        #expect(scenario.state.coveredByPaidClaims == Fixture.usd(50_000))
        #expect(paid.last?.yearToDateDeductible == nil, "the processor adds the figures, not the state machine")
    }

    @Test func theMaximumLiabilityCapsTheYearsIndemnity() throws {
        // 100,000 a year, a 200,000 limit: INV-A takes 90,000, INV-B's 45,000 is cut to the remaining 10,000.
        let scenario = try twoClaims(Fixture.rules(maximumLiability: 100_000), a: 100_000, b: 50_000, limit: 200_000)
        #expect(scenario.events(.paid).map(\.indemnity) == [Fixture.usd(90_000), Fixture.usd(10_000)])
        #expect(scenario.events(.paid).last?.reason?.contains("capped") == true)
        #expect(scenario.state.usage?.indemnity == Fixture.usd(100_000))
    }

    /// Issue 15: a claim after a paid one gets no fresh limit. INV-A used the whole 100,000; INV-B's 50,000 is not covered.
    @Test func aLaterClaimOfTheBuyerSharesTheLimitWithItsPaidClaims() throws {
        let scenario = try twoClaims(Fixture.rules(), a: 120_000, b: 50_000)
        #expect(scenario.events(.paid).map(\.indemnity) == [Fixture.usd(90_000), Fixture.usd(0)])
        #expect(scenario.alerts(.claimPaid).last?.amounts["coveredLoss"] == Fixture.usd(0))
    }

    @Test func otherBuyersUsageComesFromTheClaimsEventsTable() throws {
        let other = ClaimEvent(buyerId: "B-300", claimId: "CLM-X", state: .paid, date: Fixture.day("2024-03-01"), invoiceIds: ["X-1"],
                               policyYearStart: Fixture.day("2024-01-01"), yearToDateDeductible: Fixture.usd(25_000),
                               yearToDateIndemnity: Fixture.usd(9_950_000))
        let stale = ClaimEvent(buyerId: "B-301", claimId: "CLM-Y", state: .paid, date: Fixture.day("2023-03-01"), invoiceIds: ["Y-1"],
                               policyYearStart: Fixture.day("2023-01-01"), yearToDateDeductible: Fixture.usd(25_000),
                               yearToDateIndemnity: Fixture.usd(9_000_000))
        let table = ["B-300": Array(try JSONEncoder().encode(other)), "B-301": Array(try JSONEncoder().encode(stale))]
        // The deductible is used up by B-300; 50,000 of liability is left: INV-A gets 45,000 in full, INV-B
        // (20,000, within the 50,000 INV-A left of the limit) only 5,000.
        let scenario = try twoClaims(Fixture.rules(deductible: 25_000), a: 50_000, b: 20_000, table: table)
        #expect(scenario.events(.paid).map(\.indemnity) == [Fixture.usd(45_000), Fixture.usd(5_000)])
        #expect(scenario.state.usage?.deductible == Fixture.usd(0))
    }

    @Test func aNewPolicyYearStartsWithTheWholeDeductible() throws {
        var scenario = ClaimsScenario(rules: Fixture.rules(deductible: 25_000))
        let dueC = Fixture.day("2024-09-01")
        try scenario.send(Fixture.limit(100_000), Fixture.issued("INV-A", 20_000), Fixture.issued("INV-C", 30_000, due: dueC),
                          Fixture.creditHold(invoice: "INV-A"), Fixture.claimTrigger(invoice: "INV-A"))
        scenario.endOfDay(Fixture.day("2024-09-29"))
        try scenario.send(Fixture.creditHold(invoice: "INV-C", due: dueC), Fixture.claimTrigger(invoice: "INV-C", due: dueC))
        scenario.endOfDay(Fixture.day("2025-06-30"))
        // INV-A was paid before INV-C fell due 91 days, so INV-C opens the buyer's next claim: filed 2024-12-01,
        // payable on 2025-04-30 (+ 150 days), in the 2025 policy year.
        #expect(scenario.events(.paid).map(\.date) == [Fixture.day("2024-09-29"), Fixture.day("2025-04-30")])
        #expect(scenario.events(.paid).map(\.indemnity) == [Fixture.usd(0), Fixture.usd(2_000)])
        #expect(scenario.state.usage?.policyYearStart == Fixture.day("2025-01-01"))
        #expect(scenario.state.usage?.deductible == Fixture.usd(25_000))
    }

    @Test func policyYearsStartInThePolicyMonth() {
        var policy = Fixture.policy()
        policy.claims.policyYearStartMonth = 7
        let rules = ClaimsRules(policy: policy)
        #expect(rules.policyYearStart(of: Fixture.day("2024-06-30")) == Fixture.day("2023-07-01"))
        #expect(rules.policyYearStart(of: Fixture.day("2024-07-01")) == Fixture.day("2024-07-01"))
    }
}
