import Foundation
import Postgres

/// What the message pages read. Every query starts from the reader's own membership row, so
/// a conversation they are not in (or left) is simply not there.
public struct MessageQueries: Sendable {
    let db: PostgresClient

    public init(db: PostgresClient) {
        self.db = db
    }

    /// A scalar subquery: the conversations of user `userID` (constant SQL such as `u.id`)
    /// with messages they have not read. The session query reads it for the header.
    static func unreadCountSQL(userID: String) -> String {
        """
        (SELECT count(*) FROM conversation_members cm JOIN conversations cv ON cv.id = cm.conversation_id
         WHERE cm.user_id = \(userID) AND cm.left_at IS NULL AND cv.last_message_id > cm.last_read_message_id)
        """
    }

    public struct ConversationSummary: Sendable {
        public var id: Int
        public var subject: String
        public var participants: [String]
        public var lastMessageAt: Date
        public var lastAuthor: String?
        public var unread: Bool
    }

    public struct Listing: Sendable {
        public var conversations: [ConversationSummary]
        public var page: Int
        public var pageCount: Int
    }

    /// The member's conversations: unread first, then by latest activity.
    public func list(for member: Member, page: Int) async throws -> Listing {
        let page = Page(number: page, size: PrivateMessages.perPage)
        let rows = try await db.query("""
            SELECT cv.id, cv.subject, cv.last_message_at, la.username AS last_author,
                   cv.last_message_id > me.last_read_message_id AS unread,
                   (SELECT string_agg(u.username, ',' ORDER BY lower(u.username))
                    FROM conversation_members cm JOIN users u ON u.id = cm.user_id
                    WHERE cm.conversation_id = cv.id AND cm.left_at IS NULL AND cm.user_id <> $1) AS others,
                   count(*) OVER () AS total
            FROM conversation_members me
            JOIN conversations cv ON cv.id = me.conversation_id
            LEFT JOIN messages lm ON lm.id = cv.last_message_id
            LEFT JOIN users la ON la.id = lm.author_id
            WHERE me.user_id = $1 AND me.left_at IS NULL
            ORDER BY cv.last_message_id > me.last_read_message_id DESC, cv.last_message_at DESC, cv.id DESC
            LIMIT $2 OFFSET $3
            """, [member.id, page.size, page.offset])
        let conversations = try rows.map { row in
            ConversationSummary(
                id: try row.decode("id"), subject: try row.decode("subject"),
                participants: (try row.decode("others", as: String?.self) ?? "").split(separator: ",").map(String.init),
                lastMessageAt: try row.decode("last_message_at"), lastAuthor: try row.decode("last_author"),
                unread: try row.decode("unread"))
        }
        let total = try rows.first?.decode("total", as: Int.self) ?? 0
        return Listing(conversations: conversations, page: page.number,
                       pageCount: Page.count(items: total, size: page.size))
    }

    public struct Message: Sendable {
        public var id: Int
        public var authorUsername: String
        public var authorName: String
        public var bodyHTML: String
        public var createdAt: Date
        /// Newer than what the reader had read before this view.
        public var isNew: Bool
        public var attachments: [Attachments.Listed] = []
    }

    public struct Participant: Sendable, Equatable {
        public var username: String
        public var hasLeft: Bool
    }

    public struct Conversation: Sendable {
        public var id: Int
        public var subject: String
        public var participants: [Participant]
        /// One page of messages, oldest first; page 1 is the newest.
        public var messages: [Message]
        public var page: Int
        public var pageCount: Int
        /// What the reader had read before this view.
        public var lastReadMessageID: Int
        public var lastMessageID: Int
        public var hasUnreadNotifications: Bool
        /// The reader's flag waiting in the moderators' queue, if any.
        public var openFlagReason: String?
    }

