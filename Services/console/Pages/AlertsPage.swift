import Domain
import Foundation

/// The Alerts page: the latest alerts filtered by type and severity, kept live by `/alerts/stream` (server-sent
/// events, read by the page's small same-origin script); without scripts it is still the latest list.
public enum AlertsPage {
    /// Rows the page renders at most.
    public static let rowLimit = 500

    /// Which alerts the page and the stream show: a type and a least severity, both optional.
    public struct Filter: Sendable, Hashable {
        public var type: AlertType?
        public var severity: AlertSeverity?

        /// From the query parameters `type` and `severity`; unknown values mean no filter.
        public init(parameters: [String: String]) {
            type = parameters["type"].flatMap { $0.isEmpty || $0.count > 64 ? nil : AlertType(rawValue: $0) }
            severity = parameters["severity"].flatMap(AlertSeverity.init(rawValue:))
        }

        /// Whether `alert` passes.
        public func matches(_ alert: Alert) -> Bool {
            if let type, alert.alertType != type { return false }
            if let severity, Self.rank(alert.severity) < Self.rank(severity) { return false }
            return true
        }

        static func rank(_ severity: AlertSeverity) -> Int { AlertSeverity.allCases.firstIndex(of: severity) ?? 0 }
    }

    /// The page's content.
    public static func body(_ alerts: [Alert], filter: Filter) -> HTMLText {
        var html: HTMLText = "<form class=\"filters\" method=\"get\" action=\"/alerts\"><select name=\"type\"><option value=\"\">any type</option>"
        for type in AlertType.known {
            html.append("<option value=\"\(type.rawValue)\"\(HTMLText(trusted: filter.type == type ? " selected" : ""))>\(type.rawValue)</option>")
        }
        html.append("</select><select name=\"severity\"><option value=\"\">any severity</option>")
        for severity in AlertSeverity.allCases {
            html.append("<option value=\"\(severity.rawValue)\"\(HTMLText(trusted: filter.severity == severity ? " selected" : ""))>\(severity.rawValue) and above</option>")
        }
        html.append("""
            </select><button type="submit">Filter</button></form>
            <p class="muted">Live: <span id="live-count">0</span> new since this page opened.</p>
            <table id="alerts"><thead><tr><th>Raised</th><th>Severity</th><th>Type</th><th>Buyer</th><th>Invoice</th><th>Message</th></tr></thead><tbody id="alerts-body">
            """)
        for alert in alerts {
            html.append("""
                <tr><td>\(alert.raisedAt)</td><td class="severity-\(alert.severity.rawValue)">\(alert.severity.rawValue)</td><td>\(alert.alertType.rawValue)</td>
                <td>\(Layout.buyerLink(alert.buyerId))</td><td>\(alert.invoiceId?.rawValue ?? "")</td><td>\(alert.message ?? "")</td></tr>
                """)
        }
        html.append("</tbody></table>")
        return html
    }

    /// One server-sent event carrying `alert` as JSON (`event: alert`); JSON escapes every control character, so
    /// a message cannot end the event early.
    public static func serverSentEvent(_ alert: Alert) -> String {
        struct Payload: Encodable {
            var buyerId: String, alertId: String, alertType: String, severity: String, raisedAt: String
            var invoiceId: String?, message: String?
        }
        let payload = Payload(buyerId: alert.buyerId.rawValue, alertId: alert.alertId, alertType: alert.alertType.rawValue,
                              severity: alert.severity.rawValue, raisedAt: alert.raisedAt.description,
                              invoiceId: alert.invoiceId?.rawValue, message: alert.message)
        let json = (try? JSONEncoder().encode(payload)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return "event: alert\nid: \(alert.alertId.filter { !$0.isNewline })\ndata: \(json)\n\n"
    }
}
