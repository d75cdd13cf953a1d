import Foundation
import TestSupport
import Testing

extension RepositoryFiles {
    /// The UCI Polish first-year file; a test that needs it fails (never skips) when it is absent.
    static func polishBankruptcyData() throws -> URL {
        let url = sharedData("polish-bankruptcy-1year.arff")
        try #require(FileManager.default.fileExists(atPath: url.path), "missing \(url.path)")
        return url
    }

    /// A scratch copy of the published policy file.
    static func scratchPolicy() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("credence-policy-\(UUID().uuidString).json")
        try FileManager.default.copyItem(at: defaultPolicy, to: url)
        return url
    }
}
