import Foundation

/// `/mod/log`: every moderator and admin action, newest first, filtered by who or what.
public struct ModLogPage: PageView {
    public struct Entry: Sendable {
        /// nil for actions the system took.
        public var actor: String?
        public var action: String
        public var summary: String
        /// What the entry acted on, when it still exists: a label and the link to it.
        public var target: (label: String, link: String)?
        public var reason: String?
        public var at: Date

        public init(actor: String?, action: String, summary: String, target: (label: String, link: String)?,
                    reason: String?, at: Date) {
            self.actor = actor
            self.action = action
            self.summary = summary
            self.target = target
            self.reason = reason
            self.at = at
        }
    }

    public var title: String { "Moderation log" }
    public var actor: String
    public var action: String
    public var entries: [Entry]
    public var pagination: Pagination

    public init(actor: String, action: String, entries: [Entry], pagination: Pagination) {
        self.actor = actor
        self.action = action
        self.entries = entries
        self.pagination = pagination
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        let filtered = !actor.isEmpty || !action.isEmpty
        html("""
        <h1>Moderation log</h1>
        <form method="get" action="\(SiteURL.modLog)" class="inline-form filters">
          <label for="actor">Moderator</label>
          <input id="actor" name="actor" type="text" value="\(actor)" placeholder="username">
          <label for="action">Action</label>
          <input id="action" name="action" type="text" value="\(action)" placeholder="thread.lock, post.hide, user.suspend…">
          <button type="submit" class="secondary">Filter</button>
          \(if: filtered, "<a href=\"\(SiteURL.modLog)\">Show everything</a>")
        </form>

        """)
        if entries.isEmpty {
            html("<p>No entries.</p>\n")
        } else {
            html("""
            <div class="table-scroll">
            <table class="mod-log">
              <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">What</th><th scope="col">Why</th></tr></thead>
              <tbody>

            """)
            for entry in entries {
                let who: HTML = entry.actor.map { "<a href=\"\(SiteURL.modLog.path(query: ["actor": $0]))\">\($0)</a>" } ?? "system"
                let what: HTML = entry.target.map { "<a href=\"\($0.link)\" title=\"\($0.label)\">\(entry.summary)</a>" } ?? .text(entry.summary)
                html("""
                    <tr>
                      <td>\(time: entry.at)</td>
                      <td>\(who)</td>
                      <td><code>\(entry.action)</code></td>
                      <td>\(what)</td>
                      <td>\(entry.reason)</td>
                    </tr>

                """)
            }
            html("  </tbody>\n</table>\n</div>\n")
        }
        html(pagination.html)
    }
}
