/// Which alerts have fired, so each fires once per cause and never again.
///
/// Invoice alerts are fired once per invoice and threshold (kept until the invoice leaves the ledger).
/// Buyer conditions (`credit.limit.exceeded`, `overdue.ratio`, `payment.slowdown`, `concentration`) fire when
/// they become true; that is one episode, the cause of the alert. The condition must clear before a new
/// episode — a new cause — can fire again.
public struct FiredAlerts: Sendable, Hashable, Codable {
    /// Thresholds of days past due already reached, by invoice id.
    public private(set) var overdueThresholds: [String: [Int]] = [:]
    /// Buyer conditions currently true.
    public private(set) var activeConditions: Set<String> = []
    /// How many episodes of each condition there have been.
    public private(set) var episodes: [String: Int] = [:]

    /// None fired yet.
    public init() {}

    /// Whether the threshold already fired for the invoice.
    public func hasFired(invoiceId: String, threshold: Int) -> Bool {
        overdueThresholds[invoiceId]?.contains(threshold) ?? false
    }

    /// Records that the threshold fired for the invoice.
    public mutating func markFired(invoiceId: String, threshold: Int) {
        overdueThresholds[invoiceId, default: []].append(threshold)
    }

    /// Updates a condition; returns the new episode's number when it has just become true, nil otherwise.
    public mutating func update(condition: String, isTrue: Bool) -> Int? {
        guard isTrue else {
            activeConditions.remove(condition)
            return nil
        }
        guard activeConditions.insert(condition).inserted else { return nil }
        let episode = (episodes[condition] ?? 0) + 1
        episodes[condition] = episode
        return episode
    }

    /// Forgets the thresholds of invoices no longer in the ledger.
    public mutating func keepInvoices(_ invoiceIds: some Sequence<String>) {
        let kept = Set(invoiceIds)
        overdueThresholds = overdueThresholds.filter { kept.contains($0.key) }
    }
}
