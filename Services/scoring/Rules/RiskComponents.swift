import Foundation
import Domain

/// Country and industry risk (DOMAIN.md §3, component 3) from the policy's tables.
public enum CountryIndustryRisk {
    /// The component points (0–100): the country's share of its level's points plus the industry's share of
    /// its level's points. A buyer without a profile is scored at the tables' default levels.
    public static func points(country: String?, industry: String?, tables: RiskTables) -> (country: Double, industry: Double, total: Double) {
        let level = tables.countryLevel(country ?? "")
        let countryPoints = tables.countryPoints.indices.contains(level - 1) ? tables.countryPoints[level - 1] : 0
        let industryPoints = tables.industryPoints[tables.industryLevel(industry ?? "")]
        let total = tables.countryShare * countryPoints + (1 - tables.countryShare) * industryPoints
        return (countryPoints, industryPoints, total)
    }
}

/// An external event as scoring remembers it.
public struct RememberedEvent: Sendable, Hashable, Codable {
    public var eventId: String
    public var kind: ExternalEventKind
    public var date: CalendarDate
    /// For a rating change: whether it lowered the rating.
    public var downgrade: Bool

    public init(eventId: String, kind: ExternalEventKind, date: CalendarDate, downgrade: Bool = false) {
        self.eventId = eventId
        self.kind = kind
        self.date = date
        self.downgrade = downgrade
    }
}

/// The events component (DOMAIN.md §3, component 4): 100 less the policy's penalty for each litigation,
/// ownership change and rating downgrade of the last `memoryDays` days, never below 0.
public enum EventsComponent {
    /// The penalty of each remembered event still in memory on `asOf`, by factor name (`events.litigation`, …).
    public static func penalties(_ events: [RememberedEvent], asOf: CalendarDate, policy: EventPenalties) -> [String: Double] {
        var penalties: [String: Double] = [:]
        for event in events where event.date.days(until: asOf) < policy.memoryDays && event.date <= asOf {
            switch event.kind {
            case .litigation: penalties["events.litigation", default: 0] += policy.litigation
            case .ownershipChange: penalties["events.ownershipChange", default: 0] += policy.ownershipChange
            case .ratingChange where event.downgrade: penalties["events.ratingDowngrade", default: 0] += policy.ratingDowngrade
            case .ratingChange, .insolvencyFiling: break
            }
        }
        return penalties
    }

    /// The component points after the penalties.
    public static func points(penalties: [String: Double]) -> Double {
        max(0, 100 - penalties.values.reduce(0, +))
    }

    /// Whether a rating change lowers the rating, on the agencies' common letter scale (AAA … D, with +/−
    /// notches; Moody's Aaa … C read alike). Unknown ratings are not a downgrade.
    public static func isDowngrade(from previous: String?, to rating: String?) -> Bool {
        guard let previous, let rating, let old = rank(previous), let new = rank(rating) else { return false }
        return new > old
    }

    /// The position of a rating on the scale, 0 = best.
    static func rank(_ rating: String) -> Int? {
        let scale = ["AAA", "AA+", "AA", "AA-", "A+", "A", "A-", "BBB+", "BBB", "BBB-", "BB+", "BB", "BB-",
                     "B+", "B", "B-", "CCC+", "CCC", "CCC-", "CC", "C", "D"]
        let moodys = ["AAA": "AAA", "AA1": "AA+", "AA2": "AA", "AA3": "AA-", "A1": "A+", "A2": "A", "A3": "A-",
                      "BAA1": "BBB+", "BAA2": "BBB", "BAA3": "BBB-", "BA1": "BB+", "BA2": "BB", "BA3": "BB-",
                      "B1": "B+", "B2": "B", "B3": "B-", "CAA1": "CCC+", "CAA2": "CCC", "CAA3": "CCC-", "CA": "CC", "C": "C"]
        let key = rating.uppercased().trimmingCharacters(in: .whitespaces)
        return scale.firstIndex(of: key) ?? moodys[key].flatMap { scale.firstIndex(of: $0) }
    }
}
