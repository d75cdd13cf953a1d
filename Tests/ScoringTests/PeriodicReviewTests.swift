import Domain
import Foundation
import Runtime
@testable import Scoring
import Testing

/// DOMAIN.md §3: "a periodic review every 90 days for the 20 largest exposures", the exposures read from
/// monitoring's `receivables.positions` as a global table.
@Suite struct PeriodicReviewTests {
    static let usdOnly = FXTable(reportingCurrency: .usd)
    static let periodic = "credit.review.periodic"

    /// A position of `buyer` as monitoring publishes it, kept as the scoring stage's table keeps it.
    static func position(_ buyer: String, exposure: Money) throws -> Money {
        let zero = Money.zero(exposure.currency)
        let value = try EventCodec.encodeValue(.receivablesPosition(ReceivablesPosition(
            buyerId: BuyerId(buyer), asOf: Fixtures.date("2024-01-01"), openAmount: exposure, overdueAmount: zero,
            disputedAmount: zero, exposure: exposure, approvedOrdersAmount: zero,
            aging: AgingAmounts(current: exposure, days1To30: zero, days31To60: zero, days61To90: zero, over90: zero),
            openInvoiceCount: 1, onCreditHold: false)))
        return try #require(PeriodicReview.table.decode(value))
    }

    /// A positions table of USD exposures (major units) by buyer.
    static func table(_ exposures: [String: Int64]) throws -> [String: Money] {
        Dictionary(uniqueKeysWithValues: try exposures.map { buyer, exposure in
            (buyer, try position(buyer, exposure: Fixtures.usd(exposure)))
        })
    }

    static func rank(_ buyer: String, _ table: [String: Money], count: Int, fx: FXTable = usdOnly) -> Int? {
        PeriodicReview.standing(of: BuyerId(buyer), in: table, count: count, fx: fx)?.rank
    }

    /// `buyer-1` (the drivers' buyer) with `exposure`, beside `others` buyers of 1,000 … `others` × 1,000.
    static func portfolio(buyerExposure exposure: Int64, others: Int) throws -> [String: Money] {
        var exposures = Dictionary(uniqueKeysWithValues: (1...others).map { ("other-\($0)", Int64($0) * 1_000) })
        exposures[Fixtures.buyer.rawValue] = exposure
        return try table(exposures)
    }

    /// The days of the punctuations that raised a periodic review, from `first` for `days` days.
    static func reviewDays(_ driver: inout ProcessorDriver, from first: String, days: Int) throws -> [Int] {
        try (0..<days).filter { day in
            let events = try driver.punctuate(on: Fixtures.date(first).adding(days: day).description)
            return Fixtures.alerts(events).contains { $0.alertType.rawValue == periodic }
        }
    }

    @Test func theLargestExposuresRankFirstWithTiesToTheLowerBuyerId() throws {
        let positions = try Self.table(["big": 9_000, "b": 5_000, "a": 5_000, "c": 1_000, "none": 0])
        #expect(Self.rank("big", positions, count: 2) == 1)
        #expect(Self.rank("a", positions, count: 2) == 2, "a tie goes to the lower buyer id")
        #expect(Self.rank("b", positions, count: 2) == nil)
        #expect(Self.rank("b", positions, count: 3) == 3)
        #expect(Self.rank("c", positions, count: 5) == 4)
        #expect(Self.rank("none", positions, count: 5) == nil, "a buyer without exposure is never among the largest")
        #expect(Self.rank("unknown", positions, count: 5) == nil)
        #expect(Self.rank("big", positions, count: 0) == nil)
        #expect(PeriodicReview.standing(of: "big", in: positions, count: 1, fx: Self.usdOnly)?.exposure == Fixtures.usd(9_000))
    }

    @Test func exposuresInOtherCurrenciesRankInTheReportingCurrency() throws {
        let fx = FXTable(reportingCurrency: .usd, rates: [.eur: try DecimalFactor(units: 110, scale: 2)])
        let positions = [
            "euro": try Self.position("euro", exposure: Money(amountMinor: 100_000, currency: .eur)),  // 1,100 USD
            "dollar": try Self.position("dollar", exposure: Fixtures.usd(1_050)),
            "yen": try Self.position("yen", exposure: Money(amountMinor: 10_000_000, currency: .jpy)),  // no rate
        ]
        #expect(Self.rank("euro", positions, count: 1, fx: fx) == 1)
        #expect(Self.rank("dollar", positions, count: 2, fx: fx) == 2, "an exposure without an FX rate is left out")
        #expect(Self.rank("yen", positions, count: 3, fx: fx) == nil)
        #expect(PeriodicReview.standing(of: "euro", in: positions, count: 1, fx: fx)?.exposure == Fixtures.usd(1_100))
    }

