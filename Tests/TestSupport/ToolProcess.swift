import Foundation

/// What a program run to its end printed and how it ended.
public struct ToolRun: Sendable {
    public var status: Int32
    public var output: String
    public var errors: String
}

/// Runs a program that is not one of Credence's (kubectl, Python checkers, the browser driver) to its end.
/// The calling task waits for the exit without holding a thread of the cooperative pool, and the output goes to
/// files rather than pipes, so a program that prints more than a pipe holds cannot block on a reader.
public func runToEnd(_ executable: URL, _ arguments: [String], in directory: URL? = nil) async throws -> ToolRun {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("credence-tool-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outputFile = scratch.appendingPathComponent("stdout")
    let errorFile = scratch.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = try FileHandle(forWritingTo: outputFile)
    process.standardError = try FileHandle(forWritingTo: errorFile)
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
        process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
        do {
            try process.run()
        } catch {
            process.terminationHandler = nil
            continuation.resume(throwing: error)
        }
    }
    return ToolRun(
        status: status,
        output: (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "",
        errors: (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
    )
}
