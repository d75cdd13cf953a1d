import Domain
import Foundation

/// One event a collector recorded on `collections.updates`, with who recorded it (the audit header).
public struct CollectorUpdate: Sendable, Hashable {
    public var envelope: EventEnvelope
    public var user: String?

    /// The invoice the update is about, if it names one.
    public var invoiceId: InvoiceId? {
        switch envelope.event {
        case .promiseToPay(let promise): promise.invoiceId
        case .paymentPlan(let plan): plan.invoiceId
        case .disputeOutcome(let outcome): outcome.invoiceId
        case .dunningOverride(let override): override.invoiceId
        default: nil
        }
    }

    /// The update in a few words.
    public var summary: String {
        switch envelope.event {
        case .promiseToPay(let promise):
            "promise to pay \(promise.amount) by \(promise.promisedDate) on invoice \(promise.invoiceId)"
        case .paymentPlan(let plan):
            "payment plan \(plan.planId) of \(plan.instalments.count) instalments on invoice \(plan.invoiceId)"
        case .disputeOutcome(let outcome):
            "dispute on invoice \(outcome.invoiceId) \(outcome.outcome.rawValue)\(outcome.note.map { ": \($0)" } ?? "")"
        case .dunningOverride(let override):
            "dunning \(override.action.rawValue)\(override.level.map { " to level \($0)" } ?? "") on \(override.invoiceId.map { "invoice \($0)" } ?? "every invoice")\(override.reason.map { ": \($0)" } ?? "")"
        case .customerTierAssigned(let assigned):
            "customer tier \(assigned.tier.rawValue) from \(assigned.effectiveDate)"
        default:
            envelope.type
        }
    }

    /// The dunning action that answers this update on `invoice`, if dunning has acted on it: an action on the
    /// same invoice, on or after the update's day, of the kind the update calls for.
    public func answer(in timeline: some Sequence<TimelineEntry>) -> TimelineEntry? {
        let expected: [String]
        switch envelope.event {
        case .promiseToPay, .paymentPlan: expected = ["escalation paused"]
        case .dunningOverride(let override):
            switch override.action {
            case .block: expected = ["blocked"]
            case .unblock: expected = ["unblocked"]
            case .setLevel, .clearLevel: expected = ["level overridden"]
            case .releaseHold: expected = ["credit hold released"]
            }
        case .disputeOutcome: expected = ["resolved", "unblocked", "reminder", "formal notice", "phone call"]
        default: return nil
        }
        return timeline.first { entry in
            entry.source == .dunning && entry.time >= envelope.time.dayStart
                && (invoiceId == nil || entry.invoiceId == invoiceId) && expected.contains { entry.summary.contains($0) }
        }
    }
}

extension Timestamp {
    /// Midnight UTC of this instant's day.
    var dayStart: Timestamp { Timestamp(date: calendarDate) }
}
