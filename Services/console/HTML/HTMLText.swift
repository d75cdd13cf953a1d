/// Text on its way into an HTML page: everything that did not come from a template is escaped on the way in,
/// so a buyer id, an alert message or a dispute reason typed by a collector is shown, never run.
public struct HTMLText: Sendable, CustomStringConvertible {
    /// Markup that is safe to emit as it is.
    public private(set) var markup: String

    /// Markup written by the console itself (templates, charts); never user or topic data.
    public init(trusted markup: String) { self.markup = markup }

    /// Empty markup.
    public init() { markup = "" }

    /// Markup built from a literal (`HTMLText("<td>\(value)</td>")` escapes `value`).
    public init(_ markup: HTMLText) { self = markup }

    public var description: String { markup }

    /// Appends markup the console wrote.
    public mutating func append(_ trusted: HTMLText) { markup += trusted.markup }

    /// Appends text, escaped.
    public mutating func text(_ value: String) { markup += HTMLText.escape(value) }

    /// Appends text, escaped; for string interpolation of values (numbers, ids, dates).
    public mutating func text(_ value: some CustomStringConvertible) { markup += HTMLText.escape(value.description) }

    /// `&`, `<`, `>`, `"` and `'` as character references: safe in element content and in quoted attributes.
    public static func escape(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return value
        }
        var escaped = ""
        escaped.reserveCapacity(value.utf8.count + 16)
        for character in value.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}

/// Builds markup with string interpolation that escapes every interpolated value unless it is already `HTMLText`:
/// `html("<td>\(buyerId)</td>")`.
public struct HTMLInterpolation: StringInterpolationProtocol {
    var result = HTMLText()

    public init(literalCapacity: Int, interpolationCount: Int) {}

    public mutating func appendLiteral(_ literal: String) { result.append(HTMLText(trusted: literal)) }

    public mutating func appendInterpolation(_ markup: HTMLText) { result.append(markup) }

    public mutating func appendInterpolation(_ value: String) { result.text(value) }

    public mutating func appendInterpolation(_ value: some CustomStringConvertible) { result.text(value) }

    public mutating func appendInterpolation(_ value: (some CustomStringConvertible)?) {
        if let value { result.text(value) }
    }
}

extension HTMLText: ExpressibleByStringInterpolation {
    public init(stringLiteral value: String) { markup = value }
    public init(stringInterpolation: HTMLInterpolation) { self = stringInterpolation.result }
}

extension Sequence where Element == HTMLText {
    /// The markups one after the other.
    public func joined() -> HTMLText {
        var all = HTMLText()
        for part in self { all.append(part) }
        return all
    }
}
