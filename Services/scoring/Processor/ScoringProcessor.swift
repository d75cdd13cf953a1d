import Domain
import Foundation
import Runtime

/// The scoring stage's wiring: applies buyer signals and invoice events to the buyer's state, re-assesses it,
/// and publishes a `CreditAssessment` on `credit.assessments` when anything in it changed, with alerts on
/// `credence.alerts` (`grade.downgrade`, `buyer.insolvent`, and the `credit.review.*` review triggers).
/// Every output id derives from its cause, so a replay reproduces it. Reads `receivables.positions` as a global
/// table for the periodic review of the largest exposures (see `PeriodicReview`).
public struct ScoringProcessor: EventStageProcessor {
    public typealias State = ScoringState

    public let policy: Policy
    /// Converts exposures of other currencies into the reporting currency to rank them.
    public let fx: FXTable
    let assessor: BuyerAssessor
    let machine: ScoringStateMachine

    /// A processor deciding with `policy` (its scoring section and scorecard); `fx` converts other currencies
    /// into the reporting currency (by default the policy's exchange rates).
    public init(policy: Policy, fx: FXTable? = nil) {
        self.policy = policy
        self.fx = fx ?? policy.fxTable
        self.assessor = BuyerAssessor(policy: policy, fx: self.fx)
        self.machine = ScoringStateMachine(lookbackMonths: policy.scoring.paydex.lookbackMonths,
                                           memoryDays: policy.scoring.events.memoryDays)
    }

    /// `scoring`: consumer group `credence-scoring`, topics `scoring.changelog` and `scoring.dlq`.
    public var name: String { ScoringStage.name }
    /// `buyer.signals` and `erp.invoices`.
    public var inputTopics: [String] { [TopicCatalog.buyerSignals, TopicCatalog.erpInvoices] }
    /// Every buyer's exposure, for the periodic review (see `PeriodicReview`), and the insolvent buyers, for
    /// cross-default in a group (see `GroupInsolvency`).
    public var globalTables: [any GlobalTableDeclaring] { [PeriodicReview.table, GroupInsolvency.table] }

    /// The issue date of an invoice scoring tracks for the buyer's payment behaviour.
    public func issueDate(of invoiceId: InvoiceId, in state: ScoringState) -> CalendarDate? {
        state.invoices[invoiceId.rawValue]?.issueDate
    }

    /// Applies one signal or invoice event; bad input that only the state reveals (a payment for an unknown
    /// invoice, an invoice issued twice) is refused with the state unchanged.
    public func process(state: ScoringState?, input: EventEnvelope, context: ProcessingContext) -> Outcome<ScoringState> {
        if let (currency, field) = Self.currencyToConvert(in: input.event), (try? fx.rate(for: currency)) == nil {
            return .reject(state, .unknownExchangeRate(currency, reporting: fx.reportingCurrency, field: field))
        }
        var next = state ?? ScoringState()
        switch machine.apply(input.event, to: &next) {
        case .rejected(let rejection):
            return .reject(state, rejection)
        case .ignored:
            return .keep(state)
        case .applied(let reviewEvents):
            let cause = Cause(source: input.source, id: input.id)
            return reassess(&next, buyerId: input.buyerId, reviewEvents: reviewEvents, cause: cause, now: context.now)
        }
    }

    /// The currency of an input whose amounts scoring converts into the reporting currency, and its field.
    static func currencyToConvert(in event: DomainEvent) -> (Currency, String)? {
        switch event {
        case .financialStatement(let statement): (statement.bookEquity.currency, "bookEquity.currency")
        case .insurerLimitDecision(let decision): (decision.limit.currency, "limit.currency")
        case .invoiceIssued(let issued): (issued.amount.currency, "amount.currency")
        default: nil
        }
    }

