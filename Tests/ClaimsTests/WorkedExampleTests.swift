import Claims
import Domain
import Testing

/// DOMAIN.md §6's worked example: debt 120,000, limit 100,000, 90 % cover → indemnity 90,000, insurer
/// share 75 %; a recovery of 24,000 gives 18,000 to the insurer and 6,000 to the seller.
@Suite struct WorkedExampleTests {
    /// Notified at dunning level 3, filed at level 4, paid after the 150-day waiting period.
    static func paidScenario() throws -> ClaimsScenario {
        var scenario = ClaimsScenario()
        try scenario.send(Fixture.limit(100_000), Fixture.issued("INV-1", 120_000), Fixture.creditHold(), Fixture.claimTrigger())
        scenario.endOfDay(Fixture.due.adding(days: 91 + 150))
        return scenario
    }

    @Test func theClaimGoesNotifiedFiledApprovedPaid() throws {
        let scenario = try Self.paidScenario()
        let states = scenario.log.compactMap(\.claimEvent).map(\.state)
        #expect(states == [.notified, .filed, .approved, .paid])
        #expect(Set(scenario.log.compactMap(\.claimEvent).map(\.claimId)).count == 1, "one claim from NOA to payout")
    }

    @Test func theNotificationGoesOutAtTheMEPInsideTheDeadline() throws {
        let scenario = try Self.paidScenario()
        let notified = try #require(scenario.events(.notified).first)
        #expect(notified.date == Fixture.due.adding(days: 61))
        #expect(notified.invoiceIds == ["INV-1"])
        #expect(notified.reason?.contains("deadline 2024-05-01") == true, "due 2024-02-01 + 60 + 30 days")
    }

    @Test func theIndemnityIs90PercentOfTheLimitNotOfTheDebt() throws {
        let scenario = try Self.paidScenario()
        let filed = try #require(scenario.events(.filed).first)
        #expect(filed.trigger == .protractedDefault)
        #expect(filed.loss == Fixture.usd(120_000))
        #expect(filed.waitingPeriodEnds == Fixture.due.adding(days: 91 + 150))
        let approved = try #require(scenario.events(.approved).first)
        #expect(approved.indemnity == Fixture.usd(90_000))
        let paid = try #require(scenario.events(.paid).first)
        #expect(paid.loss == Fixture.usd(120_000))
        #expect(paid.indemnity == Fixture.usd(90_000))
        #expect(paid.date == Fixture.due.adding(days: 91 + 150))
    }

    @Test func aRecoveryOf24000GivesTheInsurer18000AndTheSeller6000() throws {
        var scenario = try Self.paidScenario()
        let outputs = try scenario.send(Fixture.payment(24_000, id: "PAY-R1", on: Fixture.day("2024-11-15")))
        let recovery = try #require(outputs.compactMap(\.claimEvent).first)
        #expect(recovery.state == .recovery)
        #expect(recovery.recovery == Fixture.usd(24_000))
        #expect(recovery.insurerShare == Fixture.usd(18_000))
        #expect(recovery.sellerShare == Fixture.usd(6_000))
        #expect(scenario.state[invoice: "INV-1"]?.openAmount == Fixture.usd(96_000))
        #expect(scenario.state[claim: recovery.claimId]?.state == .paid, "recoveries are events; the claim stays paid")
    }

    @Test func theRecoverySplitRoundsHalfEvenOnTheMinorUnit() {
        let loss = Money(amountMinor: 3, currency: .usd), indemnity = Money(amountMinor: 1, currency: .usd)
        // 0.5 cent rounds to the even 0, 1.5 cents to 2.
        #expect(Indemnity.recoveryShares(Money(amountMinor: 3, currency: .usd), indemnity: indemnity, loss: loss).insurer.amountMinor == 1)
        let half = Indemnity.recoveryShares(Money(amountMinor: 1, currency: .usd), indemnity: Money(amountMinor: 1, currency: .usd),
                                            loss: Money(amountMinor: 2, currency: .usd))
        #expect(half.insurer.amountMinor == 0 && half.seller.amountMinor == 1)
        let threeHalves = Indemnity.recoveryShares(Money(amountMinor: 3, currency: .usd), indemnity: Money(amountMinor: 1, currency: .usd),
                                                   loss: Money(amountMinor: 2, currency: .usd))
        #expect(threeHalves.insurer.amountMinor == 2 && threeHalves.seller.amountMinor == 1)
    }

    @Test func theInsuredPercentageRoundsHalfEvenOnTheMinorUnit() throws {
        // 90 % of 0.05 USD is 4.5 cents → 4; of 0.15 USD, 13.5 cents → 14.
        let five = Money(amountMinor: 5, currency: .usd), fifteen = Money(amountMinor: 15, currency: .usd)
        let huge = Fixture.usd(1_000_000)
        #expect(try Indemnity.compute(loss: five, coveredLoss: five, insuredPercentage: 0.9, remainingDeductible: .zero(.usd),
                                      remainingLiability: huge).amount.amountMinor == 4)
        #expect(try Indemnity.compute(loss: fifteen, coveredLoss: fifteen, insuredPercentage: 0.9, remainingDeductible: .zero(.usd),
                                      remainingLiability: huge).amount.amountMinor == 14)
    }

    @Test func thePaidAlertCarriesTheFigures() throws {
        let scenario = try Self.paidScenario()
        let paid = try #require(scenario.alerts(.claimPaid).first)
        #expect(paid.severity == .info)
        #expect(paid.amounts["indemnity"] == Fixture.usd(90_000))
        #expect(paid.amounts["coveredLoss"] == Fixture.usd(100_000))
        #expect(paid.amounts["loss"] == Fixture.usd(120_000))
        #expect(paid.figures["insurerShareOfLoss"] == 0.75)
        let filed = try #require(scenario.alerts(.claimFiled).first)
        #expect(filed.amounts["indemnity"] == Fixture.usd(90_000))
        #expect(scenario.alerts(.claimRejected).isEmpty)
    }
}
