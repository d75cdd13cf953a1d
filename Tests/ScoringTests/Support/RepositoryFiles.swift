import Foundation
import Testing

/// Finds the repository and the shared data from this file's real location (tests also run from a
/// symlinked scratch package).
enum RepositoryFiles {
    /// The nearest ancestor folder holding both `Package.swift` and `Services/`.
    static let root: URL = {
        var folder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" {
            let manager = FileManager.default
            if manager.fileExists(atPath: folder.appendingPathComponent("Package.swift").path),
               manager.fileExists(atPath: folder.appendingPathComponent("Services").path) {
                return folder
            }
            folder.deleteLastPathComponent()
        }
        return folder
    }()

    /// The UCI Polish first-year file; a test that needs it fails (never skips) when it is absent.
    static func polishBankruptcyData() throws -> URL {
        let url = root.deletingLastPathComponent().appendingPathComponent("shared/data/polish-bankruptcy-1year.arff")
        try #require(FileManager.default.fileExists(atPath: url.path), "missing \(url.path)")
        return url
    }

    /// The published policy file.
    static var defaultPolicy: URL { root.appendingPathComponent("policy/default.json") }

    /// A scratch copy of the published policy file.
    static func scratchPolicy() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("credence-policy-\(UUID().uuidString).json")
        try FileManager.default.copyItem(at: defaultPolicy, to: url)
        return url
    }
}