    @Test func theTableKeepsOnlyTheExposure() throws {
        let processor = ScoringProcessor(policy: .defaults)
        let zero = Fixtures.usd(0)
        let full = try EventCodec.encodeValue(.receivablesPosition(ReceivablesPosition(
            buyerId: "b", asOf: Fixtures.date("2024-01-01"), openAmount: Fixtures.usd(7), overdueAmount: zero,
            disputedAmount: zero, exposure: Fixtures.usd(7), approvedOrdersAmount: zero,
            aging: AgingAmounts(current: Fixtures.usd(7), days1To30: zero, days31To60: zero, days61To90: zero, over90: zero),
            openInvoiceCount: 1, onCreditHold: false)))
        #expect(processor.globalTables.map(\.topic).contains(PeriodicReview.table.topic))
        #expect(PeriodicReview.table.topic == TopicCatalog.receivablesPositions)
        #expect(PeriodicReview.table.decode(full) == Fixtures.usd(7), "the exposure alone, decoded once")
        #expect(PeriodicReview.table.decode(Array("not a position".utf8)) == nil, "anything else is left out")
    }

    @Test func aTopBuyerIsReviewedOnDay0NotAgainBeforeDay90AndAgainOnDay90() throws {
        var driver = ProcessorDriver()
        driver.tables[PeriodicReview.table] = try Self.portfolio(buyerExposure: 25_500, others: 30)
        let events = try driver.punctuate(on: "2024-01-01")
        let alert = try #require(Fixtures.alerts(events).first { $0.alertType.rawValue == Self.periodic })
        #expect(alert.figures["rank"] == 6 && alert.figures["largestExposures"] == 20)
        #expect(alert.amounts?["exposure"] == Fixtures.usd(25_500))
        #expect(alert.severity == .info)
        #expect(driver.state?.lastPeriodicReview == Fixtures.date("2024-01-01"))

        #expect(try Self.reviewDays(&driver, from: "2024-01-02", days: 89).isEmpty, "nothing on days 1 … 89")
        let day90 = try driver.punctuate(on: "2024-03-31")
        #expect(Fixtures.alerts(day90).filter { $0.alertType.rawValue == Self.periodic }.count == 1)
        #expect(driver.state?.lastPeriodicReview == Fixtures.date("2024-03-31"))
    }

    @Test func aBuyerOutsideTheLargestExposuresIsNeverReviewed() throws {
        for exposure: Int64 in [10_500, 0] {  // 21st of 31, and no exposure at all
            var driver = ProcessorDriver()
            driver.tables[PeriodicReview.table] = try Self.portfolio(buyerExposure: exposure, others: 30)
            #expect(try Self.reviewDays(&driver, from: "2024-01-01", days: 200).isEmpty)
            #expect(driver.state?.lastPeriodicReview == nil)
        }
        var absent = ProcessorDriver()
        absent.tables[PeriodicReview.table] = try Self.table(["other": 1_000])
        #expect(try Self.reviewDays(&absent, from: "2024-01-01", days: 5).isEmpty, "no position, no exposure")
        var noTable = ProcessorDriver()
        #expect(try Self.reviewDays(&noTable, from: "2024-01-01", days: 5).isEmpty, "no table offered")
    }

    @Test func thePolicysCountAndIntervalAreHonoured() throws {
        var policy = Policy.defaults
        policy.scoring.reviewTriggers.periodicReviewLargestExposures = 3
        policy.scoring.reviewTriggers.periodicReviewDays = 30
        var third = ProcessorDriver(processor: ScoringProcessor(policy: policy))
        third.tables[PeriodicReview.table] = try Self.portfolio(buyerExposure: 3_500, others: 5)  // 3rd of 6
        #expect(try Self.reviewDays(&third, from: "2024-01-01", days: 91) == [0, 30, 60, 90])

        var fourth = ProcessorDriver(processor: ScoringProcessor(policy: policy))
        fourth.tables[PeriodicReview.table] = try Self.portfolio(buyerExposure: 2_500, others: 5)  // 4th of 6
        #expect(try Self.reviewDays(&fourth, from: "2024-01-01", days: 91).isEmpty)
    }

    @Test func aStateWrittenBeforeThePeriodicReviewStillRestores() throws {
        var state = ScoringState()
        state.lastPeriodicReview = Fixtures.date("2024-01-01")
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(state)) as? [String: Any]
        var older = try #require(encoded)
        older["lastPeriodicReview"] = nil
        let restored = try JSONDecoder().decode(ScoringState.self, from: JSONSerialization.data(withJSONObject: older))
        #expect(restored.lastPeriodicReview == nil)
        #expect(try JSONDecoder().decode(ScoringState.self, from: JSONEncoder().encode(state)) == state)
    }
}
