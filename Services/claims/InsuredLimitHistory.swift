import Domain

/// The insurer's limit decisions on one buyer, kept whole so that the limit in force on any past day —
/// the day goods were invoiced — can be read however late the decision arrived.
public struct InsuredLimitHistory: Sendable, Hashable, Codable {
    /// One decision as the history keeps it.
    public struct Entry: Sendable, Hashable, Codable {
        public var decisionId: String
        public var limit: Money
        public var effectiveDate: CalendarDate
        public var expiryDate: CalendarDate?
    }

    /// The decisions in the order received.
    public private(set) var decisions: [Entry] = []

    /// An empty history: the buyer has never had an insured limit.
    public init() {}

    /// Records a decision; refuses a decision id already recorded (the insurer amends by a new decision).
    public mutating func record(_ decision: InsurerLimitDecision) throws(EventRejection) {
        guard !decisions.contains(where: { $0.decisionId == decision.decisionId }) else {
            throw EventRejection(code: .duplicateEvent, field: "decisionId",
                                 message: "limit decision \"\(decision.decisionId)\" was already applied")
        }
        decisions.append(Entry(decisionId: decision.decisionId, limit: decision.limit,
                               effectiveDate: decision.effectiveDate, expiryDate: decision.expiryDate))
    }

    /// The insured limit in force on `date`: the decision with the latest effective date on or before it
    /// that has not expired (the later received wins a tie); nil when none is, or when that decision is
    /// 0 (cover withdrawn).
    public func limit(on date: CalendarDate) -> Money? {
        var inForce: Entry?
        for entry in decisions where entry.effectiveDate <= date && (entry.expiryDate.map { date <= $0 } ?? true) {
            if let current = inForce, current.effectiveDate > entry.effectiveDate { continue }
            inForce = entry
        }
        guard let inForce, inForce.limit.amountMinor > 0 else { return nil }
        return inForce.limit
    }
}
