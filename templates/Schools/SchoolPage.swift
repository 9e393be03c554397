/// `/s/{slug}`: a member school, its members and their recent threads.
public struct SchoolPage: PageView {
    public struct Member: Sendable {
        public var username: String
        public var name: String
        public var role: String
        public var isStaff: Bool

        public init(username: String, name: String, role: String, isStaff: Bool) {
            self.username = username
            self.name = name
            self.role = role
            self.isStaff = isStaff
        }
    }

    public var title: String
    public var website: String?
    public var description: String
    public var members: [Member]
    public var threads: [ThreadRow]
    /// The school's slug and leadership team (issue 14).
    public var slug = ""
    public var leaders: [JourneyLeader] = []

    public init(title: String, website: String?, description: String, members: [Member], threads: [ThreadRow]) {
        self.title = title
        self.website = website
        self.description = description
        self.members = members
        self.threads = threads
    }

    /// Only web addresses become links: an admin's typo or a `javascript:` URL stays text.
    private var websiteLink: HTML {
        guard let website, !website.isEmpty else { return .empty }
        let lowered = website.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://") else { return "<p>\(website)</p>\n" }
        return "<p><a href=\"\(website)\" rel=\"nofollow noopener\">\(website)</a></p>\n"
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        // Members other than the viewer, up to the 20 recipients a message may have.
        let recipients = members.map(\.username).filter { $0.lowercased() != viewer.username?.lowercased() }.prefix(20)
        let messageLink: HTML = recipients.isEmpty ? .empty
            : "<p><a class=\"message-link\" href=\"\(SiteURL.newMessage.path(query: ["to": recipients.joined(separator: ",")]))\">Message this school’s members</a></p>\n"
        html("""
        <nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="\(SiteURL.schools)">Schools</a></nav>
        <h1>\(title)</h1>
        \(if: !description.isEmpty, "<p>\(description)</p>")
        \(websiteLink)<section aria-labelledby="leaders-heading">
          <h2 id="leaders-heading">Leadership team</h2>
          <p>\(JourneyLeader.list(leaders))</p>
          \(if: !slug.isEmpty, "<p><a href=\"\(SiteURL.schoolJourney(.value(slug)))\">Where the school stands on its journey</a></p>")
        </section>
        <section aria-labelledby="members-heading">
          <h2 id="members-heading">Members</h2>
          \(if: members.isEmpty, "<p>No members yet.</p>")
          \(messageLink)<ul class="member-list">

        """)
        for member in members {
            html("  <li><a href=\"\(SiteURL.profile(.value(member.username)))\">\(member.name)</a> (\(member.username))\(if: member.isStaff, " <span class=\"badge\">\(member.role)</span>")</li>\n")
        }
        html("""
          </ul>
        </section>
        <section aria-labelledby="threads-heading">
          <h2 id="threads-heading">Recent threads by its members</h2>
          \(if: threads.isEmpty, "<p>No threads yet.</p>")
          <ul class="thread-list">

        """)
        for thread in threads { html(thread.html) }
        html("  </ul>\n</section>\n")
    }
}
