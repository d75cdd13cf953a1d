import Domain
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The four stage executables started as separate processes beside the running one (`credence`, `credence-bench`), each logging
/// to its own file, and stopped with SIGTERM (their drain, commit and group leave).
package final class StageProcesses: @unchecked Sendable {
    // @unchecked: `processes` is written only by `start` and `restart`, which the one command task calls
    // before and between its reads; Foundation's `Process` is thread-safe for `terminate` and `isRunning`.
    package private(set) var processes: [Stage: Process] = [:]
    package let logFolder: URL
    package let arguments: [String]

    /// Where `credence-<stage>` lives: beside this executable (the package's build folder).
    package static func executable(_ stage: Stage) -> URL { executable(named: "credence-\(stage.rawValue)") }

    /// An executable of the package beside this one.
    package static func executable(named name: String) -> URL {
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let here = Bundle.main.executableURL?.deletingLastPathComponent() ?? me.deletingLastPathComponent()
        return here.appendingPathComponent(name)
    }

    /// Processes that will run with `arguments` (bootstrap, clock, policy…) and log into `logFolder`.
    package init(arguments: [String], logFolder: URL) throws {
        self.arguments = arguments
        self.logFolder = logFolder
        try FileManager.default.createDirectory(at: logFolder, withIntermediateDirectories: true)
    }

    /// Starts every stage; a missing executable stops with a message saying how to build it.
    package func start(_ stages: [Stage] = Stage.allCases) throws {
        for stage in stages { try launch(stage) }
    }

    /// Starts one stage, appending to its log file.
    package func launch(_ stage: Stage) throws {
        let executable = Self.executable(stage)
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw IngestError("\(executable.path) is missing: build the package first (swift build)")
        }
        let log = logFolder.appendingPathComponent("\(stage.rawValue).log")
        if !FileManager.default.fileExists(atPath: log.path) { _ = FileManager.default.createFile(atPath: log.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments + ["--http-port", "0", "--http-host", "127.0.0.1"]
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        processes[stage] = process
    }

    /// Kills a stage with SIGKILL (a crash), waits for it to die, and starts it again.
    package func crashAndRestart(_ stage: Stage) throws {
        guard let process = processes[stage] else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try launch(stage)
    }

    /// The stages that exited on their own, with their exit status.
    package var exited: [(stage: Stage, status: Int32)] {
        processes.compactMap { stage, process in process.isRunning ? nil : (stage, process.terminationStatus) }
            .sorted { $0.stage.rawValue < $1.stage.rawValue }
    }

    /// SIGTERM to every stage, then waits for each; returns those that did not exit 0.
    @discardableResult
    package func stop() -> [(stage: Stage, status: Int32)] {
        for process in processes.values where process.isRunning { process.terminate() }
        var failed: [(stage: Stage, status: Int32)] = []
        for (stage, process) in processes.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            process.waitUntilExit()
            if process.terminationStatus != 0 { failed.append((stage, process.terminationStatus)) }
        }
        return failed
    }

    /// The last lines of a stage's log, for an error message.
    package func logTail(_ stage: Stage, lines: Int = 15) -> String {
        let text = (try? String(contentsOf: logFolder.appendingPathComponent("\(stage.rawValue).log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
}
