import Foundation

/// `/notifications`: what was addressed to the member, newest first, unread marked.
public struct NotificationsPage: PageView {
    public struct Item: Sendable {
        /// "sam replied in", "lee mentioned you in"…
        public var text: String
        public var link: String
        public var threadTitle: String
        public var at: Date
        public var unread: Bool

        public init(text: String, link: String, threadTitle: String, at: Date, unread: Bool) {
            self.text = text
            self.link = link
            self.threadTitle = threadTitle
            self.at = at
            self.unread = unread
        }
    }

    public var title: String { "Notifications" }
    public var items: [Item]
    public var unreadCount: Int
    public var pagination: Pagination

    public init(items: [Item], unreadCount: Int, pagination: Pagination) {
        self.items = items
        self.unreadCount = unreadCount
        self.pagination = pagination
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        <div class="page-heading">
          <h1>Notifications</h1>
          \(if: unreadCount > 0, "<form method=\"post\" action=\"\(SiteURL.notificationsRead)\" class=\"inline-form\">\(viewer.csrfField)<button type=\"submit\">Mark all read</button></form>")
        </div>
        \(if: items.isEmpty, "<p>Nothing yet. Replies to threads you watch, mentions and reactions show up here.</p>")
        <ul class="notification-list">

        """)
        for item in items {
            html("""
              <li class="notification\(if: item.unread, " notification-unread")">
                \(if: item.unread, "<span class=\"badge badge-unread\">New</span>")
                \(item.text) <a href="\(item.link)">\(item.threadTitle)</a>
                <time class="muted" datetime="\(Format.iso(item.at))">\(Format.date(item.at))</time>
              </li>

            """)
        }
        html("</ul>\n")
        html(pagination.html)
    }
}
