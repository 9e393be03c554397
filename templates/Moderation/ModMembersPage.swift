/// `/mod/members`: finding a member, and everyone suspended now.
public struct ModMembersPage: PageView {
    public var title: String { "Members" }
    public var query: String
    public var results: [MemberStanding]
    public var suspensions: [MemberStanding]

    public init(query: String, results: [MemberStanding], suspensions: [MemberStanding]) {
        self.query = query
        self.results = results
        self.suspensions = suspensions
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        <h1>Members</h1>
        <form method="get" action="\(SiteURL.modMembers)" class="inline-form">
          <label for="q">Find a member</label>
          <input id="q" name="q" type="search" value="\(query)" placeholder="username or name">
          <button type="submit" class="secondary">Find</button>
        </form>

        """)
        if !query.allSatisfy(\.isWhitespace) {
            html("<h2>Found</h2>\n\(if: results.isEmpty, "<p>Nobody matches “\(query)”.</p>")\n<ul>")
            for member in results {
                html("<li><a href=\"\(SiteURL.modMember(.value(member.username)))\">@\(member.username)</a> (\(member.name), \(member.role))\(if: member.suspended, " · suspended")</li>")
            }
            html("</ul>\n")
        }
        html("""
        <h2>Current suspensions</h2>
        \(if: suspensions.isEmpty, "<p>Nobody is suspended.</p>")
        <ul class="suspensions">

        """)
        for member in suspensions {
            html("<li><a href=\"\(SiteURL.modMember(.value(member.username)))\">@\(member.username)</a> (\(member.name)), \(member.until): \(member.reason)</li>\n")
        }
        html("</ul>\n")
    }
}
