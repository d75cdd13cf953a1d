import Domain

/// The Worklist page: calls, letters and notices due, promises falling due, disputes waiting, each row with the
/// form to record what the collector did; and what collectors recorded, with dunning's answer once it came.
public enum WorklistPage {
    /// The page's content; `csrf` is nil for a viewer (no forms).
    public static func body(_ worklist: Worklist, today: CalendarDate?, csrf: String?, message: HTMLText?) -> HTMLText {
        var html = message ?? HTMLText()
        html.append("<h2>Calls, letters and notices due</h2>")
        html.append(table(id: "actions-due", worklist.actionsDue, today: today, csrf: csrf) { item in
            "\(item.invoice.lastAction.rawValue) via \(item.invoice.lastChannel.rawValue) since \(item.invoice.lastActionDate)"
        })
        html.append("<h2>Promises falling due</h2>")
        html.append(table(id: "promises-due", worklist.promisesFallingDue, today: today, csrf: csrf) { item in
            item.invoice.promise.map { "\(Layout.money($0.amount)) promised by \($0.promisedDate)\($0.collector.map { " (recorded by \($0))" } ?? "")" } ?? ""
        })
        html.append("<h2>Disputes waiting for an outcome</h2>")
        html.append(table(id: "disputes-waiting", worklist.disputesWaiting, today: today, csrf: csrf, disputes: true) { item in
            "disputed since \(item.invoice.openDispute.map { "\($0.raisedAt.calendarDate)" } ?? "?")\(item.invoice.openDispute?.message.map { ": \($0)" } ?? "")"
        })
        html.append("<h2>Recorded by collectors</h2><table id=\"recorded\"><tr><th>When</th><th>Buyer</th><th>What</th><th>By</th><th>Dunning</th></tr>")
        for (update, answer) in worklist.recorded {
            html.append("""
                <tr><td>\(update.envelope.time)</td><td>\(Layout.buyerLink(update.envelope.buyerId))</td><td>\(update.summary)</td>
                <td>\(update.user ?? "—")</td><td class="answer">\(answer.map { "\($0.summary) — \($0.rule ?? "")" } ?? "waiting for dunning")</td></tr>
                """)
        }
        html.append("</table>")
        return html
    }

    private static func table(id: String, _ items: [Worklist.Item], today: CalendarDate?, csrf: String?, disputes: Bool = false,
                              detail: (Worklist.Item) -> String) -> HTMLText {
        guard !items.isEmpty else { return "<p class=\"muted\" id=\"\(id)\">Nothing.</p>" }
        var html: HTMLText = "<table id=\"\(id)\"><tr><th>Buyer</th><th>Invoice</th><th class=\"num\">Days past due</th><th class=\"num\">Level</th><th class=\"num\">Open</th><th>Detail</th>\(HTMLText(trusted: csrf == nil ? "" : "<th>Record</th>"))</tr>"
        for item in items {
            html.append("""
                <tr data-invoice="\(item.invoice.invoiceId.rawValue)"><td>\(Layout.buyerLink(item.buyerId))</td><td>\(item.invoice.invoiceId.rawValue)</td>
                <td class="num">\(today.map { item.invoice.daysPastDue(on: $0) } ?? item.invoice.daysPastDueAtAction)</td>
                <td class="num">\(item.invoice.level)</td><td class="num">\(Layout.money(item.invoice.openAmount))</td><td>\(detail(item))</td>
                """)
            if let csrf {
                var forms = disputes ? HTMLText() : ActionForms.promise(buyerId: item.buyerId, invoice: item.invoice, today: today, csrf: csrf)
                if disputes {
                    forms.append(ActionForms.form(.dispute, buyerId: item.buyerId, invoiceId: item.invoice.invoiceId, csrf: csrf,
                                                  label: "Record outcome", fields: """
                        <select name="outcome"><option value="rejected">rejected</option><option value="upheld">upheld</option></select>\
                        <input type="hidden" name="currency" value="\(item.invoice.openAmount.currency.code)">\
                        <input name="amount" inputmode="decimal" placeholder="credit note" aria-label="credit note amount">\
                        <input name="note" maxlength="500" placeholder="reason" aria-label="dispute reason">
                        """))
                }
                forms.append(ActionForms.form(.block, buyerId: item.buyerId, invoiceId: item.invoice.invoiceId, csrf: csrf, label: "Block"))
                html.append("<td>\(forms)</td>")
            }
            html.append("</tr>")
        }
        html.append("</table>")
        return html
    }
}
