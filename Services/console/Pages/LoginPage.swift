/// The login page: user name and password, with the CSRF token bound to the pre-login cookie.
public enum LoginPage {
    /// The page; `next` is where to go after logging in (a local path only).
    public static func page(csrf: String, next: String, error: String?) -> HTMLText {
        Layout.page(title: "Log in", active: "/login", session: nil, csrf: nil, today: nil, body: """
            <form class="login" method="post" action="/login">
            \(error.map { HTMLText("<p class=\"error\" id=\"login-error\">\($0)</p>") } ?? HTMLText())
            \(Layout.csrfField(csrf))<input type="hidden" name="next" value="\(next)">
            <label for="user">User</label><input id="user" name="user" autocomplete="username" required maxlength="64">
            <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required maxlength="200">
            <p><button type="submit" id="login-submit">Log in</button></p></form>
            """)
    }

    /// `next` if it is a path on this site, else `/` (no open redirect to another host).
    public static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), next.count < 512,
              !next.unicodeScalars.contains(where: { $0.value < 0x20 }) else { return "/" }
        return next
    }
}
