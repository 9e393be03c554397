/// `/login/2fa`: the second step of signing in, after a correct password.
public struct TwoFactorLoginPage: PageView {
    public var title: String { "Enter your code" }
    public var error: String?

    public init(error: String? = nil) {
        self.error = error
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        <section class="narrow">
          <h1>Enter your code</h1>
          <p>Open your authenticator app and enter the 6-digit code it shows for Roundtable, or one of your unused recovery codes.</p>
          \(if: error != nil, "<p class=\"alert\" role=\"alert\" id=\"code-error\">\(error)</p>")
          <form method="post" action="\(SiteURL.loginTwoFactor)" class="stacked-form">
            \(viewer.csrfField)
            <label for="code">Code</label>
            <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required maxlength="40" autofocus\(if: error != nil, " aria-invalid=\"true\" aria-describedby=\"code-error\"")>
            <button type="submit">Sign in</button>
          </form>
          <p><a href="\(SiteURL.login)">Start again</a></p>
        </section>

        """)
    }
}
