/// The credit-limit rule: a share of book equity times a grade factor, capped per class;
/// buyers without a financial statement get the unrated limit.
public struct CreditLimitPolicy: Sendable, Hashable, Codable {
    /// The share of book equity that a grade factor of 1 grants (0.10 = 10 %).
    public var bookEquityShare: Double
    /// The factor of each grade, grade 1 first; non-increasing.
    public var gradeFactors: [Double]
    /// The largest limit each class may get, in the reporting currency.
    public var classCaps: LimitCaps
    /// The limit of a buyer without a financial statement (0: its orders go to review).
    public var unratedLimit: Money
    /// Whether an insurer's limit decision caps the recommendation.
    public var insurerLimitCaps: Bool

    public init(bookEquityShare: Double, gradeFactors: [Double], classCaps: LimitCaps, unratedLimit: Money,
                insurerLimitCaps: Bool) {
        self.bookEquityShare = bookEquityShare
        self.gradeFactors = gradeFactors
        self.classCaps = classCaps
        self.unratedLimit = unratedLimit
        self.insurerLimitCaps = insurerLimitCaps
    }

    /// The factor of a grade (1-based); 0 outside the table.
    public func factor(forGrade grade: Int) -> Double {
        gradeFactors.indices.contains(grade - 1) ? gradeFactors[grade - 1] : 0
    }
}

/// The per-class ceilings of the credit limit.
public struct LimitCaps: Sendable, Hashable, Codable {
    public var a: Money
    public var b: Money
    public var c: Money

    enum CodingKeys: String, CodingKey { case a = "A", b = "B", c = "C" }

    public init(a: Money, b: Money, c: Money) {
        self.a = a
        self.b = b
        self.c = c
    }

    /// The cap of one class.
    public subscript(creditClass: CreditClass) -> Money {
        switch creditClass {
        case .a: a
        case .b: b
        case .c: c
        }
    }
}

/// What makes a buyer due for review (each also raises an alert and a re-assessment).
/// Monitoring's `order.surge`, `payment.slowdown` and `overdue.ratio` alerts use the same thresholds.
public struct ReviewTriggers: Sendable, Hashable, Codable {
    /// An order above this multiple of the buyer's average order is a surge (1.5 = 150 %).
    public var orderSurgeRatio: Double
    /// The months over which the average order is taken.
    public var averageOrderLookbackMonths: Int
    /// Average days-to-pay up by at least this share is a slowdown (0.20 = 20 %).
    public var paymentSlowdownShare: Double
    /// The earlier window days-to-pay is compared against.
    public var paymentSlowdownComparisonDays: Int
    /// Overdue amount at or above this share of the credit limit (0.10 = 10 %).
    public var overdueShareOfLimit: Double
    /// Days between periodic reviews of the largest exposures.
    public var periodicReviewDays: Int
    /// How many of the largest exposures get periodic reviews.
    public var periodicReviewLargestExposures: Int

    public init(orderSurgeRatio: Double, averageOrderLookbackMonths: Int, paymentSlowdownShare: Double,
                paymentSlowdownComparisonDays: Int, overdueShareOfLimit: Double, periodicReviewDays: Int,
                periodicReviewLargestExposures: Int) {
        self.orderSurgeRatio = orderSurgeRatio
        self.averageOrderLookbackMonths = averageOrderLookbackMonths
        self.paymentSlowdownShare = paymentSlowdownShare
        self.paymentSlowdownComparisonDays = paymentSlowdownComparisonDays
        self.overdueShareOfLimit = overdueShareOfLimit
        self.periodicReviewDays = periodicReviewDays
        self.periodicReviewLargestExposures = periodicReviewLargestExposures
    }
}
