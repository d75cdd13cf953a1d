import Foundation
import TestSupport
import Testing

/// `credence backtest` on the IBM accounts-receivable history, checked against figures computed here
/// straight from the CSV, and against itself after a stage was killed mid-run.
@Suite("credence backtest of the IBM history", .serialized)
struct BacktestTests {
    static let asOf = "2013-06-30"

    @Test func theReportMatchesTheHistoryAndSurvivesACrashedStage() async throws {
        let csv = RepositoryFiles.sharedData("ibm-accounts-receivable.csv")
        try #require(FileManager.default.fileExists(atPath: csv.path), "missing \(csv.path)")
        let expected = try IndependentFigures(csv: csv, asOf: Self.asOf)

        let plain = try await backtest(csv, extra: [])
        let crashed = try await backtest(csv, extra: ["--crash", "monitoring"])

        #expect(plain["asOf"] as? String == Self.asOf)
        #expect(plain["currency"] as? String == "USD", "the mapping's currency is the policy's reporting currency")
        #expect(plain["claims"] is [String: Int], "claims is written even when no claim was made")

        let invoices = try #require(plain["invoices"] as? [String: Int])
        #expect(invoices["count"] == expected.count)
        #expect(invoices["open"] == expected.open)
        #expect(invoices["settled"] == expected.settled)
        #expect(invoices["paidLate"] == expected.paidLate)
        #expect(invoices["disputed"] == expected.disputed)

        let aging = try #require(plain["aging"] as? [String: Int64])
        #expect(aging == expected.aging)

        let kpis = try #require(plain["kpis"] as? [String: Any])
        #expect(kpis["periodMonths"] as? Int == 3)
        for (name, value) in expected.kpis {
            let reported = try #require(kpis[name] as? Double, "kpis.\(name)")
            #expect(abs(reported - value) < 0.006, "kpis.\(name): reported \(reported), computed \(value)")
        }

        let buyers = try #require(plain["buyers"] as? [[String: Any]])
        #expect(buyers.count == expected.buyers)
        let exposure = buyers.reduce(Int64(0)) { $0 + (($1["exposure"] as? Int64) ?? 0) }
        #expect(exposure == expected.aging.values.reduce(0, +), "the buyers' exposure adds up to the open receivables (no orders)")
        #expect(buyers.allSatisfy { ($0["paydex"] as? Int).map { (1...100).contains($0) } ?? false }, "every buyer has a PAYDEX")
        for buyer in buyers {
            let id = try #require(buyer["buyerId"] as? String)
            let keys = ["exposure", "overdue", "paydex", "averageDaysBeyondTerms", "grade", "class", "creditLimit"]
            #expect(keys.filter { buyer[$0] == nil }.isEmpty, "buyer \(id) has every member of DOMAIN.md §7, null where undefined")
            #expect(buyer["exposure"] as? Int64 == expected.exposure[id] ?? 0, "buyer \(id): exposure is its open invoices")
            #expect(buyer["overdue"] as? Int64 == expected.overdue[id] ?? 0, "buyer \(id): overdue is its open invoices past due")
            let grade = try #require(buyer["grade"] as? Int, "buyer \(id) is graded")
            let expectedClass = grade <= 4 ? "A" : grade <= 6 ? "B" : "C"
            #expect((1...10).contains(grade) && buyer["class"] as? String == expectedClass, "buyer \(id): class follows grade \(grade)")
            #expect(buyer["creditLimit"] as? Int64 == 0, "buyer \(id): no financial statement, so the policy's unrated limit")
            for key in ["probabilityOfDefault", "probabilityOfDefaultGrade", "financialReasons"] {
                #expect(buyer[key] is NSNull, "buyer \(id): no financial statement, so \(key) is null")
            }
            // Days beyond terms are averaged over settled invoices only: none settled is null, none settled late is 0.
            let daysBeyondTerms = buyer["averageDaysBeyondTerms"] as? Double
            let expectedDays = !expected.settledBuyers.contains(id) ? "null" : expected.paidLateBuyers.contains(id) ? "> 0" : "0"
            let reportedDays: String = daysBeyondTerms.map { $0 > 0 ? "> 0" : $0 == 0 ? "0" : "negative" } ?? "null"
            #expect(reportedDays == expectedDays, "buyer \(id): average days beyond terms \(String(describing: daysBeyondTerms))")
            // DOMAIN.md §3's figures at the end of the as-of day, recomputed from the CSV.
            #expect(buyer["paydex"] as? Int == expected.paydex[id], "buyer \(id): PAYDEX")
            if let computed = expected.averageDaysBeyondTerms[id] {
                #expect(abs((daysBeyondTerms ?? -1) - computed) < 0.006, "buyer \(id): average days beyond terms \(String(describing: daysBeyondTerms)), computed \(computed)")
            }
        }
        // The two buyers the issue names, by DOMAIN.md §3's formula.
        #expect(expected.paydex["1604-LIFKX"] == 68 && expected.paydex["4632-QZOKX"] == 74)

        let alerts = try #require(plain["alerts"] as? [String: Int])
        #expect(alerts["dispute.opened"] == expected.disputed, "one dispute.opened per disputed invoice")
        #expect(alerts["invoice.overdue"] == expected.overdueAlerts, "one invoice.overdue per threshold passed while open")
        let dunning = try #require(plain["dunning"] as? [String: Int])
        #expect(dunning.values.reduce(0, +) > 0 && dunning["1"] != nil, "late invoices got reminders")

        var plainReport = plain, crashedReport = crashed
        plainReport["run"] = nil
        crashedReport["run"] = nil
        #expect(NSDictionary(dictionary: plainReport).isEqual(to: crashedReport),
                "a monitoring stage killed with SIGKILL halfway and restarted leaves the report unchanged")
    }

    /// Runs the backtest as an operator would and returns the report as JSON.
    func backtest(_ csv: URL, extra: [String]) async throws -> [String: Any] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credence-backtest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let report = folder.appendingPathComponent("report.json")
        let process = try ChildProcess("credence", [
            "backtest", "--input", csv.path,
            "--mapping", RepositoryFiles.root.appendingPathComponent("ingest/ibm-accounts-receivable.mapping.json").path,
            "--as-of", Self.asOf, "--report", report.path, "--policy", RepositoryFiles.defaultPolicy.path,
            "--partitions", "4", "--log-folder", folder.appendingPathComponent("logs").path,
        ] + extra)
        let status = await process.exitStatus(timeout: .seconds(900))
        try #require(status == 0, "backtest failed: \(process.outputLines.suffix(10)) \(process.standardError.suffix(3_000))")
        #expect(process.outputLines.contains { $0.contains("waiting for the stages") }, "it prints progress")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: report))
        return try #require(object as? [String: Any])
    }
}

