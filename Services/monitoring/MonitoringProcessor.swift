import Domain
import Foundation
import Runtime

/// The monitoring stage as a pure processor: invoice, order, assessment and dunning events in; positions,
/// overdue transitions, credit decisions and alerts out. No clock, no I/O: `now` and the portfolio table come
/// from the context.
///
/// Output ids: positions and decisions derive from the input (or punctuation) that caused them; overdue
/// transitions and alerts derive from their logical cause (`<buyer>/invoice.overdue/<invoice>/15`, …), so the
/// same cause always carries the same id, whichever input or punctuation noticed it.
public struct MonitoringProcessor: EventStageProcessor {
    public typealias State = BuyerMonitor

    public let name = MonitoringStage.name
    public let inputTopics = [TopicCatalog.erpInvoices, TopicCatalog.erpOrders, TopicCatalog.creditAssessments,
                              TopicCatalog.dunningActions, TopicCatalog.buyerSignals, TopicCatalog.collectionsUpdates]
    /// The positions of every buyer, read whole for the `concentration` rule (see `Concentration`).
    public var globalTables: [any GlobalTableDeclaring] { [Concentration.table] }
    /// An overdue transition comes from the ledger and the clock, never from a dunning action (an action changes
    /// holds and levels, not what is open when): so on the stream clock monitoring promises `receivables.overdue`
    /// without waiting on dunning, which itself waits on that topic — the two never wait on each other.
    public var outputCauses: [String: Set<String>] {
        [TopicCatalog.receivablesOverdue: Set(inputTopics).subtracting([TopicCatalog.dunningActions])]
    }
    public let rules: MonitoringRules

    /// A processor deciding with `policy`; `fx` converts other currencies into the reporting currency
    /// (by default only the reporting currency itself is known).
    public init(policy: Policy, fx: FXTable? = nil) {
        rules = MonitoringRules(policy: policy, fx: fx)
    }

    /// The issue date of an invoice in the buyer's ledger.
    public func issueDate(of invoiceId: InvoiceId, in state: BuyerMonitor) -> CalendarDate? {
        state.ledger[invoiceId]?.issueDate
    }

    /// Applies one event to its buyer's state; a bad input is refused and the state left as it was.
    public func process(state: BuyerMonitor?, input: EventEnvelope, context: ProcessingContext) -> Outcome<BuyerMonitor> {
        var monitor = state ?? BuyerMonitor(buyerId: input.buyerId)
        let now = Timestamp(context.now)
        let actions: [MonitoringAction]
        do {
            actions = try monitor.apply(input.event, now: now, rules: rules, portfolio: context.tables[Concentration.table])
        } catch {
            return .reject(state, error)
        }
        return .emitting(monitor, envelopes(actions, buyer: monitor.buyerId,
                                            cause: (input.source, input.id), now: now))
    }

    /// Runs the time-driven rules for one buyer at a punctuation (`context.causeID` is `<buyer>@<millis>`).
    public func punctuate(state: BuyerMonitor, key: String, context: ProcessingContext) -> Outcome<BuyerMonitor> {
        var monitor = state
        let now = Timestamp(context.now)
        // A state the stage kept always has computable figures (inputs that would break them are refused), so
        // this only guards a state restored from before that rule: it stays as it was.
        guard let actions = try? monitor.review(now: now, rules: rules, portfolio: context.tables[Concentration.table])
        else { return .keep(state) }
        return .emitting(monitor, envelopes(actions, buyer: monitor.buyerId, cause: (source, context.causeID), now: now))
    }

    /// Gives each action its envelope and stable id.
    func envelopes(_ actions: [MonitoringAction], buyer: BuyerId, cause: (source: String, id: String),
                   now: Timestamp) -> [EventEnvelope] {
        actions.map { action in
            switch action {
            case .position(let position):
                envelope(.receivablesPosition(position), cause: cause, discriminator: "position", now: now)
            case .decision(let decision):
                envelope(.creditDecision(decision), cause: cause, discriminator: "decision", now: now)
            case .overdue(let transition, let overdueCause):
                envelope(.overdueTransition(transition),
                         cause: (source, "\(buyer)/overdue/\(overdueCause)"),
                         discriminator: "overdue", now: now)
            case .alert(let draft):
                alertEnvelope(draft, buyer: buyer, now: now)
            }
        }
    }

    private func envelope(_ event: DomainEvent, cause: (source: String, id: String), discriminator: String,
                          now: Timestamp) -> EventEnvelope {
        EventEnvelope(id: EventIdentity.derive(source: source, causeSource: cause.source, causeId: cause.id,
                                               discriminator: discriminator),
                      source: source, time: now, event: event)
    }

    private func alertEnvelope(_ draft: AlertDraft, buyer: BuyerId, now: Timestamp) -> EventEnvelope {
        let id = EventIdentity.derive(source: source, causeSource: source, causeId: "\(buyer)/\(draft.cause)",
                                      discriminator: "alert:\(draft.type.rawValue)")
        let alert = Alert(buyerId: buyer, alertId: id, alertType: draft.type, severity: draft.severity, raisedAt: now,
                          figures: draft.figures, amounts: draft.amounts.isEmpty ? nil : draft.amounts,
                          invoiceId: draft.invoiceId, orderId: draft.orderId, message: draft.message)
        return EventEnvelope(id: id, source: source, time: now, event: .alert(alert))
    }
}
