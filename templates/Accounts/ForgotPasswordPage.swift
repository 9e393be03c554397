/// `/password/forgot`: asking for a reset link; the same answer whether or not the address
/// has an account.
public struct ForgotPasswordPage: PageView {
    public var title: String { "Forgot your password?" }
    public var email: String
    public var sent: Bool
    public var error: String?

    public init(email: String = "", sent: Bool = false, error: String? = nil) {
        self.email = email
        self.sent = sent
        self.error = error
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        <section class="narrow">
          <h1>Forgot your password?</h1>
          \(if: error != nil, "<p class=\"alert\" role=\"alert\">\(error)</p>")

        """)
        if sent {
            html("""
              <p class="notice" role="status">If an account uses \(email), we've sent it a link to choose a new password. The link works for an hour.</p>
              <p><a href="\(SiteURL.login)">Back to sign in</a></p>

            """)
        } else {
            html("""
              <p>Enter the email address of your account and we'll mail you a link to choose a new password.</p>
              <form method="post" action="\(SiteURL.passwordForgot)" class="stacked-form">
                \(viewer.csrfField)
                <label for="email">Email</label>
                <input id="email" name="email" type="email" autocomplete="email" required value="\(email)">
                <button type="submit">Send the link</button>
              </form>

            """)
        }
        html("</section>\n")
    }
}
