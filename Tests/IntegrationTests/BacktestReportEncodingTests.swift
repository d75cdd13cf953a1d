@testable import credence
import Foundation
import Testing

/// The report's JSON keeps the shape of DOMAIN.md §7 whatever is undefined, without a pipeline run.
@Suite("the backtest report's JSON")
struct BacktestReportEncodingTests {
    /// A buyer scoring never assessed, in a period without sales: every score and KPI is undefined.
    static let report = BacktestReport(
        asOf: "2013-06-30", currency: "USD", invoices: .init(count: 1, open: 1, settled: 0, paidLate: 0, disputed: 0),
        aging: ["current": 0, "1-30": 0, "31-60": 0, "61-90": 0, "90+": 5_000],
        kpis: .init(periodMonths: 3, dso: nil, countBackDso: nil, bestPossibleDso: nil, averageDaysDelinquent: nil, cei: nil, turnover: nil),
        buyers: [.init(buyerId: "B-1", exposure: 5_000, overdue: 5_000, paydex: nil, averageDaysBeyondTerms: nil, grade: nil,
                       class: nil, creditLimit: nil)],
        alerts: [:], dunning: [:], claims: [:], run: nil)

    @Test func undefinedScoresAndKPIsAreWrittenAsNull() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Self.report.json()) as? [String: Any])
        let buyer = try #require((object["buyers"] as? [[String: Any]])?.first)
        #expect(buyer["exposure"] as? Int64 == 5_000 && buyer["overdue"] as? Int64 == 5_000)
        for key in ["paydex", "averageDaysBeyondTerms", "grade", "class", "creditLimit", "probabilityOfDefault",
                    "probabilityOfDefaultGrade", "financialReasons"] {
            #expect(buyer[key] is NSNull, "buyers[0].\(key) is null")
        }
        let kpis = try #require(object["kpis"] as? [String: Any])
        #expect(kpis["periodMonths"] as? Int == 3)
        for key in ["dso", "countBackDso", "bestPossibleDso", "averageDaysDelinquent", "cei", "turnover"] {
            #expect(kpis[key] is NSNull, "kpis.\(key) is null")
        }
        for key in ["asOf", "currency", "invoices", "aging", "kpis", "buyers", "alerts", "dunning", "claims"] {
            #expect(object[key] != nil, "\(key) is written")
        }
    }

    /// A buyer with a statement gives its PD, the band's grade and the ratio reasons in words and numbers.
    @Test func aBuyerWithAStatementGivesItsProbabilityBandAndRatioReasons() throws {
        var report = Self.report
        let reason = "net profit / total assets −0.12 is in the worst 10 % of firms (−14 points)"
        report.buyers[0].probabilityOfDefault = 0.0108
        report.buyers[0].probabilityOfDefaultGrade = 5
        report.buyers[0].financialReasons = [reason]
        let object = try #require(try JSONSerialization.jsonObject(with: report.json()) as? [String: Any])
        let buyer = try #require((object["buyers"] as? [[String: Any]])?.first)
        #expect(buyer["probabilityOfDefault"] as? Double == 0.0108 && buyer["probabilityOfDefaultGrade"] as? Int == 5)
        #expect(buyer["financialReasons"] as? [String] == [reason])
        #expect(try JSONDecoder().decode(BacktestReport.self, from: report.json()) == report)
    }

    @Test func theJSONIsDeterministicAndReadsBackToTheSameReport() throws {
        let json = try Self.report.json()
        #expect(try Self.report.json() == json, "equal reports are equal bytes")
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.range(of: "\"averageDaysBeyondTerms\"")!.lowerBound < text.range(of: "\"buyerId\"")!.lowerBound, "keys sorted")
        #expect(try JSONDecoder().decode(BacktestReport.self, from: json) == Self.report)
        let older = try JSONDecoder().decode(BacktestReport.Buyer.self, from: Data(#"{"buyerId": "B-1", "exposure": 5000, "overdue": 5000}"#.utf8))
        #expect(older == Self.report.buyers[0], "a report written before nulls were written reads as undefined")
    }
}
