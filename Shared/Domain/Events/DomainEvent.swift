/// Any domain event: the one value type stages switch over after decoding.
public enum DomainEvent: Sendable, Hashable {
    case invoiceIssued(InvoiceIssued)
    case invoiceAdjusted(InvoiceAdjusted)
    case paymentApplied(PaymentApplied)
    case paymentReversed(PaymentReversed)
    case invoiceDisputed(InvoiceDisputed)
    case invoiceDisputeResolved(InvoiceDisputeResolved)
    case invoiceWrittenOff(InvoiceWrittenOff)
    case invoiceCancelled(InvoiceCancelled)
    case orderRequested(OrderRequested)
    case buyerProfile(BuyerProfile)
    case financialStatement(FinancialStatement)
    case buyerExternalEvent(BuyerExternalEvent)
    case insurerLimitDecision(InsurerLimitDecision)
    case promiseToPay(PromiseToPay)
    case paymentPlan(PaymentPlan)
    case disputeOutcome(DisputeOutcomeRecorded)
    case dunningOverride(DunningOverride)
    case customerTierAssigned(CustomerTierAssigned)
    case creditAssessment(CreditAssessment)
    case creditDecision(CreditDecision)
    case receivablesPosition(ReceivablesPosition)
    case overdueTransition(OverdueTransition)
    case dunningAction(DunningAction)
    case claimEvent(ClaimEvent)
    case alert(Alert)
    case clockTick(ClockTick)

    /// The wrapped event as its protocol, for what all events share.
    public var payload: any DomainEventPayload {
        switch self {
        case .invoiceIssued(let event): event
        case .invoiceAdjusted(let event): event
        case .paymentApplied(let event): event
        case .paymentReversed(let event): event
        case .invoiceDisputed(let event): event
        case .invoiceDisputeResolved(let event): event
        case .invoiceWrittenOff(let event): event
        case .invoiceCancelled(let event): event
        case .orderRequested(let event): event
        case .buyerProfile(let event): event
        case .financialStatement(let event): event
        case .buyerExternalEvent(let event): event
        case .insurerLimitDecision(let event): event
        case .promiseToPay(let event): event
        case .paymentPlan(let event): event
        case .disputeOutcome(let event): event
        case .dunningOverride(let event): event
        case .customerTierAssigned(let event): event
        case .creditAssessment(let event): event
        case .creditDecision(let event): event
        case .receivablesPosition(let event): event
        case .overdueTransition(let event): event
        case .dunningAction(let event): event
        case .claimEvent(let event): event
        case .alert(let event): event
        case .clockTick(let event): event
        }
    }

    /// The kind of the wrapped event.
    public var kind: EventKind { type(of: payload).kind }

    /// The buyer the event is about; the record key.
    public var buyerId: BuyerId { payload.buyerId }
}
