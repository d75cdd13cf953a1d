import Foundation

/// A table read from an ARFF file (Weka's attribute-relation format): attribute names and one row of values
/// per instance, `nil` where the file says `?` (missing).
///
/// Numeric attributes hold their number; a nominal attribute (`{0,1}`) holds the index of its value in the
/// declared list, so the UCI class `{0,1}` reads as 0 or 1.
public struct ARFFTable: Sendable, Hashable {
    /// The attribute names in file order.
    public var attributes: [String]
    /// The declared values of each nominal attribute, by name.
    public var nominalValues: [String: [String]]
    /// One entry per `@data` line, one value per attribute.
    public var rows: [[Double?]]

    /// The column index of an attribute, compared case-insensitively.
    public func column(_ name: String) -> Int? {
        attributes.firstIndex { $0.caseInsensitiveCompare(name) == .orderedSame }
    }
}

/// Why an ARFF file could not be read: the line and what is wrong with it.
public struct ARFFError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based line number; 0 for the file as a whole.
    public var line: Int
    public var message: String

    public var description: String { line == 0 ? message : "line \(line): \(message)" }
}

/// Reads dense ARFF files. Comments (`%`) and blank lines are skipped, keywords are case-insensitive,
/// `?` is a missing value; string, date and sparse data are refused.
public enum ARFFReader {
    /// Reads the file at `url`.
    public static func read(_ url: URL) throws -> ARFFTable {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ARFFError(line: 0, message: "cannot read \(url.path): \(error.localizedDescription)")
        }
        return try parse(String(decoding: data, as: UTF8.self))
    }

    /// Parses the text of an ARFF file.
    @_optimize(speed)
    public static func parse(_ text: String) throws(ARFFError) -> ARFFTable {
        var table = ARFFTable(attributes: [], nominalValues: [:], rows: [])
        var inData = false
        var lineNumber = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("%") { continue }
            if inData {
                table.rows.append(try parseRow(line, table: table, line: lineNumber))
                continue
            }
            let lower = line.lowercased()
            if lower.hasPrefix("@relation") { continue }
            if lower.hasPrefix("@data") {
                guard !table.attributes.isEmpty else { throw ARFFError(line: lineNumber, message: "@data before any @attribute") }
                inData = true
            } else if lower.hasPrefix("@attribute") {
                try parseAttribute(String(line.dropFirst("@attribute".count)), into: &table, line: lineNumber)
            } else {
                throw ARFFError(line: lineNumber, message: "expected @relation, @attribute or @data, found \"\(line.prefix(40))\"")
            }
        }
        guard inData else { throw ARFFError(line: 0, message: "no @data section") }
        return table
    }

    private static func parseAttribute(_ declaration: String, into table: inout ARFFTable, line: Int) throws(ARFFError) {
        var rest = declaration.trimmingCharacters(in: .whitespaces)
        let name: String
        if let quote = rest.first, quote == "'" || quote == "\"" {
            guard let end = rest.dropFirst().firstIndex(of: quote) else { throw ARFFError(line: line, message: "unterminated attribute name") }
            name = String(rest[rest.index(after: rest.startIndex)..<end])
            rest = String(rest[rest.index(after: end)...]).trimmingCharacters(in: .whitespaces)
        } else {
            let parts = rest.split(maxSplits: 1, whereSeparator: \.isWhitespace)
            guard parts.count == 2 else { throw ARFFError(line: line, message: "attribute without a type") }
            name = String(parts[0])
            rest = parts[1].trimmingCharacters(in: .whitespaces)
        }
        let type = rest.lowercased()
        if rest.hasPrefix("{") && rest.hasSuffix("}") {
            table.nominalValues[name] = rest.dropFirst().dropLast().split(separator: ",").map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: " '\""))
            }
        } else if !(type == "numeric" || type == "real" || type == "integer") {
            throw ARFFError(line: line, message: "unsupported type \"\(rest)\" of attribute \(name)")
        }
        table.attributes.append(name)
    }

    @_optimize(speed)
    private static func parseRow(_ line: String, table: ARFFTable, line number: Int) throws(ARFFError) -> [Double?] {
        if line.hasPrefix("{") { throw ARFFError(line: number, message: "sparse ARFF rows are not supported") }
        let cells = line.split(separator: ",", omittingEmptySubsequences: false)
        guard cells.count == table.attributes.count else {
            throw ARFFError(line: number, message: "expected \(table.attributes.count) values, found \(cells.count)")
        }
        var row: [Double?] = []
        row.reserveCapacity(cells.count)
        for (index, cell) in cells.enumerated() {
            // Most cells are bare numbers; only trim (slow in Foundation) when the cell is padded or quoted.
            let text: Substring = cell.first.map { $0 == " " || $0 == "'" || $0 == "\"" } == true || cell.last == " "
                || cell.last == "'" || cell.last == "\"" ? Substring(cell.trimmingCharacters(in: CharacterSet(charactersIn: " '\""))) : cell
            if text == "?" {
                row.append(nil)
            } else if let nominal = table.nominalValues[table.attributes[index]] {
                guard let position = nominal.firstIndex(of: String(text)) else {
                    throw ARFFError(line: number, message: "\"\(text)\" is not a value of \(table.attributes[index])")
                }
                row.append(Double(position))
            } else if let value = Double(text), value.isFinite {
                row.append(value)
            } else {
                throw ARFFError(line: number, message: "\"\(text)\" is not a number (attribute \(table.attributes[index]))")
            }
        }
        return row
    }
}
