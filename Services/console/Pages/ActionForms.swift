import Domain

/// The forms a collector records actions with, each posting to `/actions/<kind>` with the session's CSRF token.
/// Shown only to roles that may use them; the server checks the role again on submit.
public enum ActionForms {
    /// A form posting `kind` about `buyerId` (and `invoiceId`), with `fields` and a submit button labelled `label`.
    static func form(_ kind: CollectorActionKind, buyerId: BuyerId, invoiceId: InvoiceId?, csrf: String, label: String,
                     fields: HTMLText = HTMLText()) -> HTMLText {
        """
        <form class="inline action-\(kind.rawValue)" method="post" action="/actions/\(kind.rawValue)">\(Layout.csrfField(csrf))\
        <input type="hidden" name="buyerId" value="\(buyerId.rawValue)">\
        \(invoiceId.map { HTMLText("<input type=\"hidden\" name=\"invoiceId\" value=\"\($0.rawValue)\">") } ?? HTMLText())\
        \(fields)<button type="submit">\(label)</button></form>
        """
    }

    /// A promise to pay: amount, currency (the invoice's) and the promised date.
    public static func promise(buyerId: BuyerId, invoice: InvoiceStanding, today: CalendarDate?, csrf: String) -> HTMLText {
        let date = (today ?? invoice.lastActionDate).adding(days: 7)
        return form(.promise, buyerId: buyerId, invoiceId: invoice.invoiceId, csrf: csrf, label: "Record promise", fields: """
            <input name="amount" inputmode="decimal" required value="\(invoice.openAmount.decimalString)" aria-label="promised amount">\
            <input type="hidden" name="currency" value="\(invoice.openAmount.currency.code)">\
            <input name="date" type="date" required value="\(date)" aria-label="promised date">
            """)
    }

    /// Every form for one invoice (the Buyer page).
    public static func all(buyerId: BuyerId, invoice: InvoiceStanding, today: CalendarDate?, csrf: String) -> HTMLText {
        let currency = invoice.openAmount.currency.code
        let start = today ?? invoice.lastActionDate
        var html = promise(buyerId: buyerId, invoice: invoice, today: today, csrf: csrf)
        html.append(form(.plan, buyerId: buyerId, invoiceId: invoice.invoiceId, csrf: csrf, label: "Agree plan", fields: """
            <input type="hidden" name="currency" value="\(currency)">\
            <input name="date1" type="date" value="\(start.adding(days: 30))" aria-label="first instalment date"><input name="amount1" inputmode="decimal" aria-label="first instalment amount">\
            <input name="date2" type="date" value="\(start.adding(days: 60))" aria-label="second instalment date"><input name="amount2" inputmode="decimal" aria-label="second instalment amount">
            """))
        if invoice.openDispute != nil {
            html.append(form(.dispute, buyerId: buyerId, invoiceId: invoice.invoiceId, csrf: csrf, label: "Record dispute outcome", fields: """
                <select name="outcome"><option value="rejected">rejected</option><option value="upheld">upheld</option></select>\
                <input type="hidden" name="currency" value="\(currency)">\
                <input name="amount" inputmode="decimal" placeholder="credit note" aria-label="credit note amount">\
                <input name="note" maxlength="500" placeholder="reason" aria-label="dispute reason">
                """))
        }
        html.append(form(invoice.isBlocked ? .unblock : .block, buyerId: buyerId, invoiceId: invoice.invoiceId, csrf: csrf,
                         label: invoice.isBlocked ? "Unblock dunning" : "Block dunning",
                         fields: "<input name=\"reason\" maxlength=\"500\" placeholder=\"reason\" aria-label=\"reason\">"))
        html.append(form(.level, buyerId: buyerId, invoiceId: invoice.invoiceId, csrf: csrf, label: "Override level", fields: """
            <select name="level"><option value="">policy level</option>\
            \((0...4).map { HTMLText("<option value=\"\($0)\">level \($0)</option>") }.joined())</select>
            """))
        if invoice.lastAction == .creditHold || invoice.lastAction == .writeOffProposal {
            html.append(form(.release, buyerId: buyerId, invoiceId: invoice.invoiceId, csrf: csrf, label: "Release hold"))
        }
        return html
    }

    /// The admin's customer-tier form for a buyer.
    public static func tier(buyerId: BuyerId, current: CustomerTier?, csrf: String) -> HTMLText {
        form(.tier, buyerId: buyerId, invoiceId: nil, csrf: csrf, label: "Set tier", fields: """
            <select name="tier">\(CustomerTier.allCases.map { tier in
                HTMLText("<option value=\"\(tier.rawValue)\"\(HTMLText(trusted: tier == current ? " selected" : ""))>\(tier.rawValue)</option>")
            }.joined())</select>
            """)
    }
}
