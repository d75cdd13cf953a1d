import Foundation

/// The fields of a submitted `application/x-www-form-urlencoded` form, each read through a validating accessor
/// that names the field in its error.
public struct ActionForm: Sendable {
    public private(set) var fields: [String: String] = [:]

    /// The largest body the console reads from a form.
    public static let maximumBytes = 16 * 1024

    /// Parses a form body; repeated names keep the first value.
    public init(body: String) {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), !name.isEmpty, fields[name] == nil else { continue }
            fields[name] = parts.count > 1 ? Self.decode(parts[1]) ?? "" : ""
        }
    }

    /// A form of these fields (tests).
    public init(_ fields: [String: String]) { self.fields = fields }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    public subscript(_ name: String) -> String? { fields[name] }

    /// A non-empty single-line text of at most `maximumLength` characters, trimmed.
    public func text(_ name: String, maximumLength: Int = 200) throws(ActionError) -> String {
        guard let value = optionalText(name, maximumLength: maximumLength) else { throw ActionError(field: name, "is required") }
        return value
    }

    /// Like `text`, but nil when absent or blank; still refuses control characters and over-long text.
    public func optionalText(_ name: String, maximumLength: Int = 500) -> String? {
        let value = (fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { return nil }
        return value
    }

    /// Refuses control characters and text longer than `maximumLength` in `name`, if present.
    public func checkText(_ name: String, maximumLength: Int) throws(ActionError) {
        guard let value = fields[name] else { return }
        guard value.count <= maximumLength else { throw ActionError(field: name, "is longer than \(maximumLength) characters") }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\r" && $0 != "\t" }) else {
            throw ActionError(field: name, "contains control characters")
        }
    }
}

/// A collector's form could not become an event: which field, and why.
public struct ActionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public var reason: String

    /// An error on `field`.
    public init(field: String, _ reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field) \(reason)" }
}
