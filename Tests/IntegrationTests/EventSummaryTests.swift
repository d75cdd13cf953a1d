@testable import credence
import Domain
import Testing

/// The line `credence demo` and `credence tail` print for an assessment: grade, score, the PD with its band's grade,
/// and the ratio that costs the buyer most.
@Suite struct EventSummaryTests {
    static func assessment(probability: Double?, band: Int?, reasons: [ScoreReason]?) -> DomainEvent {
        .creditAssessment(CreditAssessment(
            buyerId: "B-1", assessedAt: Timestamp(date: try! CalendarDate("2024-07-01"), hour: 9), score: 61.5, grade: 5,
            creditClass: .b, creditLimit: Money(amountMinor: 100_000, currency: .usd),
            terms: CreditTerms(openAccountDays: nil, prepaymentShare: 0.3, guaranteeRequired: true), reasons: [],
            modelVersion: "m", policyVersion: 1,
            components: ScoreComponents(financialStrength: nil, paymentBehaviour: nil, countryIndustry: 85, events: 100),
            probabilityOfDefault: probability, probabilityOfDefaultGrade: band, financialReasons: reasons))
    }

    @Test func theScoringLineShowsTheBandAndTheFirstRatioReason() {
        let text = "net profit / total assets −0.12 is in the worst 10 % of firms (−14 points)"
        let line = EventSummary.text(Self.assessment(probability: 0.0108, band: 5, reasons: [
            ScoreReason(factor: "financialStrength.X1", impact: -14.2, detail: text),
            ScoreReason(factor: "financialStrength.X2", impact: -3, detail: "second"),
        ]))
        #expect(line == "grade 5 class b score 61.50 PD 1.08 % (band grade 5) limit \(Money(amountMinor: 100_000, currency: .usd)) — \(text)")
    }

    @Test func withoutAStatementTheLineIsAsBefore() {
        let line = EventSummary.text(Self.assessment(probability: nil, band: nil, reasons: nil))
        #expect(line == "grade 5 class b score 61.50 limit \(Money(amountMinor: 100_000, currency: .usd))")
    }
}
