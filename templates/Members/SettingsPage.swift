import Foundation

/// `/settings`: the member's display name, password and the browsers signed in to the account.
public struct SettingsPage: PageView {
    public struct Session: Sendable {
        public var id: Int
        public var device: String
        public var ip: String?
        public var started: Date
        public var lastSeen: Date
        public var isCurrent: Bool

        public init(id: Int, device: String, ip: String?, started: Date, lastSeen: Date, isCurrent: Bool) {
            self.id = id
            self.device = device
            self.ip = ip
            self.started = started
            self.lastSeen = lastSeen
            self.isCurrent = isCurrent
        }
    }

    public var title: String { "Settings" }
    public var name: String
    public var sessions: [Session]
    /// Messages by field: `name`, `current_password`, `password`, `password_confirm`.
    public var errors: [String: String] = [:]

    public init(name: String, sessions: [Session]) {
        self.name = name
        self.sessions = sessions
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        let csrf = viewer.csrfField
        html("""
        <h1>Settings</h1>
        <section aria-labelledby="name-heading" class="narrow">
          <h2 id="name-heading">Display name</h2>
          <form method="post" action="\(SiteURL.settingsName)" class="stacked-form">
            \(csrf)
            <label for="name">Display name</label>
            \(FormParts.error("name", errors["name"]))
            <input id="name" name="name" type="text" required maxlength="100" value="\(name)"\(FormParts.invalid("name", errors["name"]))>
            <button type="submit">Save name</button>
          </form>
        </section>
        <section aria-labelledby="password-heading" class="narrow">
          <h2 id="password-heading">Password</h2>
          <p class="muted">Changing your password signs you out everywhere else.</p>
          <form method="post" action="\(SiteURL.settingsPassword)" class="stacked-form">
            \(csrf)
            <label for="current_password">Current password</label>
            \(FormParts.error("current_password", errors["current_password"]))
            <input id="current_password" name="current_password" type="password" autocomplete="current-password" required\(FormParts.invalid("current_password", errors["current_password"]))>
            <label for="password">New password (at least 10 characters)</label>
            \(FormParts.error("password", errors["password"]))
            <input id="password" name="password" type="password" autocomplete="new-password" required minlength="10"\(FormParts.invalid("password", errors["password"]))>
            <label for="password_confirm">New password again</label>
            \(FormParts.error("password_confirm", errors["password_confirm"]))
            <input id="password_confirm" name="password_confirm" type="password" autocomplete="new-password" required\(FormParts.invalid("password_confirm", errors["password_confirm"]))>
            <button type="submit">Change password</button>
          </form>
        </section>
        <section aria-labelledby="email-heading" class="narrow">
          <h2 id="email-heading">Email</h2>
          <p>Choose how often Roundtable mails you about replies, mentions, messages and feedback: <a href="\(SiteURL.settingsEmail)">Email settings</a></p>
        </section>
        <section aria-labelledby="sessions-heading">
          <h2 id="sessions-heading">Where you're signed in</h2>
          <div class="table-scroll">
          <table class="admin-table">
            <thead><tr><th scope="col">Browser</th><th scope="col">Address</th><th scope="col">Signed in</th><th scope="col">Last seen</th><th scope="col">Actions</th></tr></thead>
            <tbody>

        """)
        for session in sessions {
            html("""
                  <tr><td>\(session.device)\(if: session.isCurrent, " <strong>(this browser)</strong>")</td><td>\(session.ip)</td><td>\(Format.date(session.started))</td><td>\(Format.date(session.lastSeen))</td>
                    <td><form method="post" action="\(SiteURL.endSession(.value(session.id)))" class="inline-form">\(csrf)<button type="submit">\(if: session.isCurrent, "Sign out", else: "End session")</button></form></td></tr>

            """)
        }
        html("    </tbody>\n  </table>\n  </div>\n</section>\n")
        html("""
        <section aria-labelledby="security-heading" class="narrow">
          <h2 id="security-heading">Account security and your data</h2>
          <ul>
            <li><a href="\(SiteURL.settingsTwoFactor)">Two-factor sign-in</a></li>
            <li><a href="\(SiteURL.settingsExport)" download>Download your data</a> (a JSON file)</li>
            <li><a href="\(SiteURL.settingsDelete)">Delete your account</a></li>
          </ul>
        </section>

        """)
    }
}
