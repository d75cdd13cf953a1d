import Foundation
import Runtime
import TestSupport

/// The environment variables the Credence executables read, taken from the settings table and their source rather
/// than from a list kept by hand: a variable a deployment file sets that no code reads is a setting silently lost.
enum ServiceEnvironment {
    /// The stages' own variables: every variable the settings table declares for them.
    static func stageVariables() throws -> Set<String> {
        Set(Setting.stage.compactMap(\.environmentVariable))
    }

    /// The operator CLI's variables: those of the table's cluster settings, and its own `"CREDENCE_…"` literals.
    static func commandLineVariables() throws -> Set<String> {
        let cli = try FileManager.default.subpathsOfDirectory(atPath: RepositoryFiles.root.appendingPathComponent("Services/cli").path)
            .filter { $0.hasSuffix(".swift") }
            .map { "Services/cli/\($0)" }
        return try literals(in: cli).union(Setting.cluster.compactMap(\.environmentVariable))
    }

    /// Variables the C library reads in every process of the image (glibc's malloc tunables), whatever runs.
    static let cLibraryVariables: Set<String> = ["MALLOC_ARENA_MAX"]

    /// The variables of an executable of the image, or nil for one that is not a Credence executable.
    static func variables(of executable: String) throws -> Set<String>? {
        if executable == "credence" { return try commandLineVariables() }
        if StageFacts.all.contains(where: { $0.executable == executable }) { return try stageVariables() }
        return nil
    }

    /// Whether every Credence executable passes `KAFKA_NAME` through as a librdkafka property, as the settings table
    /// declares (read here so that a change to it fails these tests instead of the deployments).
    static func executablesPassKafkaVariablesThrough() -> Bool {
        Setting.kafka.environment == .prefix("KAFKA_") && Setting.stage.contains(.kafka) && Setting.cluster.contains(.kafka)
    }

    /// The librdkafka property a `KAFKA_…` variable sets, by the table's rule, or nil for another variable.
    static func kafkaProperty(_ variable: String) -> String? {
        Setting.kafka.pair(fromEnvironmentVariable: variable)
    }

    /// Every property librdkafka documents (global and topic tables of its CONFIGURATION.md), read once.
    static func librdkafkaProperties() async throws -> Set<String> {
        try await documentedProperties.value
    }

    private static let documentedProperties = Task { () throws -> Set<String> in
        let manual = "/usr/share/doc/librdkafka-dev/CONFIGURATION.md.gz"
        guard FileManager.default.fileExists(atPath: manual) else {
            throw ToolMissing(name: "librdkafka's \(manual)", looked: [manual])
        }
        let run = try await ExternalTool.gzip.run(["-dc", manual])
        guard run.status == 0 else { throw ToolFailed(command: "gzip -dc \(manual)", run: run) }
        let row = /^([a-z0-9][a-z0-9._]*)\s+\|\s+[*CP]\s+\|/.anchorsMatchLineEndings()
        return Set(run.output.matches(of: row).map { String($0.output.1) })
    }

    private static func literals(in paths: [String]) throws -> Set<String> {
        var names: Set<String> = []
        for path in paths {
            let source = try String(contentsOf: RepositoryFiles.root.appendingPathComponent(path), encoding: .utf8)
            names.formUnion(source.matches(of: /"(CREDENCE_[A-Z0-9_]+)"/).map { String($0.output.1) })
        }
        return names
    }
}
