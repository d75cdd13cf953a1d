import Domain
import Pipeline

/// A date pattern of an export such as `M/d/yyyy` or `yyyy-MM-dd`: the fields `y`, `M` and `d` in some
/// order, between separators that are neither letters nor digits.
struct DatePattern: Sendable, Hashable {
    enum Field: Sendable, Hashable {
        case year, month, day
    }

    let fields: [Field]
    let text: String

    /// Reads a pattern; it must name year, month and day once each.
    init(_ pattern: String) throws {
        var fields: [Field] = []
        for part in pattern.split(whereSeparator: { !$0.isLetter }) {
            switch part.first {
            case "y": fields.append(.year)
            case "M": fields.append(.month)
            case "d": fields.append(.day)
            default: throw IngestError("mapping: dateFormat \"\(pattern)\" has \"\(part)\"; use y, M and d (e.g. M/d/yyyy)")
            }
        }
        guard fields.count == 3, Set(fields).count == 3 else {
            throw IngestError("mapping: dateFormat \"\(pattern)\" must name year (y), month (M) and day (d) once each")
        }
        self.fields = fields
        self.text = pattern
    }

    /// The calendar date a cell holds, or an error naming the cell.
    func date(_ cell: String, column: String) throws -> CalendarDate {
        let parts = cell.split(whereSeparator: { !$0.isNumber })
        guard parts.count == 3 else { throw IngestError("column \(column): \"\(cell)\" does not match \(text)") }
        var year = 0, month = 0, day = 0
        for (field, part) in zip(fields, parts) {
            guard let value = Int(part) else { throw IngestError("column \(column): \"\(cell)\" does not match \(text)") }
            switch field {
            case .year: year = value
            case .month: month = value
            case .day: day = value
            }
        }
        do {
            return try CalendarDate(year: year, month: month, day: day)
        } catch {
            throw IngestError("column \(column): \"\(cell)\" is not a date (\(error))")
        }
    }
}
