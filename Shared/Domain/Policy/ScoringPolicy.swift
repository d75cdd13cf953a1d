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

    public init(weights: ScoringWeights, paydex: PaydexPolicy, altman: AltmanZones, grade: GradeFormula,
                classes: [ClassGrades], terms: TermsByClass, limit: CreditLimitPolicy, reviewTriggers: ReviewTriggers,
                risk: RiskTables, events: EventPenalties) {
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

    public init(base: Int, scoreDivisor: Double, minimum: Int, maximum: Int, insolvencyGrade: Int) {
        self.base = base
        self.scoreDivisor = scoreDivisor
        self.minimum = minimum
        self.maximum = maximum
        self.insolvencyGrade = insolvencyGrade
    }

    /// The grade of a score (0–100); `insolvent` forces the insolvency grade.
    public func grade(forScore score: Double, insolvent: Bool = false) -> Int {
        if insolvent { return insolvencyGrade }
        let raw = base - Int((score / scoreDivisor).rounded(.down))
        return min(max(raw, minimum), maximum)
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
