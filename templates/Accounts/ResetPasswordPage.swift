/// `/password/reset/{token}`: choosing a new password from a mailed link.
public struct ResetPasswordPage: PageView {
    public var title: String { "Choose a new password" }
    public var token: String
    /// Messages by field: `password`, `password_confirm`.
    public var errors: [String: String]

    public init(token: String, errors: [String: String] = [:]) {
        self.token = token
        self.errors = errors
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        <section class="narrow">
          <h1>Choose a new password</h1>
          <p>Signing in again will be needed everywhere: the new password ends every session of your account.</p>
          <form method="post" action="\(SiteURL.passwordReset(token: .value(token)))" class="stacked-form">
            \(viewer.csrfField)
            <label for="password">New password (at least 10 characters)</label>
            \(FormParts.error("password", errors["password"]))
            <input id="password" name="password" type="password" autocomplete="new-password" required minlength="10"\(FormParts.invalid("password", errors["password"]))>
            <label for="password_confirm">New password again</label>
            \(FormParts.error("password_confirm", errors["password_confirm"]))
            <input id="password_confirm" name="password_confirm" type="password" autocomplete="new-password" required\(FormParts.invalid("password_confirm", errors["password_confirm"]))>
            <button type="submit">Save the new password</button>
          </form>
        </section>

        """)
    }
}
