import Foundation
@testable import Runtime
import TestSupport
import Testing

/// The settings table is the one source of the stages' configuration: each declared setting is read from its flag,
/// its environment variable and its file key alike, the usage text lists each one, and a name it does not declare
/// is refused.
@Suite("Settings table: one declaration per setting")
struct SettingsTableTests {
    private func load(_ arguments: [String], _ environment: [String: String] = [:]) throws(RuntimeError) -> StageConfiguration {
        try StageConfiguration.load(stage: "monitoring", defaultHTTPPort: 9102, arguments: arguments, environment: environment)
    }

    /// A value each kind of setting accepts, away from its default where that is possible.
    private func sample(_ setting: Setting) -> String {
        switch setting.kind {
        case .text: "sample-\(setting.flag)"
        case .path: "/nonexistent/\(setting.flag)"
        case .integer(let range): "\(range.upperBound)"
        case .number: "7200"
        case .choice(let words, _): words.first { $0 != setting.defaultValue } ?? ""
        case .time: "2024-01-01T00:00:00Z"
        case .pairs: "sample.key=\(setting.flag)"
        }
    }

    /// The environment that gives `value` to `setting` (for a `pairs` setting, the pair's value under `SAMPLE_KEY`).
    private func environment(giving value: String, to setting: Setting) -> [String: String] {
        switch setting.environment {
        case .variable(let name): [name: value]
        case .prefix(let prefix): [prefix + "SAMPLE_KEY": String(value.split(separator: "=")[1])]
        case .none: [:]
        }
    }