/// The report's figures computed directly from the CSV, without any Credence code: DOMAIN.md §1 and §4.
struct IndependentFigures {
    var count = 0, open = 0, settled = 0, paidLate = 0, disputed = 0, buyers = 0, overdueAlerts = 0
    var aging: [String: Int64] = ["current": 0, "1-30": 0, "31-60": 0, "61-90": 0, "90+": 0]
    /// Per buyer: open invoices at the end of the as-of day, and those of them past due.
    var exposure: [String: Int64] = [:], overdue: [String: Int64] = [:]
    /// Buyers that settled an invoice by the as-of day, and those that settled one after its due date.
    var settledBuyers: Set<String> = [], paidLateBuyers: Set<String> = []
    var kpis: [String: Double] = [:]
    /// Per buyer, DOMAIN.md §3: PAYDEX over the invoices settled in the 24 months to the as-of day plus the open
    /// ones past due (at their days past due), and the amount-weighted mean of max(0, DBT) over the settled ones.
    var paydex: [String: Int] = [:], averageDaysBeyondTerms: [String: Double] = [:]

    /// DOMAIN.md §3's points by days beyond terms: linear between these, flat beyond the ends.
    static func points(daysBeyondTerms: Int) -> Double {
        let table: [(Double, Double)] = [(-30, 100), (-20, 90), (0, 80), (15, 70), (22, 60), (30, 50), (60, 40), (90, 30),
                                         (120, 20), (180, 1)]
        let days = Double(daysBeyondTerms)
        if days <= table[0].0 { return table[0].1 }
        for (lower, upper) in zip(table, table.dropFirst()) where days <= upper.0 {
            return lower.1 + (days - lower.0) / (upper.0 - lower.0) * (upper.1 - lower.1)
        }
        return table[table.count - 1].1
    }

