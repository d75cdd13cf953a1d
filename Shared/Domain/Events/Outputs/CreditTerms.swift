/// A buyer's credit class: A = grades 1–4, B = 5–6, C = 7–10.
public enum CreditClass: String, DomainEnumeration, Comparable {
    case a = "A"
    case b = "B"
    case c = "C"

    public static func < (lhs: CreditClass, rhs: CreditClass) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The payment terms a credit class is sold on (DOMAIN.md §3 "Terms by class").
public struct CreditTerms: Sendable, Hashable, Codable {
    /// The longest open-account term in days; nil when no open account is offered.
    public var openAccountDays: Int?
    /// The share of each order to be paid before delivery (0 … 1).
    public var prepaymentShare: Double
    /// The discount granted for paying in advance (0 … 1), when offered.
    public var prepaymentDiscount: Double?
    /// Whether the part not prepaid must be covered by a guarantee.
    public var guaranteeRequired: Bool
    /// Whether collateral is accepted instead of prepayment.
    public var collateralAccepted: Bool

    public init(openAccountDays: Int?, prepaymentShare: Double, prepaymentDiscount: Double? = nil,
                guaranteeRequired: Bool = false, collateralAccepted: Bool = false) {
        self.openAccountDays = openAccountDays
        self.prepaymentShare = prepaymentShare
        self.prepaymentDiscount = prepaymentDiscount
        self.guaranteeRequired = guaranteeRequired
        self.collateralAccepted = collateralAccepted
    }
}

/// One of the factors that moved a score most, with its effect in score points.
public struct ScoreReason: Sendable, Hashable, Codable {
    /// A stable factor name, e.g. `paymentBehaviour.paydex` or `events.litigation`.
    public var factor: String
    /// Score points this factor added (positive) or cost (negative).
    public var impact: Double
    public var detail: String?

    public init(factor: String, impact: Double, detail: String? = nil) {
        self.factor = factor
        self.impact = impact
        self.detail = detail
    }
}

/// The component scores (0–100) a total score was weighted from; nil when a component was unavailable.
public struct ScoreComponents: Sendable, Hashable, Codable {
    public var financialStrength: Double?
    public var paymentBehaviour: Double?
    public var countryIndustry: Double?
    public var events: Double?

    public init(financialStrength: Double? = nil, paymentBehaviour: Double? = nil,
                countryIndustry: Double? = nil, events: Double? = nil) {
        self.financialStrength = financialStrength
        self.paymentBehaviour = paymentBehaviour
        self.countryIndustry = countryIndustry
        self.events = events
    }
}
