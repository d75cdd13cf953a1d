import Domain
import Foundation
import Runtime

/// What monitoring keeps of each buyer's published position in its global table of `receivables.positions`: the
/// figures the portfolio-wide rules read (concentration, group exposure and group limit), decoded once as the table
/// reads the record and stored compactly — three amounts in one currency and the parent — so a table of a million
/// buyers holds a few dozen bytes each, read at every review without a JSON decoder.
public struct PositionSummary: Sendable, Hashable {
    // One currency for the three amounts (a position's amounts share it), held once.
    private let openMinor: Int64
    private let exposureMinor: Int64
    private let creditLimitMinor: Int64?
    private let currency: Currency
    /// The buyer's parent company, when it belongs to a group.
    public let parentId: BuyerId?

    /// Open receivables, exposure and the limit in force, of one currency; a limit of another currency is left out.
    public init(openAmount: Money, exposure: Money, creditLimit: Money?, parentId: BuyerId?) {
        openMinor = openAmount.amountMinor
        exposureMinor = exposure.amountMinor
        creditLimitMinor = creditLimit.flatMap { $0.currency == openAmount.currency ? $0.amountMinor : nil }
        currency = openAmount.currency
        self.parentId = parentId
    }

    /// Open receivables.
    public var openAmount: Money { Money(amountMinor: openMinor, currency: currency) }
    /// Open receivables plus approved orders not yet invoiced.
    public var exposure: Money { Money(amountMinor: exposureMinor, currency: currency) }
    /// The limit in force; nil when the buyer has none.
    public var creditLimit: Money? { creditLimitMinor.map { Money(amountMinor: $0, currency: currency) } }

    /// The summary of a position record's fields; nil when its exposure's currency is not its open amount's.
    init?(_ position: Fields) {
        guard position.exposure.currency == position.openAmount.currency else { return nil }
        self.init(openAmount: position.openAmount, exposure: position.exposure, creditLimit: position.creditLimit,
                  parentId: position.parentId.flatMap { $0.isEmpty ? nil : BuyerId($0) })
    }

    /// The fields of a position record the summary keeps.
    struct Fields: Decodable {
        var openAmount: Money
        var exposure: Money
        var creditLimit: Money?
        var parentId: String?
    }
}
