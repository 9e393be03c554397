/// `/invite/{token}`: choosing a username, name and password to accept an invitation.
public struct InvitationPage: PageView {
    public var title: String { "Join Roundtable" }
    public var token: String
    public var email: String
    public var roleLabel: String
    public var schoolName: String?
    public var username = ""
    public var name = ""
    /// Problems that belong to no one field.
    public var errors: [String] = []
    /// Messages by field: `username`, `name`, `password`, `password_confirm`.
    public var fieldErrors: [String: String] = [:]

    public init(token: String, email: String, roleLabel: String, schoolName: String?) {
        self.token = token
        self.email = email
        self.roleLabel = roleLabel
        self.schoolName = schoolName
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        <section class="narrow">
          <h1>Join Roundtable</h1>
          <p>You were invited as <strong>\(email)</strong>: \(roleLabel)\(if: schoolName != nil, " at \(schoolName)"). Choose how you'll appear and sign in.</p>
          \(FormParts.alerts(errors))<form method="post" action="\(SiteURL.invitation(token: .value(token)))" class="stacked-form">
            \(viewer.csrfField)
            <label for="username">Username</label>
            \(FormParts.error("username", fieldErrors["username"]))
            <input id="username" name="username" type="text" autocomplete="username" required maxlength="30" pattern="[A-Za-z0-9_]{2,30}" value="\(username)"\(FormParts.invalid("username", fieldErrors["username"]))>
            <label for="name">Display name</label>
            \(FormParts.error("name", fieldErrors["name"]))
            <input id="name" name="name" type="text" autocomplete="name" required maxlength="100" value="\(name)"\(FormParts.invalid("name", fieldErrors["name"]))>
            <label for="password">Password (at least 10 characters)</label>
            \(FormParts.error("password", fieldErrors["password"]))
            <input id="password" name="password" type="password" autocomplete="new-password" required minlength="10"\(FormParts.invalid("password", fieldErrors["password"]))>
            <label for="password_confirm">Password again</label>
            \(FormParts.error("password_confirm", fieldErrors["password_confirm"]))
            <input id="password_confirm" name="password_confirm" type="password" autocomplete="new-password" required\(FormParts.invalid("password_confirm", fieldErrors["password_confirm"]))>
            <button type="submit">Create my account</button>
          </form>
        </section>

        """)
    }
}
