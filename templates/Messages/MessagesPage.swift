import Foundation

/// `/messages`: the member's conversations, unread first, then by latest activity.
public struct MessagesPage: PageView {
    public struct Conversation: Sendable {
        public var id: Int
        public var subject: String
        /// The other participants still in the conversation.
        public var with: [String]
        public var lastAuthor: String?
        public var lastMessageAt: Date
        public var unread: Bool

        public init(id: Int, subject: String, with: [String], lastAuthor: String?, lastMessageAt: Date, unread: Bool) {
            self.id = id
            self.subject = subject
            self.with = with
            self.lastAuthor = lastAuthor
            self.lastMessageAt = lastMessageAt
            self.unread = unread
        }
    }

    public var title: String { "Messages" }
    public var conversations: [Conversation]
    public var pagination: Pagination

    public init(conversations: [Conversation], pagination: Pagination) {
        self.conversations = conversations
        self.pagination = pagination
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        <div class="page-heading">
          <h1>Messages</h1>
          <a class="button" href="\(SiteURL.newMessage)">New message</a>
        </div>
        \(if: conversations.isEmpty, "<p>No conversations yet. Write to a member from their profile, or start one with New message.</p>")
        <ul class="conversation-list">

        """)
        for conversation in conversations {
            let with = conversation.with.isEmpty ? "nobody else (everyone left)" : conversation.with.map { "@" + $0 }.joined(separator: ", ")
            html("""
              <li class="conversation\(if: conversation.unread, " conversation-unread")">
                \(if: conversation.unread, "<span class=\"badge badge-unread\">Unread</span>")
                <a href="\(SiteURL.message(.value(conversation.id)))">\(conversation.subject)</a>
                <span class="muted">with \(with)\(if: conversation.lastAuthor != nil, " · last from @\(conversation.lastAuthor)") · \(time: conversation.lastMessageAt)</span>
              </li>

            """)
        }
        html("</ul>\n")
        html(pagination.html)
    }
}
