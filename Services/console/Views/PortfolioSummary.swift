import Domain
import Foundation
import Monitoring

/// The Portfolio page's figures from every buyer's latest position, in the reporting currency: receivables by
/// aging bucket, the largest exposures against their limits, the KPIs per month and the concentration.
public struct PortfolioSummary: Sendable {
    public var currency: Currency
    /// Summed per bucket, in the order of `AgingAmounts.buckets`.
    public var aging: [(name: String, amount: Money)]
    public var receivables: Money
    public var exposure: Money
    public var buyerCount: Int
    /// The 20 largest exposures, largest first.
    public var largest: [(buyerId: BuyerId, exposure: Money, limit: Money?)]
    /// The month-end KPIs, oldest first, and the current month's as of today.
    public var months: [MonthlyKPIs]
    /// The current KPIs of the summed figures (nil without positions carrying KPIs).
    public var kpis: ReceivablesKPIs?
    /// Shares of total exposure held by the largest 1, 5, 10 and 20 buyers, and the Herfindahl–Hirschman index (0–10,000).
    public var concentration: [(label: String, share: Double)]
    public var herfindahl: Double

    /// The summary of `state`'s positions.
    public init(_ state: ConsoleState) {
        let currency = state.policy.reportingCurrency
        self.currency = currency
        var buckets = [Int128](repeating: 0, count: 5)
        var receivablesSum: Int128 = 0, exposureSum: Int128 = 0
        var exposures: [(buyerId: BuyerId, exposure: Money, limit: Money?)] = []
        var positions: [ReceivablesPosition] = []
        for buyer in state.buyers.values {
            guard let position = buyer.position, position.openAmount.currency == currency else { continue }
            positions.append(position)
            for (index, bucket) in position.aging.buckets.enumerated() { buckets[index] += Int128(bucket.amount.amountMinor) }
            receivablesSum += Int128(position.openAmount.amountMinor)
            exposureSum += Int128(position.exposure.amountMinor)
            exposures.append((buyer.buyerId, position.exposure, buyer.creditLimit))
        }
        let names = ["current", "1-30", "31-60", "61-90", "90+"]
        aging = zip(names, buckets).map { ($0, Money(amountMinor: Int64(clamping: $1), currency: currency)) }
        receivables = Money(amountMinor: Int64(clamping: receivablesSum), currency: currency)
        exposure = Money(amountMinor: Int64(clamping: exposureSum), currency: currency)
        buyerCount = exposures.count
        exposures.sort { ($0.exposure.amountMinor, $1.buyerId.rawValue) > ($1.exposure.amountMinor, $0.buyerId.rawValue) }
        largest = Array(exposures.prefix(20))
        let total = Double(exposureSum)
        concentration = [1, 5, 10, 20].map { count in
            let top = exposures.prefix(count).reduce(0.0) { $0 + Double($1.exposure.amountMinor) }
            return ("largest \(count)", total > 0 ? top / total : 0)
        }
        herfindahl = total > 0 ? exposures.reduce(0.0) { sum, row in
            let share = Double(row.exposure.amountMinor) / total * 100
            return sum + share * share
        } : 0
        kpis = (try? PortfolioKPIs.of(positions, currency: currency))?.kpis
        var months = state.monthlyKPIs.values.sorted { $0.month < $1.month }
        if let today = state.today, let kpis, months.last?.month != today.firstDayOfMonth {
            months.append(MonthlyKPIs(month: today.firstDayOfMonth, dso: kpis.dso, bestPossibleDSO: kpis.bestPossibleDSO, cei: kpis.cei))
        }
        self.months = months
    }
}
