import Domain

/// The weighted score (0–100) of the available components and the factors that moved it most.
///
/// A component that is unavailable (no payment experience, no statement) drops out and its weight is spread
/// over the others in proportion to theirs. A factor's impact is its effective weight × (its points − 50):
/// how far it moved the score from an average buyer; an event factor's impact is effective weight × −penalty.
public struct WeightedScore: Sendable, Hashable {
    public var score: Double
    /// Every factor with its impact, strongest first.
    public var factors: [ScoreReason]

    /// The three factors that moved the score most.
    public var reasons: [ScoreReason] { Array(factors.prefix(3)) }

    /// Combines component points (nil = unavailable) with the policy's weights.
    public static func combine(financialStrength: Double?, paymentBehaviour: Double?, country: Double, industry: Double,
                               countryShare: Double, events: Double, eventPenalties: [String: Double],
                               weights: ScoringWeights) -> WeightedScore {
        let countryIndustry = countryShare * country + (1 - countryShare) * industry
        var available = weights.countryIndustry + weights.events
        if financialStrength != nil { available += weights.financialStrength }
        if paymentBehaviour != nil { available += weights.paymentBehaviour }
        guard available > 0 else { return WeightedScore(score: 50, factors: []) }
        func effective(_ weight: Double) -> Double { weight / available }

        var score = effective(weights.countryIndustry) * countryIndustry + effective(weights.events) * events
        var factors: [ScoreReason] = []
        if let financialStrength {
            score += effective(weights.financialStrength) * financialStrength
            factors.append(ScoreReason(factor: "financialStrength.probabilityOfDefault",
                                       impact: effective(weights.financialStrength) * (financialStrength - 50)))
        }
        if let paymentBehaviour {
            score += effective(weights.paymentBehaviour) * paymentBehaviour
            factors.append(ScoreReason(factor: "paymentBehaviour.paydex",
                                       impact: effective(weights.paymentBehaviour) * (paymentBehaviour - 50)))
        }
        factors.append(ScoreReason(factor: "countryIndustry.country",
                                   impact: effective(weights.countryIndustry) * countryShare * (country - 50)))
        factors.append(ScoreReason(factor: "countryIndustry.industry",
                                   impact: effective(weights.countryIndustry) * (1 - countryShare) * (industry - 50)))
        for (factor, penalty) in eventPenalties {
            factors.append(ScoreReason(factor: factor, impact: -effective(weights.events) * penalty))
        }
        factors = factors.map { ScoreReason(factor: $0.factor, impact: Self.rounded($0.impact), detail: $0.detail) }
        factors.sort { abs($0.impact) != abs($1.impact) ? abs($0.impact) > abs($1.impact) : $0.factor < $1.factor }
        return WeightedScore(score: Self.rounded(min(max(score, 0), 100)), factors: factors)
    }

    /// Rounds to hundredths, so that noise below them never makes an assessment look changed.
    static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}
