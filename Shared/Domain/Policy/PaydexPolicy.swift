/// One point of the PAYDEX table: days beyond terms and the points they earn.
public struct PaydexPoint: Sendable, Hashable, Codable {
    public var daysBeyondTerms: Int
    public var points: Int

    public init(daysBeyondTerms: Int, points: Int) {
        self.daysBeyondTerms = daysBeyondTerms
        self.points = points
    }
}

/// PAYDEX-style payment behaviour: points by days beyond terms, linear between table points and
/// flat beyond its ends, amount-weighted over the settled invoices of the look-back window.
public struct PaydexPolicy: Sendable, Hashable, Codable {
    /// Settled invoices of this many months before the as-of date count.
    public var lookbackMonths: Int
    /// Points by days beyond terms, in increasing days and non-increasing points.
    public var points: [PaydexPoint]

    public init(lookbackMonths: Int, points: [PaydexPoint]) {
        self.lookbackMonths = lookbackMonths
        self.points = points
    }

    /// The points earned by one invoice's days beyond terms (not yet rounded).
    public func points(forDaysBeyondTerms days: Int) -> Double {
        guard let first = points.first, let last = points.last else { return 0 }
        if days <= first.daysBeyondTerms { return Double(first.points) }
        if days >= last.daysBeyondTerms { return Double(last.points) }
        for (lower, upper) in zip(points, points.dropFirst()) where days <= upper.daysBeyondTerms {
            let fraction = Double(days - lower.daysBeyondTerms) / Double(upper.daysBeyondTerms - lower.daysBeyondTerms)
            return Double(lower.points) + fraction * Double(upper.points - lower.points)
        }
        return Double(last.points)
    }
}
