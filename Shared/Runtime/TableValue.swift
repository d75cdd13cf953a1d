import Foundation

/// What a global table keeps of a JSON record (`StageProcessor.tableValue(_:topic:)`): the fields a rule reads.
public enum TableValue {
    /// `value` cut down to the fields of `Fields`, or left as it is when it does not decode as `Fields` (for the
    /// rule to skip), so a table of every buyer holds a few dozen bytes per buyer rather than whole records.
    public static func keeping<Fields: Codable>(_ fields: Fields.Type, of value: [UInt8]) -> [UInt8] {
        guard let record = try? JSONDecoder().decode(Fields.self, from: Data(value)),
              let kept = try? JSONEncoder().encode(record) else { return value }
        return Array(kept)
    }
}