    init(csv: URL, asOf asOfText: String) throws {
        let lines = try String(contentsOf: csv, encoding: .utf8).split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ",").map(String.init)
        func column(_ name: String) -> Int { header.firstIndex(of: name)! }
        let (buyer, issueColumn, dueColumn, amountColumn, disputedColumn, settledColumn) =
            (column("customerID"), column("InvoiceDate"), column("DueDate"), column("InvoiceAmount"), column("Disputed"), column("SettledDate"))
        let asOf = Self.day(asOfText, iso: true)
        let periodStart = Self.day("2013-04-01", iso: true)
        let months: [(start: Int, days: Int)] = [(Self.day("2013-04-01", iso: true), 30), (Self.day("2013-05-01", iso: true), 31),
                                                 (Self.day("2013-06-01", iso: true), 30)]
        var sales = [Int64](repeating: 0, count: 3)
        var beginning: Int64 = 0, ending: Int64 = 0, current: Int64 = 0
        var buyerIds: Set<Substring> = []
        var weightedPoints: [String: (points: Double, weight: Double)] = [:]
        var weightedDays: [String: (days: Double, weight: Double)] = [:]
        let lookbackStart = Self.day("2011-06-30", iso: true)
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            let issue = Self.day(cells[issueColumn]), due = Self.day(cells[dueColumn]), settled = Self.day(cells[settledColumn])
            let amount = Int64((Double(cells[amountColumn])! * 100).rounded())
            guard issue <= asOf else { continue }
            buyerIds.insert(cells[buyer])
            count += 1
            if settled <= asOf {
                self.settled += 1
                settledBuyers.insert(String(cells[buyer]))
                if settled > due {
                    paidLate += 1
                    paidLateBuyers.insert(String(cells[buyer]))
                }
            } else {
                open += 1
            }
            if cells[disputedColumn] == "Yes", due <= asOf { disputed += 1 }
            // Open at the end of a day D: issued by D and settled after D.
            func isOpen(atEndOf day: Int) -> Bool { issue <= day && settled > day }
            for threshold in [1, 15, 31, 61, 91] where isOpen(atEndOf: due + threshold) && due + threshold <= asOf {
                overdueAlerts += 1
            }
            if isOpen(atEndOf: periodStart - 1) { beginning += amount }
            if isOpen(atEndOf: asOf) {
                ending += amount
                let daysPastDue = asOf - due
                let bucket = daysPastDue <= 0 ? "current" : daysPastDue <= 30 ? "1-30" : daysPastDue <= 60 ? "31-60" : daysPastDue <= 90 ? "61-90" : "90+"
                aging[bucket]! += amount
                exposure[String(cells[buyer]), default: 0] += amount
                if daysPastDue > 0 { overdue[String(cells[buyer]), default: 0] += amount }
                if daysPastDue <= 0 { current += amount }
            }
            if issue >= periodStart, let month = months.lastIndex(where: { $0.start <= issue }) { sales[month] += amount }
            let id = String(cells[buyer]), weight = Double(amount)
            if settled <= asOf, settled > lookbackStart {
                weightedPoints[id, default: (0, 0)].points += Self.points(daysBeyondTerms: settled - due) * weight
                weightedPoints[id, default: (0, 0)].weight += weight
                weightedDays[id, default: (0, 0)].days += Double(max(0, settled - due)) * weight
                weightedDays[id, default: (0, 0)].weight += weight
            } else if isOpen(atEndOf: asOf), asOf > due {
                weightedPoints[id, default: (0, 0)].points += Self.points(daysBeyondTerms: asOf - due) * weight
                weightedPoints[id, default: (0, 0)].weight += weight
            }
        }
        for (id, sum) in weightedPoints where sum.weight > 0 {
            paydex[id] = Int((sum.points / sum.weight).rounded(.toNearestOrAwayFromZero))
        }
        for (id, sum) in weightedDays where sum.weight > 0 { averageDaysBeyondTerms[id] = sum.days / sum.weight }
        buyers = buyerIds.count
        let totalSales = Double(sales.reduce(0, +)), days = 91.0
        let dso = Double(ending) / totalSales * days
        let best = Double(current) / totalSales * days
        var remaining = Double(ending), countBack = 0.0
        for month in (0..<3).reversed() {
            let monthSales = Double(sales[month])
            if remaining > monthSales {
                remaining -= monthSales
                countBack += Double(months[month].days)
            } else {
                countBack += remaining / monthSales * Double(months[month].days)
                break
            }
        }
        kpis = [
            "dso": dso, "bestPossibleDso": best, "averageDaysDelinquent": dso - best, "countBackDso": countBack,
            "cei": (Double(beginning) + totalSales - Double(ending)) / (Double(beginning) + totalSales - Double(current)) * 100,
            "turnover": totalSales / ((Double(beginning) + Double(ending)) / 2),
        ]
    }

    /// Days since 1970-01-01 of `M/D/YYYY` (or `YYYY-MM-DD` when `iso`).
    static func day(_ text: some StringProtocol, iso: Bool = false) -> Int {
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == "-" }).map { Int($0)! }
        let (year, month, day) = iso ? (parts[0], parts[1], parts[2]) : (parts[2], parts[0], parts[1])
        // Days from civil (proleptic Gregorian), after H. Hinnant's algorithm.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
