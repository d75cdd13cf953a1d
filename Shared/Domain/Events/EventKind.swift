/// Every kind of domain event: its CloudEvents type name (without version), the version this
/// reader and writer speak, and the topic it travels on.
public enum EventKind: String, Sendable, Hashable, CaseIterable, Codable {
    case invoiceIssued = "credence.invoice.issued"
    case invoiceAdjusted = "credence.invoice.adjusted"
    case paymentApplied = "credence.invoice.payment-applied"
    case paymentReversed = "credence.invoice.payment-reversed"
    case invoiceDisputed = "credence.invoice.disputed"
    case invoiceDisputeResolved = "credence.invoice.dispute-resolved"
    case invoiceWrittenOff = "credence.invoice.written-off"
    case invoiceCancelled = "credence.invoice.cancelled"
    case orderRequested = "credence.order.requested"
    case buyerProfile = "credence.buyer.profile"
    case financialStatement = "credence.buyer.financial-statement"
    case buyerExternalEvent = "credence.buyer.external-event"
    case insurerLimitDecision = "credence.buyer.insurer-limit-decision"
    case promiseToPay = "credence.collections.promise-to-pay"
    case paymentPlan = "credence.collections.payment-plan"
    case disputeOutcome = "credence.collections.dispute-outcome"
    case dunningOverride = "credence.collections.dunning-override"
    case customerTierAssigned = "credence.collections.customer-tier"
    case creditAssessment = "credence.credit.assessment"
    case creditDecision = "credence.credit.decision"
    case receivablesPosition = "credence.receivables.position"
    case overdueTransition = "credence.receivables.overdue-transition"
    case dunningAction = "credence.dunning.action"
    case claimEvent = "credence.claim.event"
    case alert = "credence.alert"
    case clockTick = "credence.clock.tick"

    /// The version of this kind that this build reads and writes; older and newer versions are refused.
    public var version: Int { 1 }

    /// The full CloudEvents type, e.g. `credence.invoice.issued.v1`.
    public var ceType: String { "\(rawValue).v\(version)" }

    /// The topic that carries events of this kind.
    public var topic: String {
        switch self {
        case .invoiceIssued, .invoiceAdjusted, .paymentApplied, .paymentReversed, .invoiceDisputed, .invoiceDisputeResolved,
             .invoiceWrittenOff, .invoiceCancelled, .clockTick:
            TopicCatalog.erpInvoices
        case .orderRequested: TopicCatalog.erpOrders
        case .buyerProfile, .financialStatement, .buyerExternalEvent, .insurerLimitDecision:
            TopicCatalog.buyerSignals
        case .promiseToPay, .paymentPlan, .disputeOutcome, .dunningOverride, .customerTierAssigned:
            TopicCatalog.collectionsUpdates
        case .creditAssessment: TopicCatalog.creditAssessments
        case .creditDecision: TopicCatalog.creditDecisions
        case .receivablesPosition: TopicCatalog.receivablesPositions
        case .overdueTransition: TopicCatalog.receivablesOverdue
        case .dunningAction: TopicCatalog.dunningActions
        case .claimEvent: TopicCatalog.claimsEvents
        case .alert: TopicCatalog.alerts
        }
    }

    /// The Swift type of the event's JSON value.
    public var payloadType: any DomainEventPayload.Type {
        switch self {
        case .invoiceIssued: InvoiceIssued.self
        case .invoiceAdjusted: InvoiceAdjusted.self
        case .paymentApplied: PaymentApplied.self
        case .paymentReversed: PaymentReversed.self
        case .invoiceDisputed: InvoiceDisputed.self
        case .invoiceDisputeResolved: InvoiceDisputeResolved.self
        case .invoiceWrittenOff: InvoiceWrittenOff.self
        case .invoiceCancelled: InvoiceCancelled.self
        case .orderRequested: OrderRequested.self
        case .buyerProfile: BuyerProfile.self
        case .financialStatement: FinancialStatement.self
        case .buyerExternalEvent: BuyerExternalEvent.self
        case .insurerLimitDecision: InsurerLimitDecision.self
        case .promiseToPay: PromiseToPay.self
        case .paymentPlan: PaymentPlan.self
        case .disputeOutcome: DisputeOutcomeRecorded.self
        case .dunningOverride: DunningOverride.self
        case .customerTierAssigned: CustomerTierAssigned.self
        case .creditAssessment: CreditAssessment.self
        case .creditDecision: CreditDecision.self
        case .receivablesPosition: ReceivablesPosition.self
        case .overdueTransition: OverdueTransition.self
        case .dunningAction: DunningAction.self
        case .claimEvent: ClaimEvent.self
        case .alert: Alert.self
        case .clockTick: ClockTick.self
        }
    }

    /// The kinds that travel on a topic (empty for changelog and dead-letter topics).
    public static func kinds(on topic: String) -> [EventKind] {
        allCases.filter { $0.topic == topic }
    }
}
