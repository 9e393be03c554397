import Foundation

/// `/admin/invitations`: inviting one person or many from a CSV file, and every invitation
/// with its state.
public struct AdminInvitationsPage: PageView {
    public struct Row: Sendable {
        public var id: Int
        public var email: String
        public var name: String?
        public var role: String
        public var school: String?
        public var created: Date
        public var expires: Date
        public var state: String
        public var canRevoke: Bool
        public var canResend: Bool

        public init(id: Int, email: String, name: String?, role: String, school: String?, created: Date, expires: Date,
                    state: String, canRevoke: Bool, canResend: Bool) {
            self.id = id
            self.email = email
            self.name = name
            self.role = role
            self.school = school
            self.created = created
            self.expires = expires
            self.state = state
            self.canRevoke = canRevoke
            self.canResend = canResend
        }
    }

    public var title: String { "Invitations" }
    public var invitations: [Row]
    public var roles: [SelectOption]
    public var schools: [SelectOption]
    public var email = ""
    public var errors: [String] = []
    /// Messages by field: `email`, `role`, `school`, `file`.
    public var fieldErrors: [String: String] = [:]
    public var pagination: Pagination

    public init(invitations: [Row], roles: [SelectOption], schools: [SelectOption], email: String, pagination: Pagination) {
        self.invitations = invitations
        self.roles = roles
        self.schools = schools
        self.email = email
        self.pagination = pagination
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        let csrf = viewer.csrfField
        html("""
        \(AdminNav.html)<h1>Invitations</h1>
        \(FormParts.alerts(errors))<section>
          <h2>Invite someone</h2>
          <form method="post" action="\(SiteURL.adminInvitations)" class="stacked-form">
            \(csrf)
            <label for="email">Email</label>
            \(FormParts.error("email", fieldErrors["email"]))
            <input id="email" name="email" type="email" required value="\(email)"\(FormParts.invalid("email", fieldErrors["email"]))>
            <label for="role">Role</label>
            \(FormParts.error("role", fieldErrors["role"]))
            <select id="role" name="role"\(FormParts.invalid("role", fieldErrors["role"]))>\(SelectOption.html(roles))</select>
            <label for="school">School</label>
            \(FormParts.error("school", fieldErrors["school"]))
            <select id="school" name="school"\(FormParts.invalid("school", fieldErrors["school"]))>\(SelectOption.html(schools))</select>
            <button type="submit">Send invitation</button>
          </form>
        </section>
        <section>
          <h2>Invite many from a CSV file</h2>
          <p class="muted">Columns <code>email,name,role,school</code> with a header row; role is member, moderator or admin; school is a school's slug.</p>
          <form method="post" action="\(SiteURL.adminInvitationsBulk)" enctype="multipart/form-data" class="stacked-form">
            \(csrf)
            <label for="file">CSV file</label>
            \(FormParts.error("file", fieldErrors["file"]))
            <input id="file" name="file" type="file" accept=".csv,text/csv" required\(FormParts.invalid("file", fieldErrors["file"]))>
            <button type="submit">Upload and invite</button>
          </form>
        </section>
        <section>
          <h2>All invitations</h2>
          <div class="table-scroll">
          <table class="admin-table">
            <thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">School</th><th scope="col">Sent</th><th scope="col">Expires</th><th scope="col">State</th><th scope="col">Actions</th></tr></thead>
            <tbody>

        """)
        for invitation in invitations {
            html("""
                  <tr>
                    <td>\(invitation.email)\(if: invitation.name?.isEmpty == false, " (\(invitation.name))")</td><td>\(invitation.role)</td><td>\(invitation.school)</td><td>\(Format.date(invitation.created))</td><td>\(Format.date(invitation.expires))</td>
                    <td><span class="state state-\(invitation.state)">\(invitation.state)</span></td>
                    <td>
                      \(if: invitation.canResend, "<form method=\"post\" action=\"\(SiteURL.adminInvitationAction(.value(invitation.id), .resend))\" class=\"inline-form\">\(csrf)<button type=\"submit\">Resend</button></form>")
                      \(if: invitation.canRevoke, "<form method=\"post\" action=\"\(SiteURL.adminInvitationAction(.value(invitation.id), .revoke))\" class=\"inline-form\">\(csrf)<button type=\"submit\">Revoke</button></form>")
                    </td>
                  </tr>

            """)
        }
        if invitations.isEmpty { html("    <tr><td colspan=\"7\">No invitations yet.</td></tr>\n") }
        html("    </tbody>\n  </table>\n  </div>\n")
        html(pagination.html)
        html("</section>\n")
    }
}
