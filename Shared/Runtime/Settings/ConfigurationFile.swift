import Foundation

/// The optional JSON configuration file (`--config`): one member per setting, under the setting's file key — a string
/// or number, or for a `pairs` setting an object of them. A key the table does not declare is refused.
struct ConfigurationFile: Sendable {
    /// The values of single-valued settings, by file key, as text.
    var values: [String: String] = [:]
    /// The entries of `pairs` settings, by file key.
    var tables: [String: [String: String]] = [:]

    /// Reads `path`, checking each member against `settings`.
    static func read(_ path: String, settings: [Setting]) throws(RuntimeError) -> ConfigurationFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuntimeError.configuration("configuration file \(path) cannot be read")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data), let root = object as? [String: Any] else {
            throw RuntimeError.configuration("configuration file \(path) is not a JSON object")
        }
        let byKey = Dictionary(uniqueKeysWithValues: settings.compactMap { setting in setting.fileKey.map { ($0, setting) } })
        var file = ConfigurationFile()
        for (key, value) in root {
            guard let setting = byKey[key] else {
                throw RuntimeError.configuration(
                    "configuration file \(path): unknown key '\(key)'; the keys are \(byKey.keys.sorted().joined(separator: ", "))")
            }
            if setting.kind == .pairs {
                guard let table = value as? [String: Any] else {
                    throw RuntimeError.configuration("\(path): '\(key)' must be an object of strings")
                }
                for (name, entry) in table {
                    guard let text = Self.text(entry) else { throw RuntimeError.configuration("\(path): '\(key).\(name)' must be a string") }
                    file.tables[key, default: [:]][name] = text
                }
            } else {
                guard let text = Self.text(value) else {
                    throw RuntimeError.configuration("\(path): '\(key)' must be a string or a number")
                }
                file.values[key] = text
            }
        }
        return file
    }

    private static func text(_ value: Any) -> String? {
        value as? String ?? (value as? NSNumber)?.stringValue
    }
}
