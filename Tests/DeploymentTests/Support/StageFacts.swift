import Domain
import Foundation
import TestSupport
import Testing

/// What the deployment files must agree with about one stage, read from the stage's own source: its
/// executable, its default ops port (`Services/<stage>/App/main.swift`) and its input topics
/// (`inputTopics` of its processor).
struct StageFacts: Sendable, CustomTestStringConvertible {
    let stage: Stage

    static let all = Stage.allCases.map(StageFacts.init)

    var name: String { stage.rawValue }
    var executable: String { "credence-\(name)" }
    var consumerGroup: String { "credence-\(name)" }
    var testDescription: String { name }

    /// The port the stage's `StageMain.run(…, defaultHTTPPort:)` names.
    func defaultHTTPPort() throws -> Int {
        let source = try String(contentsOf: RepositoryFiles.root.appendingPathComponent("Services/\(name)/App/main.swift"), encoding: .utf8)
        guard let match = source.firstMatch(of: /defaultHTTPPort:\s*(\d+)/), let port = Int(match.output.1) else {
            throw SourceNotUnderstood(path: "Services/\(name)/App/main.swift", looking: "defaultHTTPPort:")
        }
        return port
    }

    /// The topics the stage's consumer group subscribes to.
    func inputTopics() throws -> Set<String> {
        let folder = RepositoryFiles.root.appendingPathComponent("Services/\(name)")
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { $0.hasSuffix("Processor.swift") }
        for file in files {
            let source = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            // `inputTopics = [TopicCatalog.a, …]` or `var inputTopics: [String] { [TopicCatalog.a, …] }`.
            guard let list = source.firstMatch(of: /inputTopics[^=\{]*[=\{]\s*\[([^\]]*)\]/) else { continue }
            let identifiers = list.output.1.matches(of: /TopicCatalog\.(\w+)/).map { String($0.output.1) }
            guard !identifiers.isEmpty else { continue }
            return Set(try identifiers.map { identifier in
                guard let topic = Self.catalogTopics[identifier] else {
                    throw SourceNotUnderstood(path: "Services/\(name)/\(file)", looking: "TopicCatalog.\(identifier) (add it to StageFacts.catalogTopics)")
                }
                return topic
            })
        }
        throw SourceNotUnderstood(path: "Services/\(name)/**/*Processor.swift", looking: "inputTopics")
    }

    /// The catalog's topic constants by identifier, so that the source's `TopicCatalog.erpInvoices` reads as a name.
    static let catalogTopics: [String: String] = [
        "erpInvoices": TopicCatalog.erpInvoices,
        "erpOrders": TopicCatalog.erpOrders,
        "buyerSignals": TopicCatalog.buyerSignals,
        "collectionsUpdates": TopicCatalog.collectionsUpdates,
        "creditAssessments": TopicCatalog.creditAssessments,
        "creditDecisions": TopicCatalog.creditDecisions,
        "receivablesPositions": TopicCatalog.receivablesPositions,
        "receivablesOverdue": TopicCatalog.receivablesOverdue,
        "dunningActions": TopicCatalog.dunningActions,
        "claimsEvents": TopicCatalog.claimsEvents,
        "alerts": TopicCatalog.alerts,
    ]
}

/// A source file no longer has the shape these tests read it by.
struct SourceNotUnderstood: Error, CustomStringConvertible {
    var path: String
    var looking: String
    var description: String { "\(path): cannot find \(looking)" }
}
