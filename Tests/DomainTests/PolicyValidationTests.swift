import Foundation
import Testing
@testable import Domain

/// An invalid policy is refused with the JSON path of the offending field.
@Suite struct PolicyValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var path: String
        var message: String
        var mutate: @Sendable (inout Policy) -> Void
        var testDescription: String { path }
    }

    static let cases: [Case] = [
        Case(path: "scoring.weights.financialStrength", message: "must be between 0 and 1, found 1.4") {
            $0.scoring.weights.financialStrength = 1.4
        },
        Case(path: "scoring.weights", message: "must sum to 1, found 0.9") { $0.scoring.weights.events = 0 },
        Case(path: "exchangeRates.EURO", message: "EURO is not an ISO 4217 currency code") {
            $0.exchangeRates = ["EURO": try! DecimalFactor("1.08")]
        },
        Case(path: "exchangeRates.USD", message: "the reporting currency USD needs no rate") {
            $0.exchangeRates = ["USD": try! DecimalFactor("1")]
        },
        Case(path: "exchangeRates.EUR", message: "a rate must be positive, found 0") {
            $0.exchangeRates = ["EUR": try! DecimalFactor("0")]
        },
        Case(path: "scoring.paydex.points[3].daysBeyondTerms", message: "must be greater than the previous daysBeyondTerms 0, found -5") {
            $0.scoring.paydex.points[3].daysBeyondTerms = -5
        },
        Case(path: "scoring.paydex.points[4].points", message: "must not exceed the previous point's 70, found 75") {
            $0.scoring.paydex.points[4].points = 75
        },
        Case(path: "scoring.classes[1].minimumGrade", message: "must be 5 so that classes cover the grades without gaps, found 6") {
            $0.scoring.classes[1].minimumGrade = 6
        },
        Case(path: "scoring.classes", message: "must cover grades 1…10, ends at 9") { $0.scoring.classes[2].maximumGrade = 9 },
        Case(path: "scoring.limit.gradeFactors[5]", message: "must not exceed the previous grade's factor 0.8, found 0.9") {
            $0.scoring.limit.gradeFactors[5] = 0.9
        },
        Case(path: "scoring.limit.gradeFactors", message: "must have one factor per grade (10), found 9") {
            $0.scoring.limit.gradeFactors.removeLast()
        },
        Case(path: "scoring.limit.unratedLimit.amountMinor", message: "must not be negative, found -1") {
            $0.scoring.limit.unratedLimit.amountMinor = -1
        },
        Case(path: "scoring.risk.countryRisk.DE", message: "must be a risk level 1…4, found 5") { $0.scoring.risk.countryRisk["DE"] = 5 },
        Case(path: "scoring.risk.countryRisk.Germany", message: "must be keyed by an ISO 3166-1 alpha-2 code") {
            $0.scoring.risk.countryRisk["Germany"] = 1
        },
        Case(path: "scoring.terms.B.prepaymentShare", message: "must be between 0 and 1, found 30.0") { $0.scoring.terms.b.prepaymentShare = 30 },
        Case(path: "scoring.grade.probabilityOfDefaultBands[3]", message: "must be greater than the previous cut-off 0.005, found 0.004") {
            $0.scoring.grade.probabilityOfDefaultBands?[3] = 0.004
        },
        Case(path: "scoring.grade.probabilityOfDefaultBands[7]", message: "must be a probability above 0 and at most 1, found 20.0") {
            $0.scoring.grade.probabilityOfDefaultBands?[7] = 20
        },
        Case(path: "scoring.grade.probabilityOfDefaultBands[0]", message: "must be a probability above 0 and at most 1, found -0.001") {
            $0.scoring.grade.probabilityOfDefaultBands?[0] = -0.001
        },
        Case(path: "scoring.grade.probabilityOfDefaultBands",
             message: "needs 1…8 cut-offs so that the worst band stays better than the insolvency grade 10, found 9") {
            $0.scoring.grade.probabilityOfDefaultBands?.append(0.5)
        },
        Case(path: "scoring.scorecard.anchorProbability", message: "must be between 0 and 1 exclusive, found 1.0") {
            $0.scoring.scorecard.anchorProbability = 1
        },
        Case(path: "scoring.scorecard.features[3].standardDeviation", message: "must be positive, found 0.0") {
            $0.scoring.scorecard.features[3].standardDeviation = 0
        },
        Case(path: "scoring.scorecard.features[1].ratio", message: "X1 appears twice") {
            $0.scoring.scorecard.features[1].ratio = "X1"
        },
        Case(path: "monitoring.agingBuckets[2].maximumDaysPastDue", message: "must be greater than the previous bucket end 30, found 20") {
            $0.monitoring.agingBuckets[2].maximumDaysPastDue = 20
        },
        Case(path: "monitoring.overdueAlertDays[2]", message: "must be greater than the previous day 15, found 15") {
            $0.monitoring.overdueAlertDays[2] = 15
        },
        Case(path: "monitoring.kpiPeriodMonths", message: "must be between 1 and 12, found 0") { $0.monitoring.kpiPeriodMonths = 0 },
        Case(path: "monitoring.concentrationShare", message: "must be between 0 and 1, found 20.0") { $0.monitoring.concentrationShare = 20 },
        Case(path: "dunning.levels[2].fromDaysPastDue", message: "must be 31, the day after the previous level ends; found 40") {
            $0.dunning.levels[2].fromDaysPastDue = 40
        },
        Case(path: "dunning.levels[4].toDaysPastDue", message: "the last level must have no upper end") {
            $0.dunning.levels[4].toDaysPastDue = 120
        },
        Case(path: "dunning.tiers.strategic.graceDays", message: "must not be negative, found -2") { $0.dunning.tiers.strategic.graceDays = -2 },
        Case(path: "dunning.minimumAmount.currency", message: "must be the reporting currency USD, found EUR") {
            $0.dunning.minimumAmount = Money(amountMinor: 1_000_000, currency: .eur)
        },
        Case(path: "claims.insuredPercentage", message: "must be between 0 and 1, found 90.0") { $0.claims.insuredPercentage = 90 },
        Case(path: "claims.policyYearStartMonth", message: "must be a month 1…12, found 13") { $0.claims.policyYearStartMonth = 13 },
    ]

    static func encode(_ policy: Policy) throws -> Data { try JSONEncoder().encode(policy) }

    @Test(arguments: cases)
    func invalidPolicyIsRefusedWithThePathOfTheField(testCase: Case) throws {
        var policy = Policy.defaults
        testCase.mutate(&policy)
        let data = try Self.encode(policy)
        #expect(throws: PolicyError(path: testCase.path, message: testCase.message)) { try Policy.decode(data) }
    }

    func loadError(_ edit: (String) -> String) throws -> PolicyError? {
        let text = try String(contentsOf: RepositoryRoot.file("policy/default.json"), encoding: .utf8)
        do {
            _ = try Policy.decode(Data(edit(text).utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func unknownVersionIsRefused() throws {
        let error = try loadError { $0.replacingOccurrences(of: #""version": 1"#, with: #""version": 2"#) }
        #expect(error == PolicyError(path: "version", message: "unsupported policy version 2; this reader knows 1"))
        #expect(error?.description == "version: unsupported policy version 2; this reader knows 1")
    }

    @Test func wrongTypesMissingFieldsAndUnknownCurrenciesNameTheirPath() throws {
        let wrongType = try loadError { $0.replacingOccurrences(of: #""kpiPeriodMonths": 3"#, with: #""kpiPeriodMonths": "three""#) }
        #expect(wrongType == PolicyError(path: "monitoring.kpiPeriodMonths", message: "expected integer"))
        let missing = try loadError { $0.replacingOccurrences(of: #""waitingPeriodDays": 150"#, with: #""unused": 150"#) }
        #expect(missing == PolicyError(path: "claims.waitingPeriodDays", message: "required field is missing"))
        let currency = try loadError { $0.replacingOccurrences(of: #""reportingCurrency": "USD""#, with: #""reportingCurrency": "DOLLAR""#) }
        #expect(currency == PolicyError(path: "reportingCurrency", message: "unknown ISO 4217 currency code \"DOLLAR\""))
        let nested = try loadError { $0.replacingOccurrences(of: #""actions": ["reminder"]"#, with: #""actions": ["shout"]"#) }
        #expect(nested?.path == "dunning.levels[1].actions[0]")
        let notJSON = try loadError { String($0.prefix(100)) }
        #expect(notJSON?.path == "")
    }

    @Test func unreadableFileIsRefused() {
        #expect(throws: PolicyError.self) { try Policy.load(from: URL(fileURLWithPath: "/nonexistent/policy.json")) }
    }
}
