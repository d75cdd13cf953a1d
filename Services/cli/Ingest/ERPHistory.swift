import Domain
import Foundation
import Pipeline

/// One invoice of an ERP export, as the mapping reads it.
struct HistoricalInvoice: Sendable, Hashable {
    var buyerId: BuyerId
    var invoiceId: InvoiceId
    var amount: Money
    var issueDate: CalendarDate
    var dueDate: CalendarDate
    /// Nil while the invoice is open.
    var settledDate: CalendarDate?
    /// The day the dispute is recorded on, for a disputed invoice.
    var disputedOn: CalendarDate?
}

/// An ERP history: its invoices, and the invoice events they stand for in the order they happened.
struct ERPHistory: Sendable {
    var source: String
    var invoices: [HistoricalInvoice]
    /// The reason written on dispute events.
    var disputeReason = "disputed in the ERP"

    /// Reads an export through its mapping. A bad row stops the import with its line and column: an import
    /// is an operator's act, and half an import would give a wrong report.
    static func load(_ url: URL, mapping: ColumnMapping) throws -> ERPHistory {
        let pattern = try DatePattern(mapping.dateFormat)
        let defaultCurrency = try Currency(code: mapping.currency)
        var invoices: [HistoricalInvoice] = []
        var seen: Set<String> = []
        for (line, cells) in try ExportReader.rows(url, format: mapping.format) {
            func cell(_ column: String) throws -> String {
                guard let value = cells[column] else { throw IngestError("line \(line): no column \"\(column)\"") }
                return value.trimmingCharacters(in: .whitespaces)
            }
            func date(_ column: String) throws -> CalendarDate {
                do { return try pattern.date(try cell(column), column: column) } catch { throw IngestError("line \(line): \(error)") }
            }
            let columns = mapping.columns
            let currency = try columns.currency.map { try Currency(code: try cell($0)) } ?? defaultCurrency
            let amount: Money
            do { amount = try Money(decimal: try cell(columns.amount), currency: currency) } catch {
                throw IngestError("line \(line): column \(columns.amount): \(error)")
            }
            let invoiceId = try cell(columns.invoiceId)
            guard seen.insert(invoiceId).inserted else { throw IngestError("line \(line): invoice \(invoiceId) appears twice") }
            var invoice = HistoricalInvoice(
                buyerId: BuyerId(try cell(columns.buyerId)), invoiceId: InvoiceId(invoiceId), amount: amount,
                issueDate: try date(columns.issueDate), dueDate: try date(columns.dueDate))
            if let settled = columns.settledDate, !(try cell(settled)).isEmpty { invoice.settledDate = try date(settled) }
            if let rule = mapping.dispute, let column = columns.disputed,
               rule.trueValues.contains(where: { $0.caseInsensitiveCompare(try! cell(column)) == .orderedSame }) {
                invoice.disputedOn = try date(rule.dateColumn)
            }
            invoices.append(invoice)
        }
        return ERPHistory(source: "erp/" + mapping.source, invoices: invoices,
                          disputeReason: mapping.dispute?.reason ?? "disputed in the ERP")
    }

    /// The invoice events dated up to the end of `asOf` (all when nil), oldest first; each at noon UTC of its
    /// business date, so that the day's end (midnight) comes after it on the stream clock. Within a day:
    /// issues, then disputes, then settlements, each in invoice order.
    func events(through asOf: CalendarDate?) -> [EventEnvelope] {
        var dated: [(date: CalendarDate, rank: Int, event: EventEnvelope)] = []
        func add(_ date: CalendarDate, _ rank: Int, _ id: String, _ event: DomainEvent) {
            if let asOf, date > asOf { return }
            dated.append((date, rank, EventEnvelope(id: id, source: source, time: Timestamp(date: date, hour: 12), event: event)))
        }
        for invoice in invoices {
            let id = invoice.invoiceId.rawValue
            add(invoice.issueDate, 0, "\(id)/issued", .invoiceIssued(InvoiceIssued(
                buyerId: invoice.buyerId, invoiceId: invoice.invoiceId, amount: invoice.amount, issueDate: invoice.issueDate,
                dueDate: invoice.dueDate, termsDays: invoice.issueDate.days(until: invoice.dueDate))))
            if let disputedOn = invoice.disputedOn {
                add(max(disputedOn, invoice.issueDate), 1, "\(id)/disputed", .invoiceDisputed(InvoiceDisputed(
                    buyerId: invoice.buyerId, invoiceId: invoice.invoiceId, reason: disputeReason, date: max(disputedOn, invoice.issueDate))))
            }
            if let settled = invoice.settledDate {
                add(max(settled, invoice.issueDate), 2, "\(id)/settled", .paymentApplied(PaymentApplied(
                    buyerId: invoice.buyerId, invoiceId: invoice.invoiceId, paymentId: "\(id)/settlement",
                    amount: invoice.amount, paymentDate: max(settled, invoice.issueDate))))
            }
        }
        dated.sort { ($0.date, $0.rank, $0.event.id) < ($1.date, $1.rank, $1.event.id) }
        return dated.map(\.event)
    }
}
