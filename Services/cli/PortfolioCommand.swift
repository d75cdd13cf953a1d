import ArgumentParser
import Domain
import Foundation
import Logging
import Monitoring
import Pipeline
import Runtime

/// `credence portfolio`: the whole portfolio's aging and KPIs from every buyer's latest position, read whole
/// from the compacted `receivables.positions` (the global table other teams read too).
struct PortfolioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portfolio",
        abstract: "Print the portfolio's receivables, aging and KPIs from the latest position of every buyer."
    )

    @OptionGroup var cluster: ClusterOptions

    @Option(help: "The reporting currency; positions in others are left out and named.")
    var currency = "USD"

    func run() async throws {
        var logger = Logger(label: "credence.portfolio")
        logger.logLevel = .warning
        let kafka = try cluster.configuration(clientId: "credence-portfolio")
        let reporting = try Currency(code: currency)
        var latest: [String: ReceivablesPosition] = [:]
        for record in try await TopicSnapshot.records(of: TopicCatalog.receivablesPositions, kafka: kafka, logger: logger) {
            guard let envelope = try? record.envelope(),
                  case .receivablesPosition(let position) = envelope.event else { continue }
            latest[position.buyerId.rawValue] = position
        }
        Console.line(Self.describe(Array(latest.values), currency: reporting))
    }

    /// The portfolio in a few lines: receivables and aging, then the KPIs of the summed figures.
    static func describe(_ positions: [ReceivablesPosition], currency: Currency) -> String {
        let summed: PortfolioKPIs.Result?
        do { summed = try PortfolioKPIs.of(positions, currency: currency) } catch {
            return "the portfolio's figures cannot be summed: \(error)"
        }
        guard let portfolio = summed else { return "no positions with KPIs in \(currency) yet" }
        var bucketSums: [String: Int128] = [:]
        for position in positions where position.openAmount.currency == currency {
            for bucket in position.aging.buckets { bucketSums[bucket.name, default: 0] += Int128(bucket.amount.amountMinor) }
        }
        let buckets = bucketSums.mapValues { Int64(clamping: $0) }
        let kpis = portfolio.kpis
        func show(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "n/a" }
        let figures = kpis.figures
        return """
            portfolio of \(portfolio.buyers) buyers, period \(figures.period.lowerBound) … \(figures.period.upperBound): \
            receivables \(figures.endingReceivables), credit sales \(figures.creditSales)
            aging: \(["current", "1-30", "31-60", "61-90", "90+"].map { "\($0) \(Money(amountMinor: buckets[$0] ?? 0, currency: currency))" }.joined(separator: ", "))
            DSO \(show(kpis.dso)), count-back DSO \(show(kpis.countBackDSO)), best possible DSO \(show(kpis.bestPossibleDSO)), \
            ADD \(show(kpis.averageDaysDelinquent)), CEI \(show(kpis.cei)) %, turnover \(show(kpis.turnover))\
            \(portfolio.leftOut.isEmpty ? "" : "\nleft out (other currency or an earlier period): \(portfolio.leftOut.map(\.rawValue).joined(separator: ", "))")
            """
    }
}
