import Domain
import Foundation

/// One firm of the UCI "Polish companies bankruptcy" data: its 64 ratios (`nil` = missing) and whether it
/// went bankrupt within the forecast horizon.
public struct PolishFirm: Sendable, Hashable {
    /// `Attr1`…`Attr64` in order.
    public var attributes: [Double?]
    public var bankrupt: Bool

    /// The scale of the statement a firm is expressed as: total assets of 10,000,000,000.00 in minor units,
    /// large enough that every ratio of the file survives rounding to the minor unit.
    static let totalAssetsMinor: Double = 1e12

    public init(attributes: [Double?], bankrupt: Bool) {
        self.attributes = attributes
        self.bankrupt = bankrupt
    }

    /// `AttrN` (1-based).
    public func attribute(_ number: Int) -> Double? { attributes[number - 1] }

    /// Reads the firms of an ARFF file in the UCI Polish format (`Attr1`…`Attr64` and `class`); no firm is dropped.
    public static func load(_ url: URL) throws -> [PolishFirm] {
        let table = try ARFFReader.read(url)
        let columns = (1...64).map { table.column("Attr\($0)") }
        guard columns.allSatisfy({ $0 != nil }), let classColumn = table.column("class") else {
            throw ARFFError(line: 0, message: "\(url.lastPathComponent) lacks Attr1…Attr64 or class: not the UCI Polish format")
        }
        return try table.rows.enumerated().map { index, row in
            guard let label = row[classColumn] else {
                throw ARFFError(line: 0, message: "firm \(index + 1) has no class")
            }
            return PolishFirm(attributes: columns.map { row[$0!] }, bankrupt: label == 1)
        }
    }

    /// The firm as a financial-statement event from which `StatementRatios` reads back every ratio of the file.
    ///
    /// The named amounts carry the ratios they define (total assets scaled to `totalAssetsMinor`; a firm whose
    /// total-asset ratios are all missing gets total assets 0, so those ratios read back as missing; short-term
    /// liabilities 0 make the current ratio missing, total liabilities 0 make X8 missing — the file's own
    /// pattern of missing values). Every other present ratio, and any whose amount cannot reproduce it (a negative
    /// liability, rounding, an amount beyond the ±10^15 minor units an input may carry), goes into `ratios` under its name `X<n>`.
    public func statement(buyerId: BuyerId, periodEnd: CalendarDate, currency: Currency = .pln) -> FinancialStatement {
        let hasAssets = [1, 2, 3, 6, 7].contains { attribute($0) != nil }
        let assets = hasAssets ? Self.totalAssetsMinor : 0
        func amount(_ ratio: Double?, of base: Double, nonNegative: Bool = false) -> Money {
            guard let ratio, base != 0 else { return .zero(currency) }
            let value = (ratio * base).rounded()
            guard abs(value) <= Double(Money.inputBoundMinor), !(nonNegative && value < 0) else { return .zero(currency) }
            return Money(amountMinor: Int64(value), currency: currency)
        }
        let liabilities = amount(attribute(2), of: assets, nonNegative: true)
        let shortTerm = amount(attribute(51), of: assets, nonNegative: true)
        let workingCapital = amount(attribute(3), of: assets)
        let currentAssets: Money = attribute(4) != nil
            ? amount(attribute(4), of: Double(shortTerm.amountMinor), nonNegative: true)
            : Money(amountMinor: max(0, min(workingCapital.amountMinor + shortTerm.amountMinor, Money.inputBoundMinor)),
                    currency: currency)
        var statement = FinancialStatement(
            buyerId: buyerId, periodEnd: periodEnd,
            totalAssets: Money(amountMinor: Int64(assets), currency: currency), totalLiabilities: liabilities,
            currentAssets: currentAssets, shortTermLiabilities: shortTerm, workingCapital: workingCapital,
            retainedEarnings: amount(attribute(6), of: assets), ebit: amount(attribute(7), of: assets),
            bookEquity: amount(attribute(8), of: Double(liabilities.amountMinor)),
            sales: amount(attribute(9), of: assets, nonNegative: true), netProfit: amount(attribute(1), of: assets))
        var supplied: [String: Double] = [:]
        for number in 1...64 {
            guard let value = attribute(number) else { continue }
            let name = "X\(number)"
            if let derived = StatementRatios.amountRatio(name, in: statement),
               abs(derived - value) <= 1e-9 * max(1, abs(value)) { continue }
            supplied[name] = value
        }
        statement.ratios = supplied
        return statement
    }
}
