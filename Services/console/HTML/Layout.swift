import Domain
import Foundation

/// The frame of every page: title, navigation, who is signed in (with a logout form carrying its CSRF token),
/// the stylesheet from `/static`, and nothing from the internet.
public enum Layout {
    /// The navigation entries: path, label, least role.
    static let navigation: [(path: String, label: String, role: Role)] = [
        ("/", "Portfolio", .viewer), ("/buyers", "Buyers", .viewer), ("/worklist", "Worklist", .viewer),
        ("/claims", "Claims", .viewer), ("/alerts", "Alerts", .viewer), ("/admin/users", "Users", .admin),
    ]

    /// A whole page.
    /// - Parameters:
    ///   - session: the signed-in user (nil on the login page).
    ///   - csrf: the session's CSRF token, for the logout form.
    ///   - scripts: same-origin scripts the page needs (the Alerts page's live feed).
    public static func page(title: String, active: String, session: Session?, csrf: String?, today: CalendarDate?,
                            body: HTMLText, scripts: [String] = []) -> HTMLText {
        var nav = HTMLText()
        if let session {
            for entry in navigation where session.role.permits(entry.role) {
                nav.append("<a href=\"\(entry.path)\"\(HTMLText(trusted: entry.path == active ? " class=\"active\"" : ""))>\(entry.label)</a>")
            }
            nav.append("<span class=\"who\">\(session.user) (\(session.role.rawValue))\(today.map { " · business day \($0)" } ?? "")</span>")
            nav.append("<form class=\"logout\" method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"\(csrf ?? "")\"><button type=\"submit\">Log out</button></form>")
        }
        let scriptTags = scripts.map { HTMLText("<script src=\"\($0)\" defer></script>") }.joined()
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="same-origin">
            <title>\(title) · Credence</title><link rel="stylesheet" href="/static/console.css">\(scriptTags)</head>
            <body><header><span class="brand">Credence</span><nav>\(nav)</nav></header>
            <main><h1>\(title)</h1>
            \(body)</main></body></html>
            """
    }

    /// `12,345.67 USD`.
    public static func money(_ money: Money?) -> String {
        guard let money else { return "—" }
        let scale = pow(10.0, Double(money.currency.minorUnitExponent))
        return "\(SVGChart.grouped(Double(money.amountMinor) / scale)) \(money.currency.code)"
    }

    /// A money amount as a plain number in major units (charts).
    public static func major(_ money: Money) -> Double {
        Double(money.amountMinor) / pow(10.0, Double(money.currency.minorUnitExponent))
    }

    /// A figure with one decimal, or a dash.
    public static func figure(_ value: Double?, suffix: String = "") -> String {
        value.map { String(format: "%.1f", $0) + suffix } ?? "—"
    }

    /// The hidden CSRF field of a form.
    public static func csrfField(_ token: String) -> HTMLText {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(token)\">"
    }

    /// A link to a buyer's page.
    public static func buyerLink(_ buyerId: BuyerId) -> HTMLText {
        "<a href=\"/buyers/\(buyerId.rawValue.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? "")\">\(buyerId.rawValue)</a>"
    }
}
