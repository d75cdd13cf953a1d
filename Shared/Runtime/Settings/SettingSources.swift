import Domain
import Foundation

/// Where settings are looked up, first to last: the command line, the environment, the configuration file. Each
/// typed read checks the value against the setting's kind and names the setting and its sources when it is wrong.
public struct SettingSources: Sendable {
    /// The values given on the command line, by flag, in the order given.
    let flags: [String: [String]]
    let environment: [String: String]
    let file: ConfigurationFile

    /// The sources of a process: its command line (flag → values), its environment and, when `settings` include
    /// `Setting.config` and `--config` or `CREDENCE_CONFIG` names one, the configuration file, checked against them.
    public init(flags: [String: [String]], environment: [String: String], settings: [Setting]) throws(RuntimeError) {
        self.flags = flags
        self.environment = environment
        let path = !settings.contains(.config) ? nil
            : flags[Setting.config.flag]?.last ?? environment[Setting.config.environmentVariable ?? ""].flatMap { $0.isEmpty ? nil : $0 }
        file = try path.map { path throws(RuntimeError) in try ConfigurationFile.read(path, settings: settings) } ?? ConfigurationFile()
    }

    /// The value as given — the last flag, else a non-empty variable, else the file — or nil.
    public func text(_ setting: Setting) -> String? {
        if let value = flags[setting.flag]?.last { return value }
        if let name = setting.environmentVariable, let value = environment[name], !value.isEmpty { return value }
        if let key = setting.fileKey, let value = file.values[key] { return value }
        return nil
    }

    /// The value, or the setting's declared default.
    public func textOrDefault(_ setting: Setting) -> String? {
        text(setting) ?? setting.defaultValue
    }

    /// An `integer` setting within its range, or nil when not given.
    public func integer(_ setting: Setting) throws(RuntimeError) -> Int? {
        guard let text = text(setting) else { return nil }
        guard case .integer(let range) = setting.kind, let value = Int(text), range.contains(value) else {
            let range = if case .integer(let range) = setting.kind { " in \(range.lowerBound)...\(range.upperBound)" } else { "" }
            throw RuntimeError.configuration("\(setting.sources) must be an integer\(range), got '\(text)'")
        }
        return value
    }

    /// An `integer` setting, or its declared default.
    public func integerOrDefault(_ setting: Setting) throws(RuntimeError) -> Int {
        if let value = try integer(setting) { return value }
        guard let text = setting.defaultValue, let value = Int(text) else {
            preconditionFailure("\(setting.dashedFlag) declares no integer default")
        }
        return value
    }

    /// A `number` setting, or its declared default, or nil.
    public func number(_ setting: Setting) throws(RuntimeError) -> Double? {
        guard let text = text(setting) ?? setting.defaultValue else { return nil }
        guard let value = Double(text) else {
            throw RuntimeError.configuration("\(setting.sources) must be a number, got '\(text)'")
        }
        return value
    }

    /// A `choice` setting as one of its words (a synonym mapped onto its word), or its declared default, or nil.
    public func choice(_ setting: Setting) throws(RuntimeError) -> String? {
        guard let text = text(setting) ?? setting.defaultValue else { return nil }
        guard case .choice(let words, let synonyms) = setting.kind else { return text }
        if words.contains(text) { return text }
        if let word = synonyms[text] { return word }
        let list = words.count > 3
            ? "one of \(words.joined(separator: ", "))"
            : words.dropLast().joined(separator: ", ") + " or " + (words.last ?? "")
        throw RuntimeError.configuration("\(setting.dashedFlag) must be \(list), got '\(text)'")
    }

    /// A `time` setting, or nil when not given.
    public func time(_ setting: Setting) throws(RuntimeError) -> Date? {
        guard let text = text(setting) else { return nil }
        do {
            return try Timestamp(rfc3339: text).date
        } catch {
            throw RuntimeError.configuration("\(setting.dashedFlag) must be an RFC 3339 time such as 2024-01-01T00:00:00Z, got '\(text)'")
        }
    }

    /// A `pairs` setting's table: the file's object, then the environment's prefixed variables, then each
    /// `KEY=VALUE` flag, a later one replacing an earlier one's key.
    public func pairs(_ setting: Setting) throws(RuntimeError) -> [String: String] {
        var table = setting.fileKey.flatMap { file.tables[$0] } ?? [:]
        for (name, value) in environment {
            if let key = setting.pair(fromEnvironmentVariable: name) { table[key] = value }
        }
        for pair in flags[setting.flag] ?? [] {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw RuntimeError.configuration("\(setting.dashedFlag) takes KEY=VALUE, got '\(pair)'")
            }
            table[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return table
    }
}
