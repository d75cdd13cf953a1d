import Foundation
import Pipeline

/// Reads the rows of an ERP export as column → cell text: CSV with a header line (RFC 4180 quoting), or
/// JSON Lines with one object per line (numbers and booleans read as their text).
enum ExportReader {
    /// The rows of `url` in file order, each with its 1-based line number for error messages.
    static func rows(_ url: URL, format: ColumnMapping.Format) throws -> [(line: Int, cells: [String: String])] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw IngestError("cannot read \(url.path): \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw IngestError("\(url.path) is not UTF-8 text") }
        switch format {
        case .csv: return try csv(text)
        case .jsonl: return try jsonLines(text)
        }
    }

    static func csv(_ text: String) throws -> [(line: Int, cells: [String: String])] {
        let records = CSVParser.records(text)
        guard let header = records.first?.fields else { return [] }
        return try records.dropFirst().compactMap { record in
            if record.fields == [""] { return nil }
            guard record.fields.count == header.count else {
                throw IngestError("line \(record.line): \(record.fields.count) fields where the header has \(header.count)")
            }
            return (record.line, Dictionary(zip(header, record.fields), uniquingKeysWith: { first, _ in first }))
        }
    }

    static func jsonLines(_ text: String) throws -> [(line: Int, cells: [String: String])] {
        var rows: [(line: Int, cells: [String: String])] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any] else {
                throw IngestError("line \(index + 1): not a JSON object")
            }
            var cells: [String: String] = [:]
            for (key, value) in object {
                switch value {
                case let string as String: cells[key] = string
                case is NSNull: cells[key] = ""
                case let number as NSNumber: cells[key] = number.stringValue
                default: throw IngestError("line \(index + 1): member \(key) is neither text, a number nor null")
                }
            }
            rows.append((index + 1, cells))
        }
        return rows
    }
}

/// RFC 4180 CSV: fields separated by commas, optionally quoted with `"` (doubled inside), records by line breaks.
enum CSVParser {
    static func records(_ text: String) -> [(line: Int, fields: [String])] {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var recordLine = 1
        var characters = text.makeIterator()
        var pending: Character? = nil
        while let character = pending ?? characters.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    if let next = characters.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty: quoted = true
            case ",": fields.append(field); field = ""
            case "\n", "\r\n", "\r":
                fields.append(field)
                records.append((recordLine, fields))
                fields = []
                field = ""
                line += 1
                recordLine = line
            default: field.append(character)
            }
        }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append((recordLine, fields))
        }
        return records
    }
}
