import Domain

/// Computes a buyer's assessment from its state (DOMAIN.md §3): the four components, the weighted score,
/// grade, class, terms, limit and reasons. Pure: the time comes in as `asOf` / `assessedAt`.
public struct BuyerAssessor: Sendable {
    public let policy: Policy
    public let scorecard: Scorecard
    /// Converts equity, caps and the insurer's limit into the reporting currency.
    public let fx: FXTable

    /// An assessor deciding with `policy` and its scorecard; `fx` defaults to the policy's rates.
    public init(policy: Policy, fx: FXTable? = nil) {
        self.policy = policy
        self.scorecard = Scorecard(policy.scoring.scorecard)
        self.fx = fx ?? policy.fxTable
    }

    /// The assessment of `state` as of `assessedAt`'s calendar date.
    public func assess(_ state: ScoringState, buyerId: BuyerId, assessedAt: Timestamp) -> CreditAssessment {
        let scoring = policy.scoring
        let asOf = policy.businessDay(of: assessedAt)

        var probability: Double?
        var financialPoints: Double?
        var altman: Double?
        var ratioReasons: [RatioReason] = []
        var financialReasons: [ScoreReason]?
        if let statement = state.statement {
            ratioReasons = scorecard.reasons(statement)
            if scorecard.boostedModel(for: statement) != nil {
                financialReasons = ratioReasons.map { reason in
                    ScoreReason(factor: "financialStrength.\(reason.ratio)", impact: WeightedScore.rounded(reason.points),
                                detail: reason.text)
                }
            }
            let pd = scorecard.probabilityOfDefault(statement)
            probability = pd
            financialPoints = scorecard.points(probabilityOfDefault: pd)
            altman = AltmanZDoublePrime.score(statement).map { ($0 * 10_000).rounded() / 10_000 }
        }

        let figures = PaymentBehaviour.figures(state.invoices.values, asOf: asOf, policy: scoring.paydex)
        let paydex = figures.paydex
        let averageDaysBeyondTerms = figures.averageDaysBeyondTerms.map { ($0 * 100).rounded() / 100 }

        let risk = CountryIndustryRisk.points(country: state.profile?.country, industry: state.profile?.industryCode,
                                              tables: scoring.risk)
        let penalties = EventsComponent.penalties(state.events, asOf: asOf, policy: scoring.events)
        let eventPoints = EventsComponent.points(penalties: penalties)

        let weighted = WeightedScore.combine(
            financialStrength: financialPoints, paymentBehaviour: paydex.map(Double.init), country: risk.country,
            industry: risk.industry, countryShare: scoring.risk.countryShare, events: eventPoints,
            eventPenalties: penalties, weights: scoring.weights)

        let insolvent = state.insolvent
        let score = insolvent ? 0 : weighted.score
        // The financial-strength factor names the ratios that cost the most points (DOMAIN.md §3, scorecard v2).
        var reasons = weighted.reasons.map { reason in
            guard reason.factor == "financialStrength.probabilityOfDefault", !ratioReasons.isEmpty else { return reason }
            return ScoreReason(factor: reason.factor, impact: reason.impact,
                               detail: ratioReasons.map(\.text).joined(separator: "; "))
        }
        if insolvent {
            reasons = [ScoreReason(factor: "events.insolvencyFiling", impact: -weighted.score,
                                   detail: "insolvency filing of \(state.insolventSince.map(String.init(describing:)) ?? "")")]
                + Array(weighted.reasons.prefix(2))
        }
        var grade = scoring.grade.grade(forScore: score, insolvent: insolvent)
        if financialPoints == nil, let best = scoring.grade.bestGradeWithoutStatement { grade = max(grade, best) }
        // The PD band caps how good the grade can be: a strong payment record, country or industry does not make
        // a buyer whose statement says 4 % one-year PD better than that band's grade (docs/scorecard.md).
        let bandGrade = probability.flatMap { scoring.grade.grade(forProbabilityOfDefault: $0) }
        if let bandGrade { grade = max(grade, bandGrade) }
        let creditClass = scoring.creditClass(forGrade: grade)
        let insurerLimit = state.insurerLimit.flatMap { decision -> Money? in
            if let expiry = decision.expiryDate, expiry < asOf { return nil }
            return decision.effectiveDate <= asOf ? decision.limit : nil
        }
        let limit = CreditLimitRule.limit(
            bookEquity: state.statement?.bookEquity, grade: grade, creditClass: creditClass, insolvent: insolvent,
            insurerLimit: insurerLimit, policy: scoring.limit, fx: fx)

        return CreditAssessment(
            buyerId: buyerId, assessedAt: assessedAt, score: score, grade: grade, creditClass: creditClass,
            creditLimit: limit, terms: scoring.terms[creditClass], reasons: reasons,
            modelVersion: scoring.scorecard.version, policyVersion: policy.version,
            components: ScoreComponents(
                financialStrength: financialPoints.map(WeightedScore.rounded), paymentBehaviour: paydex.map(Double.init),
                countryIndustry: WeightedScore.rounded(risk.total), events: eventPoints),
            insolvent: insolvent, probabilityOfDefault: probability, altmanZDoublePrime: altman, paydex: paydex,
            averageDaysBeyondTerms: averageDaysBeyondTerms, parentId: state.profile?.parentId,
            probabilityOfDefaultGrade: bandGrade, financialReasons: financialReasons)
    }

    /// Whether two assessments say the same thing (everything but the time they were made).
    public static func same(_ lhs: CreditAssessment, _ rhs: CreditAssessment) -> Bool {
        var rhs = rhs
        rhs.assessedAt = lhs.assessedAt
        return lhs == rhs
    }
}
