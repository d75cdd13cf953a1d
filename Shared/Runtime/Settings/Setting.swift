/// One setting of a Credence executable, declared once: the flag, environment variable and configuration-file key
/// it is read from, the values it takes, its default and its help. Parsing, lookup, validation, the usage text and
/// the refusal of unknown names all read these declarations (`Setting.stage`, `Setting.cluster`).
public struct Setting: Sendable, Hashable {
    /// What a setting's value is, which is also how it is checked.
    public enum Kind: Sendable, Hashable {
        /// Any text (an id, a host, servers).
        case text
        /// A file path.
        case path
        /// A whole number within the range.
        case integer(ClosedRange<Int>)
        /// A positive or negative decimal number.
        case number
        /// One of the listed words; `synonyms` maps further accepted spellings onto them.
        case choice([String], synonyms: [String: String] = [:])
        /// An RFC 3339 time.
        case time
        /// `KEY=VALUE`, repeatable; each pair is one entry of a table (librdkafka properties, stage options).
        case pairs
    }

    /// Where the environment gives the setting.
    public enum Environment: Sendable, Hashable {
        /// Not read from the environment.
        case none
        /// One variable holds the value.
        case variable(String)
        /// Every variable with this prefix is one pair (`KAFKA_SECURITY_PROTOCOL` → `security.protocol`).
        case prefix(String)
    }

    /// The long flag without its dashes (`bootstrap-servers`).
    public let flag: String
    /// The placeholder of the value in the usage text (`H:P`, `N`).
    public let valueName: String
    public let kind: Kind
    public let environment: Environment
    /// The key in the configuration file (`--config`): a string or number, or for `pairs` an object of them; nil when
    /// the file cannot give it.
    public let fileKey: String?
    /// The default as the usage text states it; nil when there is none or it is computed (then `help` says how).
    public let defaultValue: String?
    /// One or two sentences: what the setting does.
    public let help: String

    public init(_ flag: String, _ valueName: String, _ kind: Kind = .text, environment: Environment = .none, fileKey: String? = nil,
                defaultValue: String? = nil, help: String) {
        self.flag = flag
        self.valueName = valueName
        self.kind = kind
        self.environment = environment
        self.fileKey = fileKey
        self.defaultValue = defaultValue
        self.help = help
    }

    /// The environment variable holding the value, when one does.
    public var environmentVariable: String? {
        if case .variable(let name) = environment { return name }
        return nil
    }

    /// The flag as typed, `--bootstrap-servers`.
    public var dashedFlag: String { "--\(flag)" }

    /// Where the setting can be given, for messages: `--http-port (env CREDENCE_HTTP_PORT, file 'httpPort')`.
    public var sources: String {
        var places: [String] = []
        switch environment {
        case .none: break
        case .variable(let name): places.append("env \(name)")
        case .prefix(let prefix): places.append("env \(prefix)KEY_NAME")
        }
        if let fileKey { places.append("file '\(fileKey)'") }
        return places.isEmpty ? dashedFlag : "\(dashedFlag) (\(places.joined(separator: ", ")))"
    }

    /// The pair an environment variable gives under a `prefix` setting: `KAFKA_SASL_USERNAME` → (`sasl.username`, value);
    /// nil for a variable without the prefix.
    public func pair(fromEnvironmentVariable name: String) -> String? {
        guard case .prefix(let prefix) = environment, name.hasPrefix(prefix), name.count > prefix.count else { return nil }
        return name.dropFirst(prefix.count).lowercased().replacingOccurrences(of: "_", with: ".")
    }
}
