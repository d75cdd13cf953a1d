import Foundation

/// The file where `credence broker` writes the embedded cluster's bootstrap address, and where every
/// stage and command looks for it when no bootstrap servers are given.
public enum BootstrapFile {
    /// The file when no flag names one: `Setting.bootstrapFile`'s variable, else its default (under the working directory).
    public static var defaultPath: String {
        let setting = Setting.bootstrapFile
        if let name = setting.environmentVariable, let path = ProcessInfo.processInfo.environment[name], !path.isEmpty { return path }
        return setting.defaultValue ?? ".credence/bootstrap"
    }

    /// Writes `servers` atomically, creating the folder.
    public static func write(_ servers: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data((servers + "\n").utf8).write(to: url, options: .atomic)
    }

    /// The address in the file, or nil when there is no such file.
    public static func read(from path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// Removes the file if it still holds `servers` (another broker may have replaced it since).
    public static func remove(_ servers: String, at path: String) {
        guard read(from: path) == servers else { return }
        try? FileManager.default.removeItem(atPath: path)
    }
}
