import Foundation
import TestSupport
import Testing

/// STYLE.md "Pure core, thin shell": the stage libraries (their rules and processors) see the runtime's record and
/// table types, never Kafka's. The package does not give them the Kafka module, and no source of theirs imports it —
/// SwiftPM would still let a transitive `import Kafka` compile, so the sources are checked too.
@Suite struct PureCoreTests {
    static let stageLibraries = ["Scoring": "Services/scoring", "Monitoring": "Services/monitoring",
                                 "Dunning": "Services/dunning", "Claims": "Services/claims"]

    @Test func theStageLibrariesDoNotDependOnKafka() throws {
        let manifest = try String(contentsOf: RepositoryFiles.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        for (target, _) in Self.stageLibraries {
            let declaration = try #require(manifest.firstMatch(of: try Regex(#"\.target\(name: "\#(target)", dependencies: \[([^\]]*)\]"#)),
                                           "no library target \(target) in Package.swift")
            let dependencies = String(declaration.output[1].substring ?? "")
            #expect(!dependencies.contains("\"Kafka\""), "\(target) depends on Kafka: \(dependencies)")
            #expect(dependencies.contains("\"Runtime\""))
        }
    }

    @Test func noSourceOfAStageLibraryImportsKafka() throws {
        let manager = FileManager.default
        var checked = 0
        for (_, folder) in Self.stageLibraries {
            let root = RepositoryFiles.root.appendingPathComponent(folder)
            let files = manager.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
            // The executables (App/) are the shell: they may wire Kafka; the library is the core.
            for file in files where file.pathExtension == "swift" && !file.path.contains("/App/") {
                let text = try String(contentsOf: file, encoding: .utf8)
                #expect(text.firstMatch(of: /(?m)^\s*(@\w+\s+)*(public |internal |private )?import (Kafka|CRdKafka)\b/) == nil,
                        "\(file.path) imports Kafka")
                checked += 1
            }
        }
        #expect(checked > 40, "only \(checked) sources found")
    }
}
