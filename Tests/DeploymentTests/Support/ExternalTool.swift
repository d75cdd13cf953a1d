import Foundation
import TestSupport

/// A checker the deployment tests run as a separate process: kubectl, the pinned Python tools, gzip.
/// A missing tool fails the test with what to run, never skips it.
struct ExternalTool: Sendable {
    /// The pinned checkers' virtual environment that scripts/install-dependencies makes.
    static let checkersFolder: URL = {
        let environment = ProcessInfo.processInfo.environment
        let cache = environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".cache")
        return cache.appendingPathComponent("credence/deploy-tools")
    }()

    static let kubectl = ExternalTool(name: "kubectl", candidates: searchPath("kubectl"))
    static let gzip = ExternalTool(name: "gzip", candidates: searchPath("gzip"))
    static let promtool = ExternalTool(name: "promtool", candidates: searchPath("promtool"))
    static let python = ExternalTool(name: "python (deploy-tools)", candidates: [checkersFolder.appendingPathComponent("bin/python")])
    static let checkJSONSchema = ExternalTool(name: "check-jsonschema", candidates: [checkersFolder.appendingPathComponent("bin/check-jsonschema")])
    static let kubernetesValidate = ExternalTool(name: "kubernetes-validate", candidates: [checkersFolder.appendingPathComponent("bin/kubernetes-validate")])

    let name: String
    let candidates: [URL]

    /// Runs the tool to its end in `directory` (the repository by default).
    func run(_ arguments: [String], in directory: URL = RepositoryFiles.root) async throws -> ToolRun {
        guard let executable = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw ToolMissing(name: name, looked: candidates.map(\.path))
        }
        return try await runToEnd(executable, arguments, in: directory)
    }

    private static func searchPath(_ name: String) -> [URL] {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return (path.split(separator: ":").map(String.init) + ["/usr/bin", "/bin"])
            .map { URL(fileURLWithPath: $0).appendingPathComponent(name) }
    }
}

/// A checker that is not installed: scripts/install-dependencies installs it.
struct ToolMissing: Error, CustomStringConvertible {
    var name: String
    var looked: [String]
    var description: String {
        "\(name) is not installed (looked at \(looked.prefix(3).joined(separator: ", "))…): run scripts/install-dependencies"
    }
}
