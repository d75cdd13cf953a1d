/// An industry's risk level.
public enum IndustryRisk: String, DomainEnumeration {
    case low
    case medium
    case high
    case veryHigh
}

/// Country and industry risk tables, and the component points each level earns.
public struct RiskTables: Sendable, Hashable, Codable {
    /// Country risk by ISO 3166-1 alpha-2 code: 1 low, 2 medium, 3 sensitive, 4 high.
    public var countryRisk: [String: Int]
    /// The level of a country missing from the table.
    public var defaultCountryRisk: Int
    /// Industry risk by industry code (NACE Rev. 2 sections by default).
    public var industryRisk: [String: IndustryRisk]
    /// The level of an industry missing from the table.
    public var defaultIndustryRisk: IndustryRisk
    /// Component points (0–100) of country levels 1, 2, 3, 4.
    public var countryPoints: [Double]
    /// Component points (0–100) of each industry level.
    public var industryPoints: IndustryPoints
    /// The country's share of the country-and-industry component (the industry has the rest).
    public var countryShare: Double

    public init(countryRisk: [String: Int], defaultCountryRisk: Int, industryRisk: [String: IndustryRisk],
                defaultIndustryRisk: IndustryRisk, countryPoints: [Double], industryPoints: IndustryPoints,
                countryShare: Double) {
        self.countryRisk = countryRisk
        self.defaultCountryRisk = defaultCountryRisk
        self.industryRisk = industryRisk
        self.defaultIndustryRisk = defaultIndustryRisk
        self.countryPoints = countryPoints
        self.industryPoints = industryPoints
        self.countryShare = countryShare
    }

    /// The risk level (1–4) of a country code.
    public func countryLevel(_ country: String) -> Int { countryRisk[country] ?? defaultCountryRisk }

    /// The risk level of an industry code.
    public func industryLevel(_ industry: String) -> IndustryRisk { industryRisk[industry] ?? defaultIndustryRisk }
}

/// Component points (0–100) earned by each industry risk level.
public struct IndustryPoints: Sendable, Hashable, Codable {
    public var low: Double
    public var medium: Double
    public var high: Double
    public var veryHigh: Double

    public init(low: Double, medium: Double, high: Double, veryHigh: Double) {
        self.low = low
        self.medium = medium
        self.high = high
        self.veryHigh = veryHigh
    }

    /// The points of one level.
    public subscript(level: IndustryRisk) -> Double {
        switch level {
        case .low: low
        case .medium: medium
        case .high: high
        case .veryHigh: veryHigh
        }
    }
}

/// Points the events component (0–100) loses per external event, and how long an event counts.
public struct EventPenalties: Sendable, Hashable, Codable {
    public var litigation: Double
    public var ownershipChange: Double
    public var ratingDowngrade: Double
    /// Events older than this many days no longer cost points.
    public var memoryDays: Int

    public init(litigation: Double, ownershipChange: Double, ratingDowngrade: Double, memoryDays: Int) {
        self.litigation = litigation
        self.ownershipChange = ownershipChange
        self.ratingDowngrade = ratingDowngrade
        self.memoryDays = memoryDays
    }
}
