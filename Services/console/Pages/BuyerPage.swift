import Domain

/// The Buyer page: the current assessment with its reasons, open invoices with days past due, dunning level and
/// next action, a timeline of every event, decision, action and claim with the rule that made it, and the alerts.
public enum BuyerPage {
    /// The page's content; `csrf` is nil for a viewer (no forms).
    public static func body(_ buyer: BuyerView, today: CalendarDate?, policy: Policy, csrf: String?, role: Role) -> HTMLText {
        var html = HTMLText()
        let position = buyer.position
        html.append("""
            <div class="cards">
            <div class="card">Exposure<b id="exposure">\(Layout.money(position?.exposure))</b></div>
            <div class="card">Credit limit<b id="limit">\(Layout.money(buyer.creditLimit))</b></div>
            <div class="card">Utilisation<b>\(Layout.figure(buyer.utilisation, suffix: " %"))</b></div>
            <div class="card">Open<b>\(Layout.money(position?.openAmount))</b></div>
            <div class="card">Overdue<b id="overdue">\(Layout.money(position?.overdueAmount))</b></div>
            <div class="card">On credit hold<b>\(position.map { $0.onCreditHold ? "yes" : "no" } ?? "—")</b></div>
            <div class="card">Tier<b>\(buyer.tier?.rawValue ?? "standard")</b></div>
            </div>
            <p class="muted">Position as of \(position.map { "\($0.asOf)" } ?? "—")</p>
            <h2>Assessment</h2>
            """)
        if let assessment = buyer.assessment {
            html.append("""
                <table id="assessment"><tr><th>Score</th><td class="num">\(Layout.figure(assessment.score))</td></tr>
                <tr><th>Grade</th><td class="num" id="grade">\(assessment.grade)</td></tr>
                <tr><th>Class</th><td>\(assessment.creditClass.rawValue)</td></tr>
                <tr><th>Recommended limit</th><td class="num">\(Layout.money(assessment.creditLimit))</td></tr>
                <tr><th>PAYDEX</th><td class="num">\(assessment.paydex.map { "\($0)" } ?? "—")</td></tr>
                <tr><th>Probability of default</th><td class="num">\(assessment.probabilityOfDefault.map { Layout.figure($0 * 100, suffix: " %") } ?? "—")</td></tr>
                <tr><th>Assessed</th><td>\(assessment.assessedAt) · model \(assessment.modelVersion) · policy v\(assessment.policyVersion)\(assessment.insolvent ? " · insolvent" : "")</td></tr>
                </table><h3>Reasons</h3><table id="reasons"><tr><th>factor</th><th class="num">impact</th><th>detail</th></tr>
                """)
            for reason in assessment.reasons + (assessment.financialReasons ?? []) {
                html.append("<tr><td>\(reason.factor)</td><td class=\"num\">\(Layout.figure(reason.impact))</td><td>\(reason.detail ?? "")</td></tr>")
            }
            html.append("</table>")
        } else {
            html.append("<p>No assessment yet.</p>")
        }
        if role.permits(.admin), let csrf { html.append(ActionForms.tier(buyerId: buyer.buyerId, current: buyer.tier, csrf: csrf)) }
        html.append("<h2>Open invoices</h2><table id=\"invoices\"><tr><th>Invoice</th><th class=\"num\">Days past due</th><th class=\"num\">Level</th><th>Last action</th><th class=\"num\">Open</th><th>Status</th><th>Next action</th>\(HTMLText(trusted: csrf == nil ? "" : "<th>Record</th>"))</tr>")
        for invoice in buyer.openInvoices {
            let next = NextDunningStep.of(invoice, tier: buyer.tier, policy: policy.dunning)
            var status: [String] = []
            if invoice.isBlocked { status.append("blocked") }
            if invoice.openDispute != nil { status.append("disputed") }
            if let promise = invoice.promise { status.append("promised \(Layout.money(promise.amount)) by \(promise.promisedDate)") }
            html.append("""
                <tr data-invoice="\(invoice.invoiceId.rawValue)"><td>\(invoice.invoiceId.rawValue)</td>
                <td class="num">\(today.map { invoice.daysPastDue(on: $0) } ?? invoice.daysPastDueAtAction)</td>
                <td class="num">\(invoice.level)</td><td>\(invoice.lastAction.rawValue) (\(invoice.lastActionDate))</td>
                <td class="num">\(Layout.money(invoice.openAmount))</td><td>\(status.joined(separator: ", "))</td>
                <td>\(next?.summary ?? "—")</td>
                """)
            if let csrf { html.append("<td>\(ActionForms.all(buyerId: buyer.buyerId, invoice: invoice, today: today, csrf: csrf))</td>") }
            html.append("</tr>")
        }
        html.append("</table><h2>Alerts</h2><table id=\"buyer-alerts\"><tr><th>Raised</th><th>Type</th><th>Severity</th><th>Invoice</th><th>Message</th></tr>")
        for alert in buyer.alerts.newestFirst {
            html.append("<tr><td>\(alert.raisedAt)</td><td>\(alert.alertType.rawValue)</td><td class=\"severity-\(alert.severity.rawValue)\">\(alert.severity.rawValue)</td><td>\(alert.invoiceId?.rawValue ?? "")</td><td>\(alert.message ?? "")</td></tr>")
        }
        html.append("</table><h2>Timeline</h2><table id=\"timeline\"><tr><th>When</th><th>Source</th><th>What</th><th>Rule</th></tr>")
        for entry in buyer.timeline.newestFirst {
            html.append("<tr class=\"source-\(entry.source.rawValue)\"><td>\(entry.time)</td><td>\(entry.source.rawValue)</td><td>\(entry.summary)</td><td>\(entry.rule ?? "")</td></tr>")
        }
        html.append("</table>")
        return html
    }
}
