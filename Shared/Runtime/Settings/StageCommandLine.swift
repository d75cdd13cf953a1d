import ArgumentParser

/// A stage's command line, parsed by swift-argument-parser: one option per setting of `Setting.stage`, its name and
/// help taken from the table. Values stay text here; `SettingSources` checks them, so that a flag, a variable and a
/// file key are checked alike.
struct StageCommandLine: ParsableArguments {
    @Option(name: .setting(.bootstrapServers), parsing: .unconditional, help: .setting(.bootstrapServers)) var bootstrapServers: String?
    @Option(name: .setting(.bootstrapFile), parsing: .unconditional, help: .setting(.bootstrapFile)) var bootstrapFile: String?
    @Option(name: .setting(.kafka), parsing: .unconditionalSingleValue, help: .setting(.kafka)) var kafka: [String] = []
    @Option(name: .setting(.config), parsing: .unconditional, help: .setting(.config)) var config: String?
    @Option(name: .setting(.groupID), parsing: .unconditional, help: .setting(.groupID)) var groupID: String?
    @Option(name: .setting(.instanceID), parsing: .unconditional, help: .setting(.instanceID)) var instanceID: String?
    @Option(name: .setting(.httpHost), parsing: .unconditional, help: .setting(.httpHost)) var httpHost: String?
    @Option(name: .setting(.httpPort), parsing: .unconditional, help: .setting(.httpPort)) var httpPort: String?
    @Option(name: .setting(.clock), parsing: .unconditional, help: .setting(.clock)) var clock: String?
    @Option(name: .setting(.clockOrigin), parsing: .unconditional, help: .setting(.clockOrigin)) var clockOrigin: String?
    @Option(name: .setting(.clockSpeed), parsing: .unconditional, help: .setting(.clockSpeed)) var clockSpeed: String?
    @Option(name: .setting(.punctuationSeconds), parsing: .unconditional, help: .setting(.punctuationSeconds)) var punctuationSeconds: String?
    @Option(name: .setting(.maxBatch), parsing: .unconditional, help: .setting(.maxBatch)) var maxBatch: String?
    @Option(name: .setting(.maxIdleMilliseconds), parsing: .unconditional, help: .setting(.maxIdleMilliseconds)) var maxIdleMilliseconds: String?
    @Option(name: .setting(.changelogMilliseconds), parsing: .unconditional, help: .setting(.changelogMilliseconds)) var changelogMilliseconds: String?
    @Option(name: .setting(.rememberedIDs), parsing: .unconditional, help: .setting(.rememberedIDs)) var rememberedIDs: String?
    @Option(name: .setting(.maxRecordBytes), parsing: .unconditional, help: .setting(.maxRecordBytes)) var maxRecordBytes: String?
    @Option(name: .setting(.gracePeriod), parsing: .unconditional, help: .setting(.gracePeriod)) var gracePeriod: String?
    @Option(name: .setting(.policy), parsing: .unconditional, help: .setting(.policy)) var policy: String?
    @Option(name: .setting(.logLevel), parsing: .unconditional, help: .setting(.logLevel)) var logLevel: String?
    @Option(name: .setting(.options), parsing: .unconditionalSingleValue, help: .setting(.options)) var options: [String] = []
    @Option(name: .setting(.transactions), parsing: .unconditional, help: .setting(.transactions)) var transactions: String?
    @Option(name: .setting(.commitMilliseconds), parsing: .unconditional, help: .setting(.commitMilliseconds)) var commitMilliseconds: String?

    /// Whatever names no setting: refused with the list of options.
    @Argument(parsing: .allUnrecognized) var unrecognized: [String] = []

    /// The values given, by the flag of their setting.
    var given: [String: [String]] {
        let single: [(Setting, String?)] = [
            (.bootstrapServers, bootstrapServers), (.bootstrapFile, bootstrapFile), (.config, config), (.groupID, groupID),
            (.instanceID, instanceID), (.httpHost, httpHost), (.httpPort, httpPort), (.clock, clock), (.clockOrigin, clockOrigin),
            (.clockSpeed, clockSpeed), (.punctuationSeconds, punctuationSeconds), (.maxBatch, maxBatch),
            (.maxIdleMilliseconds, maxIdleMilliseconds), (.changelogMilliseconds, changelogMilliseconds),
            (.rememberedIDs, rememberedIDs), (.maxRecordBytes, maxRecordBytes), (.gracePeriod, gracePeriod), (.policy, policy),
            (.logLevel, logLevel), (.transactions, transactions), (.commitMilliseconds, commitMilliseconds),
        ]
        var values: [String: [String]] = [Setting.kafka.flag: kafka, Setting.options.flag: options]
        for case let (setting, value?) in single { values[setting.flag] = [value] }
        return values.filter { !$0.value.isEmpty }
    }

    /// Parses `arguments`; throws a `configuration` error naming the argument to fix and listing the options.
    static func parse(stageArguments arguments: [String]) throws(RuntimeError) -> StageCommandLine {
        let parsed: StageCommandLine
        do {
            parsed = try parse(arguments)
        } catch {
            throw RuntimeError.configuration("\(message(for: error)); the options are:\n\(Setting.usage(Setting.stage))")
        }
        if let first = parsed.unrecognized.first {
            if first.hasPrefix("--"), first.count > 2 {
                let name = first.dropFirst(2).split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
                throw RuntimeError.configuration("unknown option --\(name); the options are:\n\(Setting.usage(Setting.stage))")
            }
            throw RuntimeError.configuration(
                "unexpected argument '\(first)': every setting is a --flag value pair; the options are:\n\(Setting.usage(Setting.stage))")
        }
        return parsed
    }
}
