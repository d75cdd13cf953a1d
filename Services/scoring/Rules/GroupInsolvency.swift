import Domain
import Foundation
import Runtime

/// Cross-default in a buyer group (seed articles): an insolvency of any member — the parent or a buyer naming it —
/// raises `group.member.insolvent` on every other member and triggers its re-assessment.
///
/// Members sit on any partition, so each instance reads `credit.assessments` whole as a global table and keeps only
/// the insolvent buyers, each with its parent (`-` for none): a table of a handful of records, scanned at every
/// buyer's punctuation.
public enum GroupInsolvency {
    /// The compacted topic whose latest record per buyer is its assessment, kept for insolvent buyers only, each
    /// with its parent: the other assessments are left out.
    public static let table = GlobalTableDeclaration<Insolvency>.json(topic: TopicCatalog.creditAssessments, reading: Fields.self) { fields in
        fields.insolvent ? Insolvency(parentId: fields.parentId.flatMap { $0.isEmpty ? nil : BuyerId($0) }) : nil
    }

    /// What the table keeps of an insolvent buyer's assessment.
    public struct Insolvency: Sendable, Hashable {
        /// The buyer's parent company; nil when it has none (it heads its own group).
        public var parentId: BuyerId?

        /// An insolvent buyer whose parent is `parentId`.
        public init(parentId: BuyerId?) {
            self.parentId = parentId
        }
    }
    /// The alert raised on each member of an insolvent buyer's group.
    public static let alertType = AlertType(rawValue: "group.member.insolvent")

    /// The insolvent members of `buyer`'s group in `table` (the buyer itself aside) not in `known`, by id.
    ///
    /// - Parameter parentId: the buyer's parent; without one the buyer is its own group's parent.
    public static func insolventMembers(of buyer: BuyerId, parentId: BuyerId?, table: [String: Insolvency]?,
                                        known: Set<String>) -> [BuyerId] {
        guard let table, !table.isEmpty else { return [] }
        let group = (parentId ?? buyer).rawValue
        return table.compactMap { key, insolvency -> BuyerId? in
            guard key != buyer.rawValue, !known.contains(key) else { return nil }
            return key == group || insolvency.parentId?.rawValue == group ? BuyerId(key) : nil
        }.sorted { $0.rawValue < $1.rawValue }
    }

    /// The fields of an assessment the table reads.
    struct Fields: Decodable {
        var insolvent: Bool
        var parentId: String?
    }
}
