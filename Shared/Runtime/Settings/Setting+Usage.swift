import Foundation

extension Setting {
    /// The usage lines of `settings`, each setting's flag, value, help, default, variable and file key as declared.
    public static func usage(_ settings: [Setting]) -> String {
        let width = (settings.map { $0.dashedFlag.count + 1 + $0.valueName.count }.max() ?? 0) + 4
        return settings.map { setting in
            let head = "  \(setting.dashedFlag) \(setting.valueName)"
            var help = setting.help
            if let value = setting.defaultValue { help += " (default \(value))" }
            var lines = [head.padding(toLength: width, withPad: " ", startingAt: 0) + help]
            let sources = setting.sourcesBesideTheFlag()
            if !sources.isEmpty { lines.append(String(repeating: " ", count: width) + sources) }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// `env CREDENCE_HTTP_PORT, file key httpPort`: where else than the command line the setting is read (the file
    /// key only for a process that reads a configuration file).
    func sourcesBesideTheFlag(includingFile: Bool = true) -> String {
        var places: [String] = []
        switch environment {
        case .none: break
        case .variable(let name): places.append("env \(name)")
        case .prefix(let prefix): places.append("env \(prefix)KEY_NAME=VALUE")
        }
        if includingFile, let fileKey { places.append(kind == .pairs ? "file key \(fileKey) (an object)" : "file key \(fileKey)") }
        return places.joined(separator: ", ")
    }
}
