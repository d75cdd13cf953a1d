import ArgumentParser

extension NameSpecification {
    /// The long flag a setting declares, for an `@Option` that reads it.
    public static func setting(_ setting: Setting) -> NameSpecification { .customLong(setting.flag) }
}

extension ArgumentHelp {
    /// The help a setting declares, with its default and variable, for an `@Option` that reads it (a command that
    /// reads no configuration file: the stages' usage, with the file keys, is `Setting.usage`).
    public static func setting(_ setting: Setting) -> ArgumentHelp {
        var text = setting.help
        if let value = setting.defaultValue { text += " (default \(value))" }
        let sources = setting.sourcesBesideTheFlag(includingFile: false)
        if !sources.isEmpty { text += "; \(sources)" }
        return ArgumentHelp(text, valueName: setting.valueName)
    }
}
