import Foundation
import Postgres

/// Reading the moderation log. Entries are never changed: the database refuses updates and
/// deletes (migration 030), and no route offers them.
public struct ModLogQueries: Sendable {
    public static let entriesPerPage = 50

    let db: PostgresClient

    public init(db: PostgresClient) {
        self.db = db
    }

    public struct Entry: Sendable {
        public var id: Int
        public var actorUsername: String?
        public var action: String
        public var targetType: String?
        public var targetID: Int?
        /// What the entry acted on, as it is now, when it still exists.
        public var target: Target?
        public var summary: String
        public var reason: String?
        public var createdAt: Date
    }

    /// The thread, post or member a log entry is about, with what a link to it needs.
    public enum Target: Sendable {
        case thread(id: Int, slug: String, title: String)
        case post(id: Int, threadID: Int, threadSlug: String, threadTitle: String, position: Int)
        case member(username: String)
    }

    public struct LogPage: Sendable {
        public var entries: [Entry]
        public var page: Int
        public var pageCount: Int
    }

    /// Newest first, optionally only one moderator's (`actor`, a username) or one action's.
    public func page(_ number: Int, actor: String?, action: String?) async throws -> LogPage {
        let page = Page(number: number, size: Self.entriesPerPage)
        let actor = Self.filterValue(actor)
        let action = Self.filterValue(action)
        return try await db.withConnection { connection in
            let filter = """
                ($1::text IS NULL OR lower(a.username) = lower($1)) AND ($2::text IS NULL OR l.action = $2)
                """
            let total: Int = try connection.query("""
                SELECT count(*) FROM mod_log l LEFT JOIN users a ON a.id = l.actor_id WHERE \(filter)
                """, [actor, action])[0].decode(0)
            let entries = try connection.query("""
                SELECT l.id, l.action, l.target_type, l.target_id, l.summary, l.reason, l.created_at,
                       a.username AS actor,
                       t.title AS thread_title, t.slug AS thread_slug,
                       p.thread_id AS post_thread_id, p.position AS post_position, pt.slug AS post_thread_slug,
                       pt.title AS post_thread_title, tu.username AS target_username
                FROM mod_log l
                LEFT JOIN users a ON a.id = l.actor_id
                LEFT JOIN threads t ON l.target_type = 'thread' AND t.id = l.target_id
                LEFT JOIN posts p ON l.target_type = 'post' AND p.id = l.target_id
                LEFT JOIN threads pt ON pt.id = p.thread_id
                LEFT JOIN users tu ON l.target_type = 'user' AND tu.id = l.target_id
                WHERE \(filter)
                ORDER BY l.created_at DESC, l.id DESC
                LIMIT $3 OFFSET $4
                """, [actor, action, page.size, page.offset]).map(Self.entry)
            return LogPage(entries: entries, page: page.number, pageCount: Page.count(items: total, size: page.size))
        }
    }

    static func filterValue(_ value: String?) -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    static func entry(from row: PostgresRow) throws -> Entry {
        let targetType: String? = try row.decode("target_type")
        let targetID: Int? = try row.decode("target_id")
        var target: Target?
        switch targetType {
        case "thread":
            if let title: String = try row.decode("thread_title"), let slug: String = try row.decode("thread_slug"), let targetID {
                target = .thread(id: targetID, slug: slug, title: title)
            }
        case "post":
            if let threadID: Int = try row.decode("post_thread_id"), let position: Int = try row.decode("post_position"),
               let slug: String = try row.decode("post_thread_slug"), let title: String = try row.decode("post_thread_title"),
               let targetID {
                target = .post(id: targetID, threadID: threadID, threadSlug: slug, threadTitle: title, position: position)
            }
        case "user":
            if let username: String = try row.decode("target_username") {
                target = .member(username: username)
            }
        default:
            break
        }
        return Entry(
            id: try row.decode("id"), actorUsername: try row.decode("actor"), action: try row.decode("action"),
            targetType: targetType, targetID: targetID, target: target,
            summary: try row.decode("summary"), reason: try row.decode("reason"), createdAt: try row.decode("created_at"))
    }
}
