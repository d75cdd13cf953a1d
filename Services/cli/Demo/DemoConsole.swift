import Console
import HummingbirdBcrypt
import Foundation

#if canImport(Glibc)
import Glibc
import Pipeline
#endif

/// `credence-console` started beside the demo's stages, with a demo user (admin) whose password is made up at
/// start, written bcrypt-hashed to the users file and printed once.
final class DemoConsole: Sendable {
    let process: Process
    /// Where the pages are served, once the console said so.
    let url: String
    let user: String
    let password: String

    private init(process: Process, url: String, user: String, password: String) {
        self.process = process
        self.url = url
        self.user = user
        self.password = password
    }

    /// Starts the console on `port` (0: any free one) with `arguments` (bootstrap, clock, policy) and waits for
    /// the line that names its address.
    static func start(arguments: [String], port: Int, logFolder: URL) async throws -> DemoConsole {
        let executable = StageProcesses.executable(named: "credence-console")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw IngestError("\(executable.path) is missing: build the package first (swift build)")
        }
        try FileManager.default.createDirectory(at: logFolder, withIntermediateDirectories: true)
        let user = "demo"
        let password = SessionCodec.randomToken().prefix(16).replacingOccurrences(of: "-", with: "x").replacingOccurrences(of: "_", with: "y")
        let usersFile = logFolder.appendingPathComponent("console-users.json")
        try UserDirectory.write([UserDirectory.User(name: user, role: .admin, passwordHash: Bcrypt.hash(password, cost: 10))], to: usersFile.path)
        chmod(usersFile.path, 0o600)
        let log = logFolder.appendingPathComponent("console.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments + ["--http-port", "0", "--http-host", "127.0.0.1", "--set", "users=\(usersFile.path)",
                                         "--set", "web-port=\(port)"]
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, process.isRunning {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("credence-console started:") }),
               let range = line.range(of: "web ") {
                return DemoConsole(process: process, url: String(line[range.upperBound...]), user: user, password: password)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        if process.isRunning { process.terminate() }
        let tail = ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").suffix(10).joined(separator: "\n")
        throw IngestError("credence-console did not start:\n\(tail)")
    }

    /// SIGTERM, then waits; returns the exit status.
    func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
