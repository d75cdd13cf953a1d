/// The parameters of scoring (DOMAIN.md §3).
public struct ScoringPolicy: Sendable, Hashable, Codable {
    public var weights: ScoringWeights
    public var paydex: PaydexPolicy
    public var altman: AltmanZones
    public var grade: GradeFormula
    /// Which grades make each class, in order A, B, C.
    public var classes: [ClassGrades]
    public var terms: TermsByClass
    public var limit: CreditLimitPolicy
    public var reviewTriggers: ReviewTriggers
    public var risk: RiskTables
    public var events: EventPenalties
    /// The financial-strength scorecard, fitted by `credence scorecard fit`.
    public var scorecard: ScorecardModel

    public init(weights: ScoringWeights, paydex: PaydexPolicy, altman: AltmanZones, grade: GradeFormula,
                classes: [ClassGrades], terms: TermsByClass, limit: CreditLimitPolicy, reviewTriggers: ReviewTriggers,
                risk: RiskTables, events: EventPenalties, scorecard: ScorecardModel) {
        self.weights = weights
        self.paydex = paydex
        self.altman = altman
        self.grade = grade
        self.classes = classes
        self.terms = terms
        self.limit = limit
        self.reviewTriggers = reviewTriggers
        self.risk = risk
        self.events = events
        self.scorecard = scorecard
    }

    /// The class of a grade, or C for a grade no range covers.
    public func creditClass(forGrade grade: Int) -> CreditClass {
        classes.first { ($0.minimumGrade...$0.maximumGrade).contains(grade) }?.creditClass ?? .c
    }
}

/// The weights of the four score components; they sum to 1.
public struct ScoringWeights: Sendable, Hashable, Codable {
    public var financialStrength: Double
    public var paymentBehaviour: Double
    public var countryIndustry: Double
    public var events: Double

    public init(financialStrength: Double, paymentBehaviour: Double, countryIndustry: Double, events: Double) {
        self.financialStrength = financialStrength
        self.paymentBehaviour = paymentBehaviour
        self.countryIndustry = countryIndustry
        self.events = events
    }
}

/// Altman Z″ zones: distress below `distressBelow`, safe above `safeAbove`, grey between.
public struct AltmanZones: Sendable, Hashable, Codable {
    public var distressBelow: Double
    public var safeAbove: Double

    public init(distressBelow: Double, safeAbove: Double) {
        self.distressBelow = distressBelow
        self.safeAbove = safeAbove
    }
}

/// Grade = clamp(`base` − ⌊score / `scoreDivisor`⌋, `minimum`, `maximum`); insolvency forces `insolvencyGrade`.
public struct GradeFormula: Sendable, Hashable, Codable {
    public var base: Int
    public var scoreDivisor: Double
    public var minimum: Int
    public var maximum: Int
    public var insolvencyGrade: Int
    /// The best grade a buyer without a financial statement can have (5, average, by default): with neither
    /// financial strength nor, often, payment experience, the score rests on country, industry and events
    /// alone, which says little about the buyer itself. Absent: no cap.
    public var bestGradeWithoutStatement: Int?
    /// One-year probability-of-default bands, as ascending cut-offs (0…1): a PD below the first is grade
    /// `minimum`, each cut-off reached costs one grade (seed: 0.1 %, 0.25 %, 0.5 %, 1 %, 2 %, 4 %, 8 %, 20 % →
    /// grades 1…9). The band's grade is the best grade a buyer with a statement can have. Absent: no bands.
    public var probabilityOfDefaultBands: [Double]?

    public init(base: Int, scoreDivisor: Double, minimum: Int, maximum: Int, insolvencyGrade: Int,
                bestGradeWithoutStatement: Int? = nil, probabilityOfDefaultBands: [Double]? = nil) {
        self.base = base
        self.scoreDivisor = scoreDivisor
        self.minimum = minimum
        self.maximum = maximum
        self.insolvencyGrade = insolvencyGrade
        self.bestGradeWithoutStatement = bestGradeWithoutStatement
        self.probabilityOfDefaultBands = probabilityOfDefaultBands
    }

    /// The grade of a score (0–100); `insolvent` forces the insolvency grade.
    public func grade(forScore score: Double, insolvent: Bool = false) -> Int {
        if insolvent { return insolvencyGrade }
        let raw = base - Int((score / scoreDivisor).rounded(.down))
        return min(max(raw, minimum), maximum)
    }

