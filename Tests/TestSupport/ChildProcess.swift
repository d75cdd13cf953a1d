import Foundation
import Synchronization

/// A Credence executable started by a test as a separate process, with its output collected line by line.
public final class ChildProcess: Sendable {
    private let process: Process
    private let output = CapturedOutput()

    /// The folder holding the built executables: `$CREDENCE_BIN_DIR`, or the folder of this test binary.
    public static var binaryDirectory: URL {
        if let directory = ProcessInfo.processInfo.environment["CREDENCE_BIN_DIR"] {
            return URL(fileURLWithPath: directory)
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        // On Linux the test binary is `<bin>/CredencePackageTests.xctest`; on macOS it sits deeper in a bundle.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("credence").path), directory.path != "/" {
            directory = directory.deletingLastPathComponent()
        }
        return directory
    }

    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        process = Process()
        process.executableURL = Self.binaryDirectory.appendingPathComponent(executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let outputPipe = Pipe()
        let errorPipe = Pipe()
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        try process.run()
        // Plain threads doing blocking reads until end of file: no dispatch sources watching descriptors
        // that may be closed under them.
        let captured = self.output
        Self.drain(outputPipe.fileHandleForReading.fileDescriptor, name: "\(executable)-stdout") { captured.appendOutput($0) }
        Self.drain(errorPipe.fileHandleForReading.fileDescriptor, name: "\(executable)-stderr") { captured.appendError($0) }
    }

    private static func drain(_ pipeDescriptor: Int32, name: String, _ sink: @escaping @Sendable (String) -> Void) {
        // The thread owns its own descriptor, so the pipe going away cannot pull it from under the read.
        let descriptor = dup(pipeDescriptor)
        let thread = Thread {
            defer { close(descriptor) }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count > 0 {
                    sink(String(decoding: buffer[..<count], as: UTF8.self))
                } else if count == 0 || errno != EINTR {
                    return
                }
            }
        }
        thread.name = name
        thread.start()
    }

    public var outputLines: [String] { output.lines }
    public var standardError: String { output.errorText }
    public var isRunning: Bool { process.isRunning }
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Waits for an output line that satisfies `matches`, or nil after `timeout` or when the process ends.
    /// The output is looked at once more after the deadline: on a loaded machine this task may wake only after
    /// it, when the line has long been there.
    public func line(timeout: Duration = .seconds(60), where matches: (String) -> Bool) async -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = outputLines.first(where: matches) { return line }
            if !process.isRunning { break }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return outputLines.first(where: matches)
    }

    /// Waits for the first output line, or nil after `timeout`.
    public func firstLine(timeout: Duration = .seconds(60)) async -> String? {
        await line(timeout: timeout) { _ in true }
    }

    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the process to end and returns its exit status, or nil after `timeout` (then kills it).
    public func exitStatus(timeout: Duration = .seconds(30)) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// What a child wrote: complete stdout lines, and the tail of stderr.
private final class CapturedOutput: Sendable {
    private let state = Mutex<(lines: [String], partial: String, errors: String)>(([], "", ""))

    func appendOutput(_ chunk: String) {
        state.withLock { state in
            state.partial += chunk
            var parts = state.partial.components(separatedBy: "\n")
            state.partial = parts.removeLast()
            state.lines += parts
        }
    }

    func appendError(_ chunk: String) {
        state.withLock { state in
            state.errors += chunk
            if state.errors.count > 200_000 { state.errors = String(state.errors.suffix(100_000)) }
        }
    }

    var lines: [String] { state.withLock { $0.lines } }
    var errorText: String { state.withLock { $0.errors } }
}
