import Domain
import Foundation
import Runtime

/// The dunning stage's wiring: consumes overdue transitions, invoice events and collection updates per
/// buyer, feeds each invoice's ``DunningStateMachine``, and publishes its decisions on `dunning.actions`
/// and its alerts on `credence.alerts`. Pure: the only time it knows is `context.now`.
///
/// Time-driven rules run on every punctuation: each invoice is judged at the end of the last full day
/// before `now` (DOMAIN.md §1: positions are taken at the end of a day), so a punctuation at
/// `2024-03-02T00:00Z` acts on 2024-03-01 — the same with wall and stream clocks.
public struct DunningProcessor: EventStageProcessor {
    /// Per-buyer state: the buyer's tier, collector flags and invoices.
    public typealias State = BuyerDunningState

    public let name = DunningStage.name
    public let inputTopics = [TopicCatalog.receivablesOverdue, TopicCatalog.erpInvoices, TopicCatalog.collectionsUpdates]
    /// The policy the stage decides with.
    public let policy: Policy
    /// Converts invoice amounts into the reporting currency for the minimum-amount and cost-of-collection
    /// rules, and the fixed compensation for reporting-currency invoices. Without a rate those rules do
    /// not apply to the invoice.
    public let fxTable: FXTable
    /// Days a closed invoice is kept (to recognise late events for it) before it is dropped from state.
    public let closedInvoiceRetentionDays: Int

    /// A dunning stage deciding with `policy`.
    ///
    /// - Parameters:
    ///   - fxTable: rates into the policy's reporting currency; the policy's `exchangeRates` by default.
    ///   - closedInvoiceRetentionDays: how long a closed invoice stays in state; 180 days by default.
    public init(policy: Policy, fxTable: FXTable? = nil, closedInvoiceRetentionDays: Int = 180) {
        self.policy = policy
        self.fxTable = fxTable ?? policy.fxTable
        self.closedInvoiceRetentionDays = closedInvoiceRetentionDays
    }

    /// The issue date of an invoice whose `InvoiceIssued` the buyer's state has seen.
    public func issueDate(of invoiceId: InvoiceId, in state: State) -> CalendarDate? {
        state.invoices[invoiceId.rawValue]?.issueDate
    }

    /// Applies one event to its buyer's state; an update for an unknown invoice is refused.
    public func process(state: State?, input: EventEnvelope, context: ProcessingContext) -> Outcome<State> {
        var buyer = state ?? BuyerDunningState()
        let outputs: [DunningOutput]
        do {
            outputs = try buyer.apply(input.event, policy: policy.dunning, fxTable: fxTable,
                                      releaseHoldOnWriteOff: policy.monitoring.creditHold?.releaseOnWriteOff ?? false)
        } catch {
            return .reject(state, error)
        }
        if state == nil, buyer == BuyerDunningState() { return .keep(nil) }
        let cause = Cause(source: input.source, id: input.id)
        return .emitting(buyer, envelopes(outputs, cause: cause, context: context))
    }

    /// Judges every invoice of the buyer at the end of the day before `context.now`.
    public func punctuate(state: State, key: String, context: ProcessingContext) -> Outcome<State> {
        var buyer = state
        let day = policy.businessDay(of: Timestamp(context.now)).adding(days: -1)
        let outputs = buyer.punctuate(on: day, policy: policy.dunning, fxTable: fxTable,
                                      closedRetentionDays: closedInvoiceRetentionDays)
        guard buyer != state else { return .keep(state) }
        let cause = Cause(source: source, id: context.causeID)
        return .emitting(buyer, envelopes(outputs, cause: cause, context: context))
    }

    /// A buyer without invoices: `punctuate` judges and prunes invoices only, so it has nothing to do.
    public func isDormant(_ state: State) -> Bool { state.invoices.isEmpty }

    /// What caused a step's outputs: an input's `ce_source` and `ce_id`, or the punctuation `<buyer>@<time>`.
    private struct Cause {
        var source: String
        var id: String
    }

    /// The outputs as envelopes whose ids derive from the cause and the output's position and subject.
    private func envelopes(_ outputs: [DunningOutput], cause: Cause, context: ProcessingContext) -> [EventEnvelope] {
        let time = Timestamp(context.now)
        return outputs.enumerated().map { index, output in
            switch output {
            case .action(let action):
                let id = EventIdentity.derive(source: source, causeSource: cause.source, causeId: cause.id,
                                              discriminator: "\(index):action:\(action.invoiceId):\(action.action.rawValue):\(action.level)")
                return EventEnvelope(id: id, source: source, time: time, event: .dunningAction(action))
            case .alert(let raised):
                let id = EventIdentity.derive(source: source, causeSource: cause.source, causeId: cause.id,
                                              discriminator: "\(index):alert:\(raised.invoiceId):\(raised.alertType.rawValue)")
                let alert = Alert(buyerId: BuyerId(context.key), alertId: id, alertType: raised.alertType,
                                  severity: raised.severity, raisedAt: time, figures: raised.figures,
                                  amounts: raised.amounts, invoiceId: raised.invoiceId, message: raised.message)
                return EventEnvelope(id: id, source: source, time: time, event: .alert(alert))
            }
        }
    }
}
