import Foundation
import TestSupport

/// YAML read through PyYAML in the checkers' environment (Swift has no YAML parser among the package's
/// dependencies); anchors and `<<` merge keys come out resolved, as Compose and Kubernetes see them.
enum YAMLDocuments {
    private static let toJSON = """
        import json, sys, yaml
        json.dump([list(yaml.safe_load_all(open(path, encoding="utf-8"))) for path in sys.argv[1:]], sys.stdout)
        """

    /// Every document of each file, in order.
    static func load(_ files: [URL]) async throws -> [[JSONValue]] {
        let run = try await ExternalTool.python.run(["-c", toJSON] + files.map(\.path))
        guard run.status == 0 else { throw ToolFailed(command: "YAML to JSON of \(files.map(\.lastPathComponent))", run: run) }
        return try JSONDecoder().decode([[JSONValue]].self, from: Data(run.output.utf8))
    }

    /// The documents of one file.
    static func load(_ file: URL) async throws -> [JSONValue] {
        try await load([file]).first ?? []
    }

    /// The documents of YAML text, written to a scratch file first.
    static func load(text: String) async throws -> [JSONValue] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("credence-\(UUID().uuidString).yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try await load(file)
    }
}

/// A tool that ran and failed; the message carries what it printed.
struct ToolFailed: Error, CustomStringConvertible {
    var command: String
    var run: ToolRun
    var description: String { "\(command) exited \(run.status):\n\(run.output)\n\(run.errors)" }
}
