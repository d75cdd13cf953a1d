import Foundation

/// `--name value` and `--name=value` flags; repeatable ones keep every value.
struct FlagParser {
    private(set) var values: [String: [String]] = [:]
    private(set) var consumed: Set<String> = []

    /// Every flag that takes a value; anything else is refused.
    static let known: Set<String> = [
        "bootstrap-servers", "bootstrap-file", "kafka", "config", "group-id", "instance-id", "http-host", "http-port",
        "clock", "clock-origin", "clock-speed", "punctuation-seconds", "max-batch", "max-idle-ms", "changelog-ms", "commit-ms", "grace-period",
        "remembered-ids", "max-record-bytes",
        "policy", "log-level", "set", "transactions",
    ]

    static func parse(_ arguments: [String]) throws(RuntimeError) -> FlagParser {
        var parser = FlagParser()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--"), argument.count > 2 else {
                throw RuntimeError.configuration("unexpected argument '\(argument)': every setting is a --flag value pair; the options are:\n\(StageConfiguration.usage)")
            }
            let body = argument.dropFirst(2)
            if let equals = body.firstIndex(of: "=") {
                parser.values[String(body[..<equals]), default: []].append(String(body[body.index(after: equals)...]))
            } else {
                guard index + 1 < arguments.count else { throw RuntimeError.configuration("--\(body) needs a value") }
                parser.values[String(body), default: []].append(arguments[index + 1])
                index += 1
            }
            index += 1
        }
        return parser
    }

    func single(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }

    mutating func removeKnown() { consumed = Self.known }
    var unknown: [String] { values.keys.filter { !consumed.contains($0) }.sorted() }

    static func keyValue(_ pair: String, flag: String) throws(RuntimeError) -> (String, String) {
        guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
            throw RuntimeError.configuration("--\(flag) takes KEY=VALUE, got '\(pair)'")
        }
        return (String(pair[..<equals]), String(pair[pair.index(after: equals)...]))
    }
}

/// The optional JSON configuration file.
struct ConfigurationFile {
    var settings: [String: Any] = [:]
    var kafka: [String: String] = [:]
    var options: [String: String] = [:]

    static func read(_ path: String) throws(RuntimeError) -> ConfigurationFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuntimeError.configuration("configuration file \(path) cannot be read")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data), let root = object as? [String: Any] else {
            throw RuntimeError.configuration("configuration file \(path) is not a JSON object")
        }
        var file = ConfigurationFile(settings: root)
        for (section, target) in [("kafka", \ConfigurationFile.kafka), ("options", \ConfigurationFile.options)] {
            guard let value = root[section] else { continue }
            guard let table = value as? [String: Any] else { throw RuntimeError.configuration("\(path): '\(section)' must be an object of strings") }
            for (key, entry) in table {
                guard let text = entry as? String ?? (entry as? NSNumber)?.stringValue else {
                    throw RuntimeError.configuration("\(path): '\(section).\(key)' must be a string")
                }
                file[keyPath: target][key] = text
            }
        }
        return file
    }
}

/// Looks a setting up in the flags, then the environment, then the file.
struct SettingSources {
    let flags: FlagParser
    let environment: [String: String]
    let file: ConfigurationFile

    func string(_ flag: String, env: String, file key: String) -> String? {
        if let value = flags.single(flag) { return value }
        if let value = environment[env], !value.isEmpty { return value }
        if let value = file.settings[key] { return value as? String ?? (value as? NSNumber)?.stringValue }
        return nil
    }

    func integer(_ flag: String, env: String, file key: String, range: ClosedRange<Int>) throws(RuntimeError) -> Int? {
        guard let text = string(flag, env: env, file: key) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw RuntimeError.configuration("--\(flag) (env \(env), file '\(key)') must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return value
    }

    func double(_ flag: String, env: String, file key: String) throws(RuntimeError) -> Double? {
        guard let text = string(flag, env: env, file: key) else { return nil }
        guard let value = Double(text) else {
            throw RuntimeError.configuration("--\(flag) (env \(env), file '\(key)') must be a number, got '\(text)'")
        }
        return value
    }
}
