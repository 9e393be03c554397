import Foundation
import Postgres

/// Existing members named as `@name` in a post's source.
struct Mentions: Sendable {
    var usernames: Set<String>
    var memberIDs: [Int]

    static let none = Mentions(usernames: [], memberIDs: [])

    /// One query, whatever the number of names. Unknown names are neither linked nor notified.
    /// `renderer` finds the names, because that means parsing the post, which belongs off the
    /// request threads like rendering does.
    static func lookup(in source: String, renderer: any PostRenderer, db: PostgresClient) async throws -> Mentions {
        // A post can't mention more people than this; the rest stay plain text.
        let names = await renderer.mentionedUsernames(in: source).prefix(50)
        if names.isEmpty { return .none }
        // Usernames are [A-Za-z0-9_], so a comma-joined list is unambiguous.
        let rows = try await db.query("""
            SELECT id, lower(username) AS username FROM users
            WHERE lower(username) = ANY (string_to_array($1, ',')) AND deactivated_at IS NULL
            """, [names.joined(separator: ",")])
        return Mentions(usernames: Set(try rows.map { try $0.decode("username", as: String.self) }),
                        memberIDs: try rows.map { try $0.decode("id", as: Int.self) })
    }

    var idList: String { memberIDs.map(String.init).joined(separator: ",") }
}

public enum NotificationKind: String, Sendable, PostgresDecodable {
    case reply, mention, reaction, accepted
    case flagDismissed = "flag_dismissed"
    case flagUpheld = "flag_upheld"
    /// A private message: about a conversation (`conversation_id`), not a thread.
    case message

    public static func decode(postgresText: String?) throws -> NotificationKind {
        let text = try String.decode(postgresText: postgresText)
        guard let kind = NotificationKind(rawValue: text) else {
            throw PostgresError(kind: .decoding, message: "unknown notification kind \(text)")
        }
        return kind
    }
}

/// Who hears about what. Every rule (not yourself, only people who can see the thread, one
/// mention per post) lives in these statements.
enum Notifier {
    /// Members of `users u` who may see thread `t` (joined with its category `c`).
    static let canSeeThread = "(c.visibility = 'members' OR u.role <> 'member') AND u.deactivated_at IS NULL"

    /// A new or edited post: mentions first, then (for new posts) the thread's watchers and the
    /// feedback requester who weren't already told through a mention. The writer watches the thread.
    static func postWritten(postID: Int, threadID: Int, actorID: Int, mentions: Mentions, isNew: Bool,
                            on connection: PostgresConnection) throws {
        if !mentions.memberIDs.isEmpty {
            try connection.query("""
                INSERT INTO notifications (user_id, kind, actor_id, thread_id, post_id)
                SELECT u.id, 'mention', $2, t.id, $1
                FROM users u, threads t JOIN categories c ON c.id = t.category_id
                WHERE t.id = $3 AND u.id = ANY (string_to_array($4, ',')::bigint[]) AND u.id <> $2
                  AND \(canSeeThread)
                  AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.post_id = $1 AND n.user_id = u.id AND n.kind = 'mention')
                """, [postID, actorID, threadID, mentions.idList])
        }
        guard isNew else { return }
        try connection.query("""
            INSERT INTO notifications (user_id, kind, actor_id, thread_id, post_id)
            SELECT u.id, 'reply', $2, t.id, $1
            FROM threads t JOIN categories c ON c.id = t.category_id
            JOIN users u ON u.id IN (SELECT w.user_id FROM thread_watches w WHERE w.thread_id = t.id
                                     UNION SELECT t.author_id WHERE t.kind = 'feedback')
            WHERE t.id = $3 AND u.id <> $2 AND \(canSeeThread)
              AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.post_id = $1 AND n.user_id = u.id)
            """, [postID, actorID, threadID])
        try connection.query("""
            INSERT INTO thread_watches (user_id, thread_id) VALUES ($1, $2) ON CONFLICT DO NOTHING
            """, [actorID, threadID])
    }

    /// Tells the members who flagged a post what the moderator decided, if they can still see it.
    static func aboutFlags(_ kind: NotificationKind, postID: Int, flaggerIDs: [Int], actorID: Int,
                           on connection: PostgresConnection) throws {
        guard !flaggerIDs.isEmpty else { return }
        try connection.query("""
            INSERT INTO notifications (user_id, kind, actor_id, thread_id, post_id)
            SELECT u.id, $2, $3, p.thread_id, p.id
            FROM posts p
            JOIN threads t ON t.id = p.thread_id
            JOIN categories c ON c.id = t.category_id
            JOIN users u ON u.id = ANY ($4::bigint[])
            WHERE p.id = $1 AND u.id <> $3 AND \(canSeeThread)
            """, [postID, kind.rawValue, actorID, "{" + flaggerIDs.map(String.init).joined(separator: ",") + "}"])
    }

    /// Tells a post's author about a reaction or an acceptance (never themselves).
    static func aboutPost(_ kind: NotificationKind, postID: Int, actorID: Int, on connection: PostgresConnection) throws {
        try connection.query("""
            INSERT INTO notifications (user_id, kind, actor_id, thread_id, post_id)
            SELECT p.author_id, $2, $3, p.thread_id, p.id FROM posts p WHERE p.id = $1 AND p.author_id <> $3
            """, [postID, kind.rawValue, actorID])
    }
}

