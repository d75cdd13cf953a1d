import Domain
import Foundation
import TestSupport
import Testing

/// deploy/README.md is the operator's runbook: every code a stage can park a record with has its row (what it
/// means, who fixes it, how to re-drive it), and every alert of the shipped rules says what to do.
@Suite struct DeadLetterRunbookTests {
    static let readme = RepositoryFiles.root.appendingPathComponent("deploy/README.md")

    @Test func everyDeadLetterCodeHasARunbookRowNamingWhoFixesItAndHowToReDriveIt() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| `") }
        for code in EventRejection.Code.allCases {
            let row = rows.first { $0.hasPrefix("| `\(code.rawValue)` |") }
            #expect(row != nil, "no runbook row for \(code.rawValue)")
            guard let row else { continue }
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(cells.count == 4 && cells.allSatisfy { !$0.isEmpty }, "\(code.rawValue): code, meaning, who fixes it, how to re-drive: \(row)")
        }
    }

    @Test func everyShippedAlertSaysWhatToDo() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let rules = try String(contentsOf: PrometheusRulesTests.rules, encoding: .utf8)
        let alerts = rules.matches(of: /- alert: (\w+)/).map { String($0.output.1) }
        #expect(alerts.count == 4)
        for alert in alerts {
            #expect(text.contains("| `\(alert)` ("), "deploy/README.md has no row for \(alert)")
        }
    }
}
