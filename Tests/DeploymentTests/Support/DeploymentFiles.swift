import Foundation
import Testing
import TestSupport

/// The deployment files of the repository, read as the tools that consume them read them.
enum DeploymentFiles {
    static let dockerfile = RepositoryFiles.root.appendingPathComponent("deploy/Dockerfile")
    static let compose = RepositoryFiles.root.appendingPathComponent("docker-compose.yml")
    static let kustomization = RepositoryFiles.root.appendingPathComponent("deploy/k8s")

    /// `kubectl kustomize deploy/k8s`: the YAML text and its documents, rendered once for every test.
    static let kubernetes = Task { () throws -> RenderedManifests in
        let run = try await ExternalTool.kubectl.run(["kustomize", kustomization.path])
        guard run.status == 0 else { throw ToolFailed(command: "kubectl kustomize deploy/k8s", run: run) }
        return RenderedManifests(yaml: run.output, documents: try await YAMLDocuments.load(text: run.output))
    }

    /// docker-compose.yml with its anchors and merge keys resolved.
    static func composeFile() async throws -> JSONValue {
        try #require(try await YAMLDocuments.load(compose).first)
    }
}

/// The rendered Kubernetes objects.
struct RenderedManifests: Sendable {
    var yaml: String
    var documents: [JSONValue]

    func objects(kind: String) -> [JSONValue] {
        documents.filter { $0["kind"]?.text == kind }
    }

    func object(kind: String, name: String) -> JSONValue? {
        objects(kind: kind).first { $0["metadata"]?["name"]?.text == name }
    }

    /// Every container of every workload's pod template, with the workload it belongs to.
    var containers: [(workload: String, container: JSONValue)] {
        documents.flatMap { document -> [(workload: String, container: JSONValue)] in
            guard let pod = Self.podSpec(of: document) else { return [] }
            let workload = "\(document["kind"]?.text ?? "?")/\(document["metadata"]?["name"]?.text ?? "?")"
            return (pod["initContainers"]?.elements ?? []).map { (workload, $0) } + (pod["containers"]?.elements ?? []).map { (workload, $0) }
        }
    }

    /// The pod spec of a workload (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod), or nil.
    static func podSpec(of document: JSONValue) -> JSONValue? {
        switch document["kind"]?.text {
        case "Pod": document["spec"]
        case "CronJob": document["spec"]?["jobTemplate"]?["spec"]?["template"]?["spec"]
        case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job": document["spec"]?["template"]?["spec"]
        default: nil
        }
    }
}

/// The Dockerfile's instructions, continuation lines joined and comments dropped.
struct Dockerfile {
    var instructions: [(keyword: String, arguments: String)]

    init(contentsOf url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        var logical: [String] = []
        var current = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if current.isEmpty && (trimmed.isEmpty || trimmed.hasPrefix("#")) { continue }
            if trimmed.hasPrefix("#") { continue }
            if trimmed.hasSuffix("\\") {
                current += trimmed.dropLast() + " "
            } else {
                logical.append(current + trimmed)
                current = ""
            }
        }
        instructions = logical.map { line in
            let parts = line.split(separator: " ", maxSplits: 1)
            return (String(parts[0]).uppercased(), parts.count > 1 ? String(parts[1]) : "")
        }
    }

    /// The instructions of the last stage: what the shipped image is made of.
    var finalStage: [(keyword: String, arguments: String)] {
        let start = instructions.lastIndex { $0.keyword == "FROM" } ?? 0
        return Array(instructions[start...])
    }

    /// The variables `ENV` sets (`ENV NAME=value …` or the old `ENV NAME value`), in every stage.
    var environmentVariables: [String] {
        instructions.filter { $0.keyword == "ENV" }.flatMap { instruction -> [String] in
            if instruction.arguments.contains("=") {
                return instruction.arguments.matches(of: /(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=/).map { String($0.output.1) }
            }
            return [String(instruction.arguments.split(separator: " ").first ?? "")]
        }
    }
}