    /// The grade of a one-year probability of default by the policy's bands: `minimum` below the first cut-off,
    /// one grade more for each cut-off the probability reaches; nil without bands. A NaN counts as the worst band.
    public func grade(forProbabilityOfDefault probability: Double) -> Int? {
        guard let bands = probabilityOfDefaultBands else { return nil }
        let reached = probability.isNaN ? bands.count : bands.count(where: { probability >= $0 })
        return min(minimum + reached, maximum)
    }
}

/// The grades (inclusive) that make one credit class.
public struct ClassGrades: Sendable, Hashable, Codable {
    public var creditClass: CreditClass
    public var minimumGrade: Int
    public var maximumGrade: Int

    public init(creditClass: CreditClass, minimumGrade: Int, maximumGrade: Int) {
        self.creditClass = creditClass
        self.minimumGrade = minimumGrade
        self.maximumGrade = maximumGrade
    }
}

/// The credit terms offered to each class.
public struct TermsByClass: Sendable, Hashable, Codable {
    public var a: CreditTerms
    public var b: CreditTerms
    public var c: CreditTerms

    enum CodingKeys: String, CodingKey { case a = "A", b = "B", c = "C" }

    public init(a: CreditTerms, b: CreditTerms, c: CreditTerms) {
        self.a = a
        self.b = b
        self.c = c
    }

    /// The terms of one class.
    public subscript(creditClass: CreditClass) -> CreditTerms {
        switch creditClass {
        case .a: a
        case .b: b
        case .c: c
        }
    }
}

/// The financial-strength scorecard: an L2-regularised logistic regression over statement ratios giving a
/// probability of default, and the scale that turns that probability into component points (0–100).
///
/// Each ratio is prepared as in fitting: a missing value takes the training `median`, the value is clipped to
/// [`lower`, `upper`] (training percentiles), then standardised with `mean` and `standardDeviation`.
public struct ScorecardModel: Sendable, Hashable, Codable {
    /// Names the fitted coefficients; every assessment carries it as its model version.
    public var version: String
    /// The log-odds of default of a firm whose prepared ratios are all zero (the training mean).
    public var intercept: Double
    public var features: [ScorecardFeature]
    /// The component points of a firm whose probability of default is `anchorProbability`.
    public var anchorPoints: Double
    /// The probability of default that earns `anchorPoints` (by default the training base rate).
    public var anchorProbability: Double
    /// The points lost each time the odds of default double.
    public var pointsToDoubleOdds: Double
    /// The boosted scorecard; when present it decides the probability of default and the logistic
    /// coefficients above are kept as the baseline it is measured against.
    public var boosted: BoostedScorecardModel?
    /// The boosted scorecard fitted on the ratios of today's required statement fields alone; it decides for a
    /// statement that reports nothing more (no provider ratio, no further line item).
    public var boostedRequiredFields: BoostedScorecardModel?
    /// Monotone constraints for fitting the boosted model, by ratio: +1 = the risk of default may only rise with
    /// the ratio, −1 = only fall; a ratio not listed is unconstrained.
    public var monotoneConstraints: [String: Int]?

    public init(version: String, intercept: Double, features: [ScorecardFeature], anchorPoints: Double,
                anchorProbability: Double, pointsToDoubleOdds: Double, boosted: BoostedScorecardModel? = nil,
                boostedRequiredFields: BoostedScorecardModel? = nil, monotoneConstraints: [String: Int]? = nil) {
        self.version = version
        self.intercept = intercept
        self.features = features
        self.anchorPoints = anchorPoints
        self.anchorProbability = anchorProbability
        self.pointsToDoubleOdds = pointsToDoubleOdds
        self.boosted = boosted
        self.boostedRequiredFields = boostedRequiredFields
        self.monotoneConstraints = monotoneConstraints
    }
}

/// One ratio of the scorecard with its preparation and its coefficient.
public struct ScorecardFeature: Sendable, Hashable, Codable {
    /// The ratio's name, `X1`…`X64` in the UCI Polish numbering (e.g. `X3` = working capital / total assets).
    public var ratio: String
    /// Replaces a missing value.
    public var median: Double
    /// Winsorising bounds: values are clipped to `lower`…`upper`.
    public var lower: Double
    public var upper: Double
    public var mean: Double
    /// Never zero.
    public var standardDeviation: Double
    /// The change in log-odds of default per standard deviation of the prepared ratio.
    public var coefficient: Double

    public init(ratio: String, median: Double, lower: Double, upper: Double, mean: Double, standardDeviation: Double,
                coefficient: Double) {
        self.ratio = ratio
        self.median = median
        self.lower = lower
        self.upper = upper
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.coefficient = coefficient
    }
}
