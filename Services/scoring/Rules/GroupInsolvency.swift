import Domain
import Foundation

/// Cross-default in a buyer group (seed articles): an insolvency of any member — the parent or a buyer naming it —
/// raises `group.member.insolvent` on every other member and triggers its re-assessment.
///
/// Members sit on any partition, so each instance reads `credit.assessments` whole as a global table and keeps only
/// the insolvent buyers, each with its parent (`-` for none): a table of a handful of records, scanned at every
/// buyer's punctuation.
public enum GroupInsolvency {
    /// The compacted topic whose latest record per buyer is its assessment.
    public static let table = TopicCatalog.creditAssessments
    /// The alert raised on each member of an insolvent buyer's group.
    public static let alertType = AlertType(rawValue: "group.member.insolvent")

    /// What the table keeps of an assessment: its parent (`-` for none) when the buyer is insolvent, nothing else
    /// (an empty value leaves the buyer out of the table).
    public static func tableValue(_ value: [UInt8]) -> [UInt8] {
        guard let assessment = try? JSONDecoder().decode(Fields.self, from: Data(value)), assessment.insolvent else { return [] }
        return Array((assessment.parentId.flatMap { $0.isEmpty ? nil : $0 } ?? "-").utf8)
    }

    /// The insolvent members of `buyer`'s group in `table` (the buyer itself aside) not in `known`, by id.
    ///
    /// - Parameter parentId: the buyer's parent; without one the buyer is its own group's parent.
    public static func insolventMembers(of buyer: BuyerId, parentId: BuyerId?, table: [String: [UInt8]]?,
                                        known: Set<String>) -> [BuyerId] {
        guard let table, !table.isEmpty else { return [] }
        let group = (parentId ?? buyer).rawValue
        return table.compactMap { key, value -> BuyerId? in
            guard key != buyer.rawValue, !known.contains(key) else { return nil }
            let parent = String(decoding: value, as: UTF8.self)
            return key == group || parent == group ? BuyerId(key) : nil
        }.sorted { $0.rawValue < $1.rawValue }
    }

    private struct Fields: Decodable {
        var insolvent: Bool
        var parentId: String?
    }
}
