/// Scoring's verdict on a buyer: score, grade, class, recommended limit, terms and the reasons.
/// Published (compacted per buyer) only when something in it changes.
public struct CreditAssessment: DomainEventPayload {
    public static let kind = EventKind.creditAssessment
    public var buyerId: BuyerId
    public var assessedAt: Timestamp
    /// 0–100, higher is safer.
    public var score: Double
    /// 1 (exceptional) … 10 (at risk of failure).
    public var grade: Int
    public var creditClass: CreditClass
    /// The recommended credit limit, never negative.
    public var creditLimit: Money
    public var terms: CreditTerms
    /// The three factors that moved the score most.
    public var reasons: [ScoreReason]
    public var modelVersion: String
    /// The `version` of the policy file the assessment was made with.
    public var policyVersion: Int
    public var components: ScoreComponents
    /// Whether an insolvency filing forced grade 10.
    public var insolvent: Bool
    /// The calibrated one-year probability of default of the financial-strength scorecard (0…1).
    public var probabilityOfDefault: Double?
    /// The grade (1…9) of the policy's band that `probabilityOfDefault` falls in; the overall grade is never
    /// better than it.
    public var probabilityOfDefaultGrade: Int?
    /// The (at most three) statement ratios that cost the financial-strength component most points against the
    /// population's average firm, worst first, in words and numbers; `impact` is in financial-strength points.
    /// Present whenever the buyer has a statement scored by the boosted scorecard.
    public var financialReasons: [ScoreReason]?
    /// Altman Z″, reported beside the scorecard as an explanation.
    public var altmanZDoublePrime: Double?
    /// PAYDEX-style 1–100; nil when the buyer has no payment experience.
    public var paydex: Int?
    public var averageDaysBeyondTerms: Double?
    /// The buyer's parent company, from its profile, when it belongs to a group: how an insolvency reaches the
    /// group's other members (cross-default).
    public var parentId: BuyerId?

    public init(buyerId: BuyerId, assessedAt: Timestamp, score: Double, grade: Int, creditClass: CreditClass,
                creditLimit: Money, terms: CreditTerms, reasons: [ScoreReason], modelVersion: String,
                policyVersion: Int, components: ScoreComponents, insolvent: Bool = false,
                probabilityOfDefault: Double? = nil, altmanZDoublePrime: Double? = nil, paydex: Int? = nil,
                averageDaysBeyondTerms: Double? = nil, parentId: BuyerId? = nil,
                probabilityOfDefaultGrade: Int? = nil, financialReasons: [ScoreReason]? = nil) {
        self.buyerId = buyerId
        self.assessedAt = assessedAt
        self.score = score
        self.grade = grade
        self.creditClass = creditClass
        self.creditLimit = creditLimit
        self.terms = terms
        self.reasons = reasons
        self.modelVersion = modelVersion
        self.policyVersion = policyVersion
        self.components = components
        self.insolvent = insolvent
        self.probabilityOfDefault = probabilityOfDefault
        self.altmanZDoublePrime = altmanZDoublePrime
        self.paydex = paydex
        self.averageDaysBeyondTerms = averageDaysBeyondTerms
        self.parentId = parentId
        self.probabilityOfDefaultGrade = probabilityOfDefaultGrade
        self.financialReasons = financialReasons
    }

    public var domainEvent: DomainEvent { .creditAssessment(self) }

    /// Keeps score, grade, PAYDEX and probability in range and the limit non-negative.
    public func validate() throws(EventRejection) {
        try EventRejection.require((0...100).contains(score), at: "score", "score must be 0…100, found \(score)")
        try EventRejection.require((1...10).contains(grade), at: "grade", "grade must be 1…10, found \(grade)")
        try EventRejection.requireNonNegative(creditLimit, at: "creditLimit")
        if let paydex {
            try EventRejection.require((1...100).contains(paydex), at: "paydex", "PAYDEX must be 1…100, found \(paydex)")
        }
        if let probabilityOfDefault {
            try EventRejection.require((0...1).contains(probabilityOfDefault), at: "probabilityOfDefault",
                                       "probability must be 0…1, found \(probabilityOfDefault)")
        }
        if let probabilityOfDefaultGrade {
            try EventRejection.require((1...10).contains(probabilityOfDefaultGrade), at: "probabilityOfDefaultGrade",
                                       "grade must be 1…10, found \(probabilityOfDefaultGrade)")
        }
    }
}