    /// A configuration file that gives `value` to `setting` under its file key.
    private func file(giving value: String, to setting: Setting) throws -> URL {
        let key = try #require(setting.fileKey)
        let member = setting.kind == .pairs ? #"{"sample.key": "\#(value.split(separator: "=")[1])"}"# : #""\#(value)""#
        return try temporaryFile(#"{"\#(key)": \#(member)}"#)
    }

    private func temporaryFile(_ json: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("credence-settings-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: url)
        return url
    }

    /// Every setting but `--config` (which names the file) has a file key, and every setting but `--set` (stage
    /// options, which are many) an environment variable or prefix.
    @Test func everySettingHasAFlagAVariableAndAFileKeyWithTwoStatedExceptions() {
        #expect(Setting.stage.filter { $0.fileKey == nil }.map(\.flag) == ["config"])
        #expect(Setting.stage.filter { $0.environment == .none }.map(\.flag) == ["set"])
        #expect(Set(Setting.stage.map(\.flag)).count == Setting.stage.count, "no flag is declared twice")
        #expect(Set(Setting.stage.compactMap(\.fileKey)).count == Setting.stage.count - 1, "no file key is declared twice")
        #expect(Set(Setting.cluster).isSubset(of: Set(Setting.stage)))
    }

    /// The same value reaches the setting whether it comes as a flag, a variable or a file key.
    @Test(arguments: Setting.stage.filter { $0.flag != "config" })
    func eachSettingIsReadFromItsFlagItsVariableAndItsFileKeyAlike(setting: Setting) async throws {
        try await onOwnThreads {
            let value = sample(setting)
            let fromFlag = try SettingSources(flags: [setting.flag: [value]], environment: [:], settings: Setting.stage)

            let fromEnvironment = try SettingSources(flags: [:], environment: environment(giving: value, to: setting), settings: Setting.stage)
            let file = try file(giving: value, to: setting)
            defer { try? FileManager.default.removeItem(at: file) }
            let fromFile = try SettingSources(flags: [Setting.config.flag: [file.path]], environment: [:], settings: Setting.stage)

            if setting.kind == .pairs {
                #expect(try fromFlag.pairs(setting) == ["sample.key": setting.flag])
                #expect(try fromFile.pairs(setting) == ["sample.key": setting.flag])
                if setting.environment != .none { #expect(try fromEnvironment.pairs(setting) == ["sample.key": setting.flag]) }
            } else {
                #expect(fromFlag.text(setting) == value)
                #expect(fromEnvironment.text(setting) == value)
                #expect(fromFile.text(setting) == value)
            }
        }
    }

    /// Through the whole loader: a stage starts with each setting given each way, and the configuration it gets is
    /// the same whichever way the value came.
    @Test(arguments: Setting.stage.filter { ![Setting.config, .bootstrapServers, .bootstrapFile].contains($0) })
    func aStageStartsWithEachSettingGivenAnyWayAndGetsTheSameConfiguration(setting: Setting) async throws {
        try await onOwnThreads {
            let value = sample(setting)
            let servers = ["--bootstrap-servers", "x:1"]
            let byFlag = try load(servers + [setting.dashedFlag, value])
            let environment = environment(giving: value, to: setting)
            let file = try file(giving: value, to: setting)
            defer { try? FileManager.default.removeItem(at: file) }
            let byFile = try load(servers + ["--config", file.path])

            #expect("\(byFile)" == "\(byFlag)", "\(setting.dashedFlag) and file key '\(setting.fileKey ?? "")' configure the same")
            if !environment.isEmpty {
                let byEnvironment = try load(servers, environment)
                #expect("\(byEnvironment)" == "\(byFlag)", "\(setting.dashedFlag) and \(environment.keys.sorted()) configure the same")
            }
        }
    }

    /// The usage text is written from the table: each flag with its value, variable, file key and default.
    @Test func theUsageListsEverySettingWithItsVariableFileKeyAndDefault() {
        let usage = StageConfiguration.usage
        for setting in Setting.stage {
            #expect(usage.contains("\(setting.dashedFlag) \(setting.valueName)"), "usage names \(setting.dashedFlag)")
            #expect(usage.contains(setting.help), "usage gives the help of \(setting.dashedFlag)")
            if let name = setting.environmentVariable { #expect(usage.contains("env \(name)"), "usage names \(name)") }
            if let key = setting.fileKey { #expect(usage.contains("file key \(key)"), "usage names file key \(key)") }
            if let value = setting.defaultValue { #expect(usage.contains("(default \(value))"), "usage gives the default of \(setting.dashedFlag)") }
        }
        #expect(usage.contains("env KAFKA_KEY_NAME=VALUE"))
    }

    /// swift-argument-parser's own help of the stage command line lists exactly the table's flags: no option is
    /// parsed that the table does not declare, and none declared is missing from the parser.
    @Test func theParserDeclaresExactlyTheTablesFlags() {
        let help = StageCommandLine.helpMessage(columns: 400)
        let flags = Set(help.matches(of: /--([a-z][a-z-]*)/).map { String($0.output.1) })
        #expect(flags == Set(Setting.stage.map(\.flag) + ["help"]))
        for setting in Setting.stage {
            #expect(help.contains(setting.help), "the parser's help of \(setting.dashedFlag) is the table's")
        }
    }

    @Test(arguments: [
        (["--bootstrap-servers", "x:1", "--frobnicate", "1"], "unknown option --frobnicate; the options are:\n  --bootstrap-servers H:P"),
        (["--bootstrap-servers", "x:1", "--max-batch-size=5"], "unknown option --max-batch-size;"),
        (["--bootstrap-servers", "x:1", "stray"], "unexpected argument 'stray'"),
        (["--bootstrap-servers", "x:1", "--max-batch"], "--max-batch"),
        (["--bootstrap-servers", "x:1", "--max-batch", "0"], "--max-batch (env CREDENCE_MAX_BATCH, file 'maxBatch') must be an integer in 1...100000, got '0'"),
        (["--bootstrap-servers", "x:1", "--set", "=x"], "--set takes KEY=VALUE, got '=x'"),
        (["--bootstrap-servers", "x:1", "--clock-origin", "yesterday", "--clock", "accelerated"], "--clock-origin must be an RFC 3339 time"),
    ])
    func anUndeclaredOrMalformedArgumentIsRefusedNamingIt(arguments: [String], message: String) {
        #expect {
            _ = try load(arguments)
        } throws: { error in
            (error as? RuntimeError).map { $0.code == .configuration && $0.message.contains(message) } == true
        }
    }

    /// A file key the table does not declare is refused with the keys it does, as an unknown flag is.
    @Test func anUnknownFileKeyIsRefusedWithTheKeysTheTableDeclares() throws {
        let file = try temporaryFile(#"{"bootstrapServers": "x:1", "maxBatchSize": 5}"#)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect {
            _ = try load(["--config", file.path])
        } throws: { error in
            guard let error = error as? RuntimeError else { return false }
            return error.code == .configuration && error.message.contains("\(file.path): unknown key 'maxBatchSize'")
                && error.message.contains("maxBatch, maxIdleMilliseconds")
        }
    }

    /// The same value given twice on the command line: the last one counts, as before.
    @Test func aFlagGivenTwiceKeepsItsLastValueAndPairsAccumulate() throws {
        let configuration = try load(["--bootstrap-servers", "x:1", "--max-batch", "10", "--max-batch=20",
                                      "--kafka", "acks=all", "--kafka", "linger.ms=5", "--kafka", "acks=1"])
        #expect(configuration.maxBatch == 20)
        #expect(configuration.kafkaProperties == ["acks": "1", "linger.ms": "5"])
    }

    /// A stage executable given an undeclared flag stops at start with exit 78 and the message, before any Kafka.
    @Test func aStageGivenAnUnknownFlagExitsWithTheConfigurationCode() async throws {
        let probe = try ChildProcess("credence-probe", ["--bootstrap-servers", "127.0.0.1:1", "--frobnicate", "1"])
        #expect(await probe.exitStatus() == StageMain.configurationExitCode)
        #expect(probe.standardError.contains("unknown option --frobnicate; the options are:"))
        #expect(probe.standardError.contains("--max-idle-ms N"))
    }

    /// `--help` prints the table's usage and exits 0.
    @Test func aStagesHelpIsTheTablesUsage() async throws {
        let probe = try ChildProcess("credence-probe", ["--help"])
        #expect(await probe.exitStatus() == 0)
        let output = probe.outputLines.joined(separator: "\n")
        for setting in Setting.stage { #expect(output.contains(setting.dashedFlag), "--help lists \(setting.dashedFlag)") }
    }
}

extension Setting: CustomTestStringConvertible {
    public var testDescription: String { dashedFlag }
}
