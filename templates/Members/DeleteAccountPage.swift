/// `/settings/delete`: erasing one's own account, confirmed with the password.
public struct DeleteAccountPage: PageView {
    public var title: String { "Delete your account" }
    /// Messages by field: `password`.
    public var errors: [String: String] = [:]

    public init() {}

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        <section class="narrow">
          <h1>Delete your account</h1>
          <p>Your name, email address, username, profile, sessions, two-factor sign-in and notifications are erased at once, and you are signed out. This cannot be undone.</p>
          <p>Your posts stay, so that conversations still make sense, shown as written by “former member”. You may want to <a href="\(SiteURL.settingsExport)" download>download your data</a> first.</p>
          <form method="post" action="\(SiteURL.settingsDelete)" class="stacked-form">
            \(viewer.csrfField)
            <label for="password">Your password, to confirm</label>
            \(FormParts.error("password", errors["password"]))
            <input id="password" name="password" type="password" autocomplete="current-password" required\(FormParts.invalid("password", errors["password"]))>
            <button type="submit" class="danger">Delete my account</button>
          </form>
        </section>

        """)
    }
}
