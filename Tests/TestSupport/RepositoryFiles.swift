import Foundation

/// Finds the repository and the shared data beside it from this file's real location (tests also run
/// from a symlinked scratch package).
public enum RepositoryFiles {
    /// The nearest ancestor folder holding both `Package.swift` and `Services/`.
    public static let root: URL = {
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

    /// A file of `../shared/data` beside the repository (it may be absent: check before use).
    public static func sharedData(_ name: String) -> URL {
        root.deletingLastPathComponent().appendingPathComponent("shared/data/\(name)")
    }

    /// The published policy file.
    public static var defaultPolicy: URL { root.appendingPathComponent("policy/default.json") }
}