    /// One page of a conversation the member takes part in; `NotFound` for anyone else.
    public func conversation(_ id: Int, for member: Member, page: Int) async throws -> Conversation {
        let page = Page(number: page, size: PrivateMessages.messagesPerPage)
        return try await db.withConnection { connection in
            guard let header = try connection.query("""
                SELECT cv.subject, cv.last_message_id, me.last_read_message_id,
                       (SELECT string_agg(u.username || ':' || (cm.left_at IS NOT NULL)::text, ',' ORDER BY cm.joined_at, lower(u.username))
                        FROM conversation_members cm JOIN users u ON u.id = cm.user_id
                        WHERE cm.conversation_id = cv.id) AS participants,
                       EXISTS (SELECT 1 FROM notifications n
                               WHERE n.user_id = $2 AND n.conversation_id = cv.id AND n.read_at IS NULL) AS unread_notifications,
                       (SELECT f.reason FROM flags f
                        WHERE f.conversation_id = cv.id AND f.flagger_id = $2 AND f.resolved_at IS NULL) AS open_flag_reason,
                       (SELECT count(*) FROM messages m WHERE m.conversation_id = cv.id) AS message_count
                FROM conversations cv
                JOIN conversation_members me ON me.conversation_id = cv.id AND me.user_id = $2 AND me.left_at IS NULL
                WHERE cv.id = $1
                """, [id, member.id]).first
            else { throw NotFound() }
            let lastRead: Int = try header.decode("last_read_message_id")
            let rows = try connection.query("""
                SELECT m.id, m.body_html, m.created_at, a.username, a.name
                FROM messages m JOIN users a ON a.id = m.author_id
                WHERE m.conversation_id = $1
                ORDER BY m.id DESC
                LIMIT $2 OFFSET $3
                """, [id, page.size, page.offset])
            var messages = try rows.reversed().map { row in
                let messageID: Int = try row.decode("id")
                return Message(id: messageID, authorUsername: try row.decode("username"), authorName: try row.decode("name"),
                               bodyHTML: try row.decode("body_html"), createdAt: try row.decode("created_at"),
                               isNew: messageID > lastRead)
            }
            // The page's files in one query, whatever the number of messages.
            let files = try Attachments.listed(forMessages: messages.map(\.id), on: connection)
            for index in messages.indices { messages[index].attachments = files[messages[index].id] ?? [] }
            let participants = (try header.decode("participants", as: String?.self) ?? "").split(separator: ",").map { entry in
                let parts = entry.split(separator: ":")
                return Participant(username: String(parts.first ?? ""), hasLeft: parts.last == "true")
            }
            return Conversation(
                id: id, subject: try header.decode("subject"), participants: participants, messages: messages,
                page: page.number,
                pageCount: Page.count(items: try header.decode("message_count"), size: page.size),
                lastReadMessageID: lastRead, lastMessageID: try header.decode("last_message_id"),
                hasUnreadNotifications: try header.decode("unread_notifications"),
                openFlagReason: try header.decode("open_flag_reason"))
        }
    }

    /// Records that the member has read the conversation up to its newest message shown.
    /// Writes only when something was unread, so reading a page again costs no write.
    public func markRead(_ conversation: Conversation, by member: Member) async throws {
        guard let newest = conversation.messages.last?.id,
              newest > conversation.lastReadMessageID || conversation.hasUnreadNotifications
        else { return }
        try await db.withTransaction { connection in
            try connection.query("""
                UPDATE conversation_members SET last_read_message_id = $3
                WHERE conversation_id = $1 AND user_id = $2 AND last_read_message_id < $3
                """, [conversation.id, member.id, newest])
            try connection.query("""
                UPDATE notifications SET read_at = now()
                WHERE user_id = $2 AND conversation_id = $1 AND read_at IS NULL AND message_id <= $3
                """, [conversation.id, member.id, newest])
        }
    }

    /// A message's source and author, for a quote in the reply form: only from a
    /// conversation the member is in.
    public func quotable(_ messageID: Int, in conversationID: Int, for member: Member) async throws -> (source: String, author: String)? {
        let rows = try await db.query("""
            SELECT m.body_source, a.username
            FROM messages m
            JOIN users a ON a.id = m.author_id
            JOIN conversation_members me ON me.conversation_id = m.conversation_id AND me.user_id = $3 AND me.left_at IS NULL
            WHERE m.id = $1 AND m.conversation_id = $2
            """, [messageID, conversationID, member.id])
        guard let row = rows.first else { return nil }
        return (try row.decode("body_source"), try row.decode("username"))
    }
}