    /// Re-assesses every buyer once per punctuation (daily by default): days past due, the PAYDEX window and
    /// event memory move with time. A buyer among the largest exposures whose periodic review is due also gets
    /// its `credit.review.periodic` alert.
    public func punctuate(state: ScoringState, key: String, context: ProcessingContext) -> Outcome<ScoringState> {
        var next = state
        let buyerId = BuyerId(key)
        let cause = Cause(source: source, id: context.causeID)
        let periodic = periodicReview(of: buyerId, state: state, asOf: policy.businessDay(of: Timestamp(context.now)),
                                      positions: context.tables[PeriodicReview.table])
        let insolventMembers = GroupInsolvency.insolventMembers(of: buyerId, parentId: state.profile?.parentId,
                                                                table: context.tables[GroupInsolvency.table],
                                                                known: state.groupInsolvencies ?? [])
        if !insolventMembers.isEmpty {
            next.groupInsolvencies = (state.groupInsolvencies ?? []).union(insolventMembers.map(\.rawValue))
        }
        return reassess(&next, buyerId: buyerId, reviewEvents: [], periodicReview: periodic,
                        insolventMembers: insolventMembers, cause: cause, now: context.now)
    }

    /// The buyer's standing when its periodic review is due on `asOf` and it is among the policy's largest
    /// exposures in `positions`; nil otherwise, or while the runtime offers no table.
    func periodicReview(of buyerId: BuyerId, state: ScoringState, asOf: CalendarDate,
                        positions: [String: Money]?) -> PeriodicReview.Standing? {
        let triggers = policy.scoring.reviewTriggers
        guard let positions, PeriodicReview.isDue(lastReview: state.lastPeriodicReview, asOf: asOf,
                                                  intervalDays: triggers.periodicReviewDays) else { return nil }
        return PeriodicReview.standing(of: buyerId, in: positions, count: triggers.periodicReviewLargestExposures, fx: fx)
    }

    /// What caused an output: the `ce_source` and `ce_id` its id derives from.
    struct Cause {
        var source: String
        var id: String
    }

