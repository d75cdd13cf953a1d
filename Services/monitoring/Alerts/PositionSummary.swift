import Domain
import Foundation

/// What monitoring keeps of each buyer's published position in its global table of `receivables.positions`: the
/// figures the portfolio-wide rules read (concentration, group exposure and group limit), written compactly —
/// `<open> <exposure> <limit or -> <currency> [<parentId>]`, e.g. `300000 450000 1000000 USD ACME-HOLDING` — so a
/// table of a million buyers holds a few dozen bytes each and is read at every review without a JSON decoder.
public struct PositionSummary: Sendable, Hashable {
    /// Open receivables, exposure and the limit in force, in the reporting currency.
    public var openAmount: Money
    public var exposure: Money
    public var creditLimit: Money?
    /// The buyer's parent company, when it belongs to a group.
    public var parentId: BuyerId?

    public init(openAmount: Money, exposure: Money, creditLimit: Money?, parentId: BuyerId?) {
        self.openAmount = openAmount
        self.exposure = exposure
        self.creditLimit = creditLimit
        self.parentId = parentId
    }

    /// The summary of a position record's JSON value; `value` as it is when it is not a position (then `parse`
    /// finds nothing in it, and the rules skip it).
    public static func tableValue(_ value: [UInt8]) -> [UInt8] {
        guard let position = try? JSONDecoder().decode(Fields.self, from: Data(value)),
              position.exposure.currency == position.openAmount.currency else { return value }
        let limit = position.creditLimit.flatMap { $0.currency == position.openAmount.currency ? String($0.amountMinor) : nil } ?? "-"
        var text = "\(position.openAmount.amountMinor) \(position.exposure.amountMinor) \(limit) \(position.openAmount.currency.code)"
        if let parent = position.parentId, !parent.isEmpty, !parent.contains(" ") { text += " \(parent)" }
        return Array(text.utf8)
    }

    /// The summary a value kept by `tableValue` holds; nil for anything else.
    public static func parse(_ kept: [UInt8]) -> PositionSummary? {
        guard kept.count <= 512, kept.first != UInt8(ascii: "{") else { return nil }
        let parts = kept.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard parts.count == 4 || parts.count == 5, let open = Int64(parts[0]), let exposure = Int64(parts[1]),
              let currency = try? Currency(code: parts[3]) else { return nil }
        let limit = parts[2] == "-" ? nil : Int64(parts[2]).map { Money(amountMinor: $0, currency: currency) }
        return PositionSummary(openAmount: Money(amountMinor: open, currency: currency),
                               exposure: Money(amountMinor: exposure, currency: currency), creditLimit: limit,
                               parentId: parts.count == 5 ? BuyerId(parts[4]) : nil)
    }

    /// The fields of a position record the summary keeps.
    private struct Fields: Decodable {
        var openAmount: Money
        var exposure: Money
        var creditLimit: Money?
        var parentId: String?
    }
}
