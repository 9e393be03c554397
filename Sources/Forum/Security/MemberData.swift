import Foundation
import Postgres

/// What a member may take with them (`/settings/export`): their own data only, read under
/// the same visibility rule as every page, so what a moderator hid or deleted of their posts
/// comes without its text. One read per section; a new section (messages, attachments' names)
/// is one more property and one more query in `collect`.
public struct MemberData: Sendable {
    public struct Profile: Sendable {
        public var username: String
        public var name: String
        public var email: String
        public var role: String
        public var school: String?
        public var joinedAt: Date
    }

    public struct Post: Sendable {
        public var id: Int
        public var threadID: Int
        public var threadSlug: String
        /// Nil when the member may no longer see the thread (a deleted thread, a category
        /// closed to members): its title is not theirs to take.
        public var threadTitle: String?
        public var position: Int
        public var createdAt: Date
        public var editedAt: Date?
        /// Nil when the member may not read the post any more (hidden or deleted).
        public var text: String?
        public var hidden: Bool
        public var deleted: Bool
    }

    public struct Reaction: Sendable {
        public var postID: Int
        public var threadID: Int
        public var threadSlug: String
        public var reaction: String
        public var createdAt: Date
    }

    public var profile: Profile
    public var posts: [Post]
    public var reactions: [Reaction]
    // Sections from other branches go here (messages, attachments' names).

    /// Every post of a member, however many: bounded by what one member can write at the
    /// posting rate limit, and read in one query.
    public static func collect(for member: Member, db: PostgresClient) async throws -> MemberData {
        let moderator = member.role.canModerate
        return try await db.withConnection { connection in
            let profileRow = try connection.query("""
                SELECT u.username, u.name, u.email, u.role, s.name AS school, u.created_at
                FROM users u LEFT JOIN schools s ON s.id = u.school_id WHERE u.id = $1
                """, [member.id])
            guard let row = profileRow.first else { throw NotFound() }
            let profile = Profile(username: try row.decode("username"), name: try row.decode("name"), email: try row.decode("email"),
                                  role: try row.decode("role"), school: try row.decode("school"), joinedAt: try row.decode("created_at"))
            let posts = try connection.query("""
                SELECT p.id, p.thread_id, t.slug, p.position, p.created_at, p.edited_at,
                       CASE WHEN \(ThreadVisibility.sql(moderator: "$2")) THEN t.title END AS thread_title,
                       CASE WHEN \(PostVisibility.sql(moderator: "$2")) THEN p.body_source END AS text,
                       p.hidden_at IS NOT NULL AS hidden, p.deleted_at IS NOT NULL AS deleted
                FROM posts p JOIN threads t ON t.id = p.thread_id JOIN categories c ON c.id = t.category_id
                WHERE p.author_id = $1
                ORDER BY p.created_at, p.id
                """, [member.id, moderator]).map { row in
                Post(id: try row.decode("id"), threadID: try row.decode("thread_id"), threadSlug: try row.decode("slug"),
                     threadTitle: try row.decode("thread_title"), position: try row.decode("position"),
                     createdAt: try row.decode("created_at"), editedAt: try row.decode("edited_at"), text: try row.decode("text"),
                     hidden: try row.decode("hidden"), deleted: try row.decode("deleted"))
            }
            // Reactions the member gave, on posts they may still read.
            let reactions = try connection.query("""
                SELECT r.post_id, p.thread_id, t.slug, r.reaction, r.created_at
                FROM post_reactions r JOIN posts p ON p.id = r.post_id
                JOIN threads t ON t.id = p.thread_id JOIN categories c ON c.id = t.category_id
                WHERE r.user_id = $1 AND \(PostVisibility.sql(moderator: "$2"))
                ORDER BY r.created_at, r.post_id
                """, [member.id, moderator]).map { row in
                Reaction(postID: try row.decode("post_id"), threadID: try row.decode("thread_id"), threadSlug: try row.decode("slug"),
                         reaction: try row.decode("reaction"), createdAt: try row.decode("created_at"))
            }
            return MemberData(profile: profile, posts: posts, reactions: reactions)
        }
    }
}
