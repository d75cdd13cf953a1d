import Foundation

/// Every number Credence decides with, read from a versioned policy file (`policy/default.json`).
/// Rules take their parameters from here; no default of DOMAIN.md is a constant in code.
public struct Policy: Sendable, Hashable, Codable {
    /// The policy file version this build reads.
    public static let supportedVersion = 1

    /// The file format version; a file of another version is refused.
    public var version: Int
    /// The currency sums, limits and minimum amounts are expressed in.
    public var reportingCurrency: Currency
    public var scoring: ScoringPolicy
    public var monitoring: MonitoringPolicy
    public var dunning: DunningPolicy
    public var claims: ClaimsPolicy
    /// Units of the reporting currency per one major unit of each other currency the seller invoices in, by ISO
    /// code (`{"EUR": "1.08"}`): how sums, limits, minimum amounts and the fixed compensation cross currencies.
    /// Absent or empty, amounts in other currencies are never converted (the rules that need it say so).
    public var exchangeRates: [String: DecimalFactor]?
    /// The IANA time zone whose midnight ends a business day (DOMAIN.md §1); absent: UTC.
    public var timeZone: String?

    public init(version: Int, reportingCurrency: Currency, scoring: ScoringPolicy, monitoring: MonitoringPolicy,
                dunning: DunningPolicy, claims: ClaimsPolicy, exchangeRates: [String: DecimalFactor]? = nil,
                timeZone: String? = nil) {
        self.version = version
        self.reportingCurrency = reportingCurrency
        self.scoring = scoring
        self.monitoring = monitoring
        self.dunning = dunning
        self.claims = claims
        self.exchangeRates = exchangeRates
        self.timeZone = timeZone
    }

    /// The time zone business days end in (UTC when the policy names none; `validate` refuses an unknown name).
    public var businessTimeZone: TimeZone {
        timeZone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC")!
    }

    /// The business day `instant` falls on: its calendar date in the policy's time zone.
    public func businessDay(of instant: Timestamp) -> CalendarDate {
        timeZone == nil || timeZone == "UTC" ? instant.calendarDate : instant.calendarDate(in: businessTimeZone)
    }

    /// The policy's rates as the FX table every stage converts with.
    public var fxTable: FXTable {
        var table = FXTable(reportingCurrency: reportingCurrency)
        table.rates = exchangeRates ?? [:]
        return table
    }

    /// Reads and validates a policy file.
    public static func load(from url: URL) throws(PolicyError) -> Policy {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw PolicyError(path: "", message: "cannot read \(url.path): \(error.localizedDescription)")
        }
        return try decode(data)
    }

    /// Decodes and validates a policy document; the error names the JSON path of the offending field.
    public static func decode(_ data: Data) throws(PolicyError) -> Policy {
        struct VersionOnly: Decodable { var version: Int }
        let decoder = JSONDecoder()
        let version = try mapErrors { try decoder.decode(VersionOnly.self, from: data).version }
        guard version == supportedVersion else {
            throw PolicyError(path: "version",
                              message: "unsupported policy version \(version); this reader knows \(supportedVersion)")
        }
        let policy = try mapErrors { try decoder.decode(Policy.self, from: data) }
        try policy.validate()
        return policy
    }

    private static func mapErrors<T>(_ body: () throws -> T) throws(PolicyError) -> T {
        do {
            return try body()
        } catch let error as DecodingError {
            if let rejection = DecodingErrorMapping.rejection(for: error) {
                throw PolicyError(path: rejection.field, message: rejection.message)
            }
            throw PolicyError(path: "", message: "policy file is not well-formed JSON")
        } catch {
            throw PolicyError(path: "", message: "\(error)")
        }
    }
}

/// Why a policy file was refused: the JSON path of the offending field and what is wrong with it.
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// E.g. `scoring.weights.financialStrength` or `dunning.levels[2].fromDaysPastDue`.
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