public struct NotificationView: Sendable {
    public var id: Int
    public var kind: NotificationKind
    public var actorUsername: String?
    /// Nil for notifications about a conversation (`kind == .message`).
    public var threadID: Int?
    public var threadSlug: String?
    /// The thread's title, or the conversation's subject.
    public var threadTitle: String
    public var conversationID: Int?
    public var messageID: Int?
    public var postID: Int?
    public var postPosition: Int?
    public var createdAt: Date
    public var unread: Bool
}

/// A member's notifications, watched threads and read positions.
public struct NotificationCenter: Sendable {
    public static let perPage = 30
    let db: PostgresClient

    public init(db: PostgresClient) {
        self.db = db
    }

    public struct Listing: Sendable {
        public var items: [NotificationView]
        public var page: Int
        public var pageCount: Int
        public var unreadCount: Int
    }

    /// Whether the reader may still see what notification `n` is about (joined with `threads t`,
    /// `categories c` and, left-joined, `posts p`): the list and the header's unread badge
    /// both count with it, so the badge never announces what the list won't show. A "your
    /// flag was upheld" notice is about a post hidden by definition; it carries no text.
    /// A notification about a private message is visible only while its reader is still in
    /// the conversation, whatever their role.
    static func visibilitySQL(moderator: String) -> String {
        """
        (CASE WHEN n.conversation_id IS NOT NULL
              THEN EXISTS (SELECT 1 FROM conversation_members cm
                           WHERE cm.conversation_id = n.conversation_id AND cm.user_id = n.user_id AND cm.left_at IS NULL)
              ELSE (\(PostVisibility.sqlAllowingNoPost(moderator: moderator)) OR (n.kind = 'flag_upheld' AND \(ThreadVisibility.sql(moderator: moderator))))
         END)
        """
    }

    /// The joins `visibilitySQL` reads. Left joins: a message's notification has no thread.
    static let visibilityJoins = """
        LEFT JOIN threads t ON t.id = n.thread_id
        LEFT JOIN categories c ON c.id = t.category_id
        LEFT JOIN posts p ON p.id = n.post_id
        """

    /// Newest first; notifications the member may no longer see (a thread gone from view, a
    /// post hidden or deleted) are left out.
    public func list(for member: Member, page: Int) async throws -> Listing {
        let page = Page(number: page, size: Self.perPage)
        let rows = try await db.query("""
            SELECT n.id, n.kind, a.username AS actor_username, t.id AS thread_id, t.slug,
                   coalesce(t.title, cv.subject) AS title, n.conversation_id, n.message_id,
                   n.post_id, p.position, n.created_at, n.read_at IS NULL AS unread,
                   count(*) OVER () AS total,
                   count(*) FILTER (WHERE n.read_at IS NULL) OVER () AS unread_total
            FROM notifications n
            \(Self.visibilityJoins)
            LEFT JOIN conversations cv ON cv.id = n.conversation_id
            LEFT JOIN users a ON a.id = n.actor_id
            WHERE n.user_id = $1 AND \(Self.visibilitySQL(moderator: "$2"))
            ORDER BY n.created_at DESC, n.id DESC
            LIMIT $3 OFFSET $4
            """, [member.id, member.role.canModerate, page.size, page.offset])
        let items = try rows.map { row in
            NotificationView(
                id: try row.decode("id"), kind: try row.decode("kind"), actorUsername: try row.decode("actor_username"),
                threadID: try row.decode("thread_id"), threadSlug: try row.decode("slug"), threadTitle: try row.decode("title"),
                conversationID: try row.decode("conversation_id"), messageID: try row.decode("message_id"),
                postID: try row.decode("post_id"), postPosition: try row.decode("position"),
                createdAt: try row.decode("created_at"), unread: try row.decode("unread"))
        }
        let total = try rows.first?.decode("total", as: Int.self) ?? 0
        return Listing(items: items, page: page.number, pageCount: Page.count(items: total, size: page.size),
                       unreadCount: try rows.first?.decode("unread_total", as: Int.self) ?? 0)
    }

    public func markAllRead(for member: Member) async throws {
        try await db.query("UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL", [member.id])
    }

    /// A scalar subquery: the unread notifications of user `userID` that the list would show
    /// them (`userID` and `moderator` are constant SQL, such as `$1` or `u.id`).
    static func unreadCountSQL(userID: String, moderator: String) -> String {
        """
        (SELECT count(*) FROM notifications n \(visibilityJoins)
         WHERE n.user_id = \(userID) AND n.read_at IS NULL AND \(visibilitySQL(moderator: moderator)))
        """
    }

    /// Starts or stops watching a thread the member can see.
    public func setWatching(_ watching: Bool, thread threadID: Int, by member: Member) async throws {
        try await db.withConnection { connection in
            _ = try ThreadQueries.visibleFacts(threadID: threadID, for: member, on: connection)
            if watching {
                try connection.query("INSERT INTO thread_watches (user_id, thread_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                                     [member.id, threadID])
            } else {
                try connection.query("DELETE FROM thread_watches WHERE user_id = $1 AND thread_id = $2", [member.id, threadID])
            }
        }
    }
}
