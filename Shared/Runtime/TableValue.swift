import Domain
import Foundation

/// What a global table keeps of a JSON record (`StageProcessor.tableValue(_:topic:)`): the one amount a rule
/// reads, written `<minor units> <currency>` (`300000 USD`) — a dozen bytes per buyer rather than a whole
/// record, and read back at every review without a JSON decoder.
public enum TableValue {
    /// The amount `Fields` selects from `value`, kept compact; `value` as it is when it does not decode as
    /// `Fields` (then `amount(_:)` finds nothing in it, and the rule skips it).
    public static func keepingAmount<Fields: Decodable>(_ fields: Fields.Type, _ amount: (Fields) -> Money,
                                                        of value: [UInt8]) -> [UInt8] {
        guard let record = try? JSONDecoder().decode(Fields.self, from: Data(value)) else { return value }
        let kept = amount(record)
        return Array("\(kept.amountMinor) \(kept.currency.code)".utf8)
    }

    /// The amount a value kept by `keepingAmount` holds; nil for anything else.
    public static func amount(_ kept: [UInt8]) -> Money? {
        guard kept.count <= 32, let space = kept.firstIndex(of: UInt8(ascii: " ")),
              let minor = Int64(String(decoding: kept[..<space], as: UTF8.self)),
              let currency = try? Currency(code: String(decoding: kept[(space + 1)...], as: UTF8.self)) else { return nil }
        return Money(amountMinor: minor, currency: currency)
    }
}
