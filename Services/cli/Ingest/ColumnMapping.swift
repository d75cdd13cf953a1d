import Domain
import Foundation
import Pipeline

/// How the rows of an ERP export become invoice events: which columns hold what, how dates and amounts
/// are written, the currency, and which columns give the issued, settled and disputed events.
///
/// A row with an empty settlement date is an open invoice. Loaded from a JSON file; an invalid mapping
/// stops the import with the name of the offending member.
struct ColumnMapping: Sendable, Codable, Hashable {
    /// The export's format.
    enum Format: String, Sendable, Codable {
        case csv
        case jsonl
    }

    /// Which column holds each field of an invoice.
    struct Columns: Sendable, Codable, Hashable {
        var buyerId: String
        var invoiceId: String
        var issueDate: String
        var dueDate: String
        var amount: String
        /// The column of the settlement date; an empty cell is an open invoice.
        var settledDate: String?
        /// The column saying whether the invoice was disputed.
        var disputed: String?
        /// The column of the currency code, when the export has one (else `currency`).
        var currency: String?
    }

    /// How a disputed invoice is recognised and dated.
    struct Dispute: Sendable, Codable, Hashable {
        /// Cell values meaning "disputed" (compared case-insensitively).
        var trueValues: [String]
        /// The date column the dispute is recorded on (exports rarely carry the dispute's own date).
        var dateColumn: String
        /// The reason written on the dispute event.
        var reason: String?
    }

    /// A name for the source, used in `ce_source` (`erp/<source>`).
    var source: String
    var format: Format
    /// The ISO 4217 code of amounts without a currency column.
    var currency: String
    /// The pattern of every date column: `M/d/yyyy`, `yyyy-MM-dd`, `d.M.yyyy` …
    var dateFormat: String
    var columns: Columns
    var dispute: Dispute?

    /// Reads and checks a mapping file.
    static func load(_ url: URL) throws -> ColumnMapping {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw IngestError("cannot read the mapping file \(url.path): \(error.localizedDescription)")
        }
        let mapping: ColumnMapping
        do { mapping = try JSONDecoder().decode(ColumnMapping.self, from: data) } catch let DecodingError.keyNotFound(key, context) {
            let path = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            throw IngestError("mapping file \(url.path): \(path) is missing")
        } catch {
            throw IngestError("mapping file \(url.path) is not a valid mapping: \(error)")
        }
        try mapping.validate()
        return mapping
    }

    /// Refuses an unknown currency, an unusable date pattern and a dispute rule without a column.
    func validate() throws {
        do { _ = try Currency(code: currency) } catch { throw IngestError("mapping: currency \"\(currency)\": \(error)") }
        _ = try DatePattern(dateFormat)
        if dispute != nil, columns.disputed == nil {
            throw IngestError("mapping: dispute is set but columns.disputed names no column")
        }
    }
}
