import Foundation

/// `/admin/users`: members found by name or email, their role and whether they may sign in.
public struct AdminUsersPage: PageView {
    public struct Row: Sendable {
        public var id: Int
        public var username: String
        public var name: String
        public var email: String
        public var school: String?
        public var joined: Date
        public var role: String
        public var deactivated: Bool
        public var isSelf: Bool
        /// Set after `init` by the security pages' query (issue 15).
        public var twoFactorOn = false
        public var erased = false

        public init(id: Int, username: String, name: String, email: String, school: String?, joined: Date,
                    role: String, deactivated: Bool, isSelf: Bool) {
            self.id = id
            self.username = username
            self.name = name
            self.email = email
            self.school = school
            self.joined = joined
            self.role = role
            self.deactivated = deactivated
            self.isSelf = isSelf
        }
    }

    public var title: String { "Members" }
    public var query: String
    /// Every role as (value, label), in order.
    public var roles: [(value: String, label: String)]
    public var users: [Row]
    public var pagination: Pagination

    public init(query: String, roles: [(value: String, label: String)], users: [Row], pagination: Pagination) {
        self.query = query
        self.roles = roles
        self.users = users
        self.pagination = pagination
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        let csrf = viewer.csrfField
        html("""
        \(AdminNav.html)<h1>Members</h1>
        <form method="get" action="\(SiteURL.adminUsers)" class="search-form" role="search">
          <label for="q">Search by username, name or email</label>
          <input id="q" name="q" type="search" value="\(query)">
          <button type="submit">Search</button>
        </form>
        <div class="table-scroll">
        <table class="admin-table">
          <thead><tr><th scope="col">Member</th><th scope="col">Email</th><th scope="col">School</th><th scope="col">Joined</th><th scope="col">Role</th><th scope="col">Account</th></tr></thead>
          <tbody>

        """)
        for user in users {
            let roleLabel = roles.first { $0.value == user.role }?.label ?? user.role
            let role: HTML = user.isSelf
                ? "\(roleLabel) (you)"
                : "<form method=\"post\" action=\"\(SiteURL.adminUserAction(.value(user.id), .role))\" class=\"inline-form\">\(csrf)<label for=\"role-\(user.id)\" class=\"visually-hidden\">Role of \(user.username)</label><select id=\"role-\(user.id)\" name=\"role\">\(SelectOption.html(roles.map { SelectOption(value: $0.value, label: $0.label, selected: $0.value == user.role) }))</select> <button type=\"submit\">Change</button></form>"
            let account: HTML = user.isSelf ? .empty
                : "<form method=\"post\" action=\"\(SiteURL.adminUserAction(.value(user.id), user.deactivated ? .reactivate : .deactivate))\" class=\"inline-form\">\(csrf)<button type=\"submit\">\(if: user.deactivated, "Reactivate", else: "Deactivate")</button></form>"
            let security: HTML = user.isSelf || user.erased ? .empty : """
                \(if: user.twoFactorOn, "<form method=\"post\" action=\"\(SiteURL.adminUserAction(.value(user.id), .resetTwoFactor))\" class=\"inline-form\">\(csrf)<button type=\"submit\">Reset two-factor</button></form>")<form method="post" action="\(SiteURL.adminUserAction(.value(user.id), .erase))" class="inline-form">\(csrf)<button type="submit" class="danger" aria-label="Erase the account of \(user.username)">Erase account</button></form>
                """
            html("""
                <tr>
                  <td><a href="\(SiteURL.profile(.value(user.username)))">\(user.username)</a> (\(user.name))</td><td>\(user.email)</td><td>\(user.school)</td><td>\(Format.date(user.joined))</td>
                  <td>\(role)</td>
                  <td>\(if: user.erased, "Erased", else: user.deactivated ? "Deactivated " : "")\(if: !user.erased, account)\(security)</td>
                </tr>

            """)
        }
        if users.isEmpty { html("  <tr><td colspan=\"6\">No members match.</td></tr>\n") }
        html("  </tbody>\n</table>\n</div>\n")
        html(pagination.html)
    }
}
