import Domain
import Foundation
import Runtime

/// The claims stage's wiring: consumes dunning actions, buyer signals, credit assessments, invoice events
/// and monitoring's overdue transitions per buyer, feeds the buyer's claim state machine (``BuyerClaimsState``), and publishes claim
/// transitions on `claims.events` and alerts on `credence.alerts`. Pure: the only time it knows is
/// `context.now`.
///
/// Time-driven rules (NOA past the MEP, payouts after the response day or waiting period) run on every
/// punctuation for the end of the last full day before `now`, as in dunning, with wall and stream clocks.
///
/// Output ids derive from the claim and the transition (`<buyer>/<claim>` + `filed`, `recovery:<payment>`,
/// `alert:claim.paid`, …), never from the input that noticed it, so a replay — or a punctuation and an
/// input noticing the same thing — always yields the same id. Every claim event carries the buyer's
/// policy-year figures, which the other instances read back through the `claims.events` global table.
public struct ClaimsProcessor: EventStageProcessor {
    /// Per-buyer state: invoices, limit decisions, claims and policy-year usage.
    public typealias State = BuyerClaimsState

    public let name = ClaimsStage.name
    public let inputTopics = [TopicCatalog.dunningActions, TopicCatalog.buyerSignals, TopicCatalog.creditAssessments,
                              TopicCatalog.erpInvoices, TopicCatalog.receivablesOverdue, TopicCatalog.collectionsUpdates]
    /// The latest claim event of every buyer, for the portfolio's policy-year usage (see ``PolicyYearUsage``).
    public var globalTables: [any GlobalTableDeclaring] { [PolicyYearUsage.table] }
    /// The policy terms claims are decided by.
    public let rules: ClaimsRules

    /// A claims stage deciding with the policy file's claims terms.
    public init(policy: Policy) {
        rules = ClaimsRules(policy: policy)
    }

    /// The issue date of an insured invoice the buyer's state holds.
    public func issueDate(of invoiceId: InvoiceId, in state: State) -> CalendarDate? {
        state.invoices[invoiceId.rawValue]?.issueDate
    }

    /// Applies one event to its buyer's state; a bad input is refused and the state left as it was.
    public func process(state: State?, input: EventEnvelope, context: ProcessingContext) -> Outcome<State> {
        var buyer = state ?? BuyerClaimsState(buyerId: input.buyerId)
        // Another stage's late word about an invoice the state closed and pruned: normal traffic, counted.
        if buyer.forgottenReference(in: input.event) != nil { return .ignore(state, reason: "closed_invoice") }
        let outputs: [ClaimsOutput]
        do {
            outputs = try buyer.apply(input.event, rules: rules, portfolio: context.tables[PolicyYearUsage.table])
        } catch {
            return .reject(state, error)
        }
        if state == nil, buyer == BuyerClaimsState(buyerId: input.buyerId) { return .keep(nil) }
        return .emitting(buyer, envelopes(outputs, buyer: buyer, now: Timestamp(context.now)))
    }

    /// Runs the time-driven rules for one buyer at the end of the day before `context.now`.
    public func punctuate(state: State, key: String, context: ProcessingContext) -> Outcome<State> {
        var buyer = state
        let day = rules.businessDay(of: Timestamp(context.now)).adding(days: -1)
        let outputs = buyer.punctuate(on: day, rules: rules, portfolio: context.tables[PolicyYearUsage.table])
        guard buyer != state else { return .keep(state) }
        return .emitting(buyer, envelopes(outputs, buyer: buyer, now: Timestamp(context.now)))
    }

    /// A buyer without insured invoices and without an approved claim waiting for its payment day: `punctuate`
    /// follows invoices, pays approved claims and prunes invoices, so it has nothing to do.
    public func isDormant(_ state: State) -> Bool {
        state.invoices.isEmpty && !state.claims.values.contains { $0.state == .approved }
    }

    /// The outputs as envelopes, each claim event with the buyer's policy-year figures after the step.
    func envelopes(_ outputs: [ClaimsOutput], buyer: BuyerClaimsState, now: Timestamp) -> [EventEnvelope] {
        outputs.map { output in
            switch output {
            case .claim(var event, let key):
                event.policyYearStart = buyer.usage?.policyYearStart
                event.yearToDateDeductible = buyer.usage?.deductible
                event.yearToDateIndemnity = buyer.usage?.indemnity
                event.interest = buyer.interestToDate(of: event.invoiceIds, rules: rules)
                let id = identity(buyer: buyer.buyerId, claim: event.claimId, key: key)
                return EventEnvelope(id: id, source: source, time: now, event: .claimEvent(event))
            case .alert(let raised):
                let id = identity(buyer: buyer.buyerId, claim: raised.claimId, key: "alert:\(raised.alertType.rawValue)")
                let alert = Alert(buyerId: buyer.buyerId, alertId: id, alertType: raised.alertType, severity: raised.severity,
                                  raisedAt: now, figures: raised.figures, amounts: raised.amounts,
                                  invoiceId: raised.invoiceId, message: raised.message)
                return EventEnvelope(id: id, source: source, time: now, event: .alert(alert))
            }
        }
    }

    private func identity(buyer: BuyerId, claim: ClaimId, key: String) -> String {
        EventIdentity.derive(source: source, causeSource: source, causeId: "\(buyer)/\(claim)", discriminator: key)
    }
}
