import Foundation

/// Finds the repository's files from this source file's real location, so that tests work both in
/// the repository and through a symlinked scratch package.
enum RepositoryRoot {
    /// The nearest ancestor folder holding both `Package.swift` and `contracts/`.
    static let url: URL = {
        let manager = FileManager.default
        var folder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" {
            if manager.fileExists(atPath: folder.appendingPathComponent("Package.swift").path),
               manager.fileExists(atPath: folder.appendingPathComponent("contracts").path) {
                return folder
            }
            folder.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()

    static func file(_ relativePath: String) -> URL {
        url.appendingPathComponent(relativePath)
    }
}
