/// `/login`: signing in, and where to go afterwards.
public struct LoginPage: PageView {
    public var title: String { "Sign in" }
    public var email: String
    /// A local path, already checked.
    public var next: String
    public var error: String?

    public init(email: String = "", next: String, error: String? = nil) {
        self.email = email
        self.next = next
        self.error = error
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        <section class="narrow">
          <h1>Sign in</h1>
          \(if: error != nil, "<p class=\"alert\" role=\"alert\">\(error)</p>")
          <form method="post" action="\(SiteURL.login)" class="stacked-form">
            \(viewer.csrfField)
            <input type="hidden" name="next" value="\(next)">
            <label for="email">Email</label>
            <input id="email" name="email" type="email" autocomplete="email" required value="\(email)">
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required>
            <button type="submit">Sign in</button>
          </form>
          <p><a href="\(SiteURL.passwordForgot)">Forgot your password?</a></p>
          <p class="muted">Roundtable is invitation-only. Ask your school's administrator for an invitation.</p>
        </section>

        """)
    }
}