    private func reassess(_ state: inout ScoringState, buyerId: BuyerId, reviewEvents: [RememberedEvent],
                          periodicReview: PeriodicReview.Standing? = nil, insolventMembers: [BuyerId] = [],
                          cause: Cause, now: Date) -> Outcome<ScoringState> {
        let time = Timestamp(now)
        let asOf = policy.businessDay(of: time)
        machine.prune(&state, asOf: asOf)
        let assessment = assessor.assess(state, buyerId: buyerId, assessedAt: time)
        let previous = state.lastAssessment
        var events: [EventEnvelope] = []
        func emit(_ discriminator: String, _ event: DomainEvent) {
            let id = EventIdentity.derive(source: source, causeSource: cause.source, causeId: cause.id, discriminator: discriminator)
            events.append(EventEnvelope(id: id, source: source, time: time, event: event))
        }
        func alert(_ type: AlertType, _ severity: AlertSeverity, discriminator: String, figures: [String: Double],
                   amounts: [String: Money]? = nil, message: String) {
            let id = EventIdentity.derive(source: source, causeSource: cause.source, causeId: cause.id,
                                          discriminator: "alert:" + discriminator)
            let payload = Alert(buyerId: buyerId, alertId: id, alertType: type, severity: severity, raisedAt: time,
                                figures: figures, amounts: amounts, message: message)
            events.append(EventEnvelope(id: id, source: source, time: time, event: .alert(payload)))
        }

        // A group member's insolvency forces a re-assessment: published even when nothing in it changed.
        if !insolventMembers.isEmpty || previous.map({ !BuyerAssessor.same($0, assessment) }) ?? true {
            emit("assessment", .creditAssessment(assessment))
            state.lastAssessment = assessment
        }
        let limitFigures = ["creditLimit": assessment.creditLimit]
        for event in reviewEvents {
            switch event.kind {
            case .insolvencyFiling:
                alert(.buyerInsolvent, .critical, discriminator: "buyer.insolvent", figures: ["grade": Double(assessment.grade)],
                      amounts: limitFigures, message: "insolvency filing of \(event.date): grade \(assessment.grade), limit 0")
            case .litigation, .ownershipChange:
                let type = ScoringAlertType.review(event.kind.rawValue)
                alert(type, .warning, discriminator: "\(type.rawValue):\(event.eventId)",
                      figures: ["grade": Double(assessment.grade), "score": assessment.score],
                      message: "\(event.kind.rawValue) of \(event.date) forces a credit review")
            case .ratingChange:
                break
            }
        }
        for member in insolventMembers {
            alert(GroupInsolvency.alertType, .critical, discriminator: "\(GroupInsolvency.alertType.rawValue):\(member)",
                  figures: ["grade": Double(assessment.grade)], amounts: limitFigures,
                  message: "\(member), of the same group (parent \(state.profile?.parentId ?? buyerId)), is insolvent: cross-default review")
        }
        if let previous, assessment.grade > previous.grade {
            alert(.gradeDowngrade, assessment.creditClass == .c && previous.creditClass != .c ? .critical : .warning,
                  discriminator: "grade.downgrade",
                  figures: ["grade": Double(assessment.grade), "previousGrade": Double(previous.grade),
                            "score": assessment.score, "previousScore": previous.score],
                  amounts: ["creditLimit": assessment.creditLimit, "previousCreditLimit": previous.creditLimit],
                  message: "grade \(previous.grade) → \(assessment.grade), class \(previous.creditClass.rawValue) → \(assessment.creditClass.rawValue)")
        }

        let triggers = policy.scoring.reviewTriggers
        var active: Set<String> = []
        if let figures = ReviewConditions.paymentSlowdown(state.invoices.values, asOf: asOf, triggers: triggers) {
            active.insert("paymentSlowdown")
            if !state.activeConditions.contains("paymentSlowdown") {
                alert(ScoringAlertType.review("paymentSlowdown"), .warning, discriminator: "credit.review.paymentSlowdown",
                      figures: figures, message: "average days-to-pay up at least \(Int(triggers.paymentSlowdownShare * 100)) %")
            }
        }
        if let overdue = ReviewConditions.overdueRatio(state.invoices.values, limit: assessment.creditLimit, asOf: asOf,
                                                       triggers: triggers, fx: fx) {
            active.insert("overdueRatio")
            if !state.activeConditions.contains("overdueRatio") {
                alert(ScoringAlertType.review("overdueRatio"), .warning, discriminator: "credit.review.overdueRatio",
                      figures: overdue.figures, amounts: overdue.amounts,
                      message: "overdue amount at least \(Int(triggers.overdueShareOfLimit * 100)) % of the credit limit")
            }
        }
        state.activeConditions = active
        if let periodicReview {
            let since = state.lastPeriodicReview.map { "last reviewed \($0)" } ?? "never reviewed"
            alert(ScoringAlertType.periodicReview, .info, discriminator: ScoringAlertType.periodicReview.rawValue,
                  figures: ["rank": Double(periodicReview.rank),
                            "largestExposures": Double(triggers.periodicReviewLargestExposures),
                            "periodicReviewDays": Double(triggers.periodicReviewDays)],
                  amounts: ["exposure": periodicReview.exposure, "creditLimit": assessment.creditLimit],
                  message: "periodic review: exposure \(periodicReview.rank) of the \(triggers.periodicReviewLargestExposures) largest, \(since)")
            state.lastPeriodicReview = asOf
        }
        return .emitting(state, events)
    }
}

/// The alert types scoring raises besides DOMAIN.md's `grade.downgrade` and `buyer.insolvent`.
public enum ScoringAlertType {
    /// `credit.review.<trigger>`: `litigation`, `ownershipChange`, `paymentSlowdown`, `overdueRatio`, `periodic`.
    public static func review(_ trigger: String) -> AlertType { AlertType(rawValue: "credit.review." + trigger) }
    /// `credit.review.periodic`: a buyer among the largest exposures whose periodic review is due.
    public static let periodicReview = review("periodic")
}
