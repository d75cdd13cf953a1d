import Foundation
import Domain

/// A short human line for each kind of event, for `credence tail` and the demo.
enum EventSummary {
    static func text(_ event: DomainEvent) -> String {
        switch event {
        case .alert(let alert):
            let figures = alert.figures.sorted { $0.key < $1.key }.map { "\($0.key)=\(format($0.value))" }.joined(separator: " ")
            return "[\(alert.severity)] \(alert.alertType) \(figures)\(alert.message.map { " — \($0)" } ?? "")"
        case .creditAssessment(let a):
            let band = a.probabilityOfDefault.map { pd in
                " PD \(format(pd * 100)) %\(a.probabilityOfDefaultGrade.map { " (band grade \($0))" } ?? "")"
            } ?? ""
            let ratio = a.financialReasons?.first?.detail.map { " — \($0)" } ?? ""
            return "grade \(a.grade) class \(a.creditClass) score \(format(a.score))\(band) limit \(a.creditLimit)"
                + "\(a.insolvent ? " INSOLVENT" : "")\(ratio)"
        case .creditDecision(let d):
            return "order \(d.orderId) \(d.outcome) amount \(d.orderAmount) exposure \(d.exposure) limit \(d.creditLimit)\(d.reason.map { " — \($0)" } ?? "")"
        case .receivablesPosition(let p):
            return "open \(p.openAmount) overdue \(p.overdueAmount) exposure \(p.exposure) invoices \(p.openInvoiceCount)\(p.onCreditHold ? " ON HOLD" : "")"
        case .overdueTransition(let o):
            return "invoice \(o.invoiceId) \(o.daysPastDue) days past due, open \(o.openAmount)\(o.disputed ? " (disputed)" : "")"
        case .dunningAction(let d):
            return "invoice \(d.invoiceId) level \(d.level) \(d.action) via \(d.channel)\(d.interest.map { " interest \($0)" } ?? "")\(d.note.map { " — \($0)" } ?? "")"
        case .invoiceIssued(let i):
            return "invoice \(i.invoiceId) \(i.amount) due \(i.dueDate)"
        case .paymentApplied(let p):
            return "payment \(p.amount) on invoice \(p.invoiceId) at \(p.paymentDate)"
        case .orderRequested(let o):
            return "order \(o.orderId) \(o.amount)"
        default:
            return "\(event.kind.ceType)"
        }
    }

    private static func format(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(format: "%.2f", value)
    }
}
