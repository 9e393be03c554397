import Foundation
import Postgres

/// Who's who: member profiles, school pages, the schools directory, and a member's own settings.
public struct Profiles: Sendable {
    let db: PostgresClient
    let hasher: PasswordHasher
    let sessionPolicy: Sessions.Policy

    public init(db: PostgresClient, hasher: PasswordHasher, sessionPolicy: Sessions.Policy = .init()) {
        self.db = db
        self.hasher = hasher
        self.sessionPolicy = sessionPolicy
    }

    public struct RecentPost: Sendable {
        public var postID: Int
        public var threadID: Int
        public var threadSlug: String
        public var threadTitle: String
        public var position: Int
        public var excerpt: String
        public var createdAt: Date
    }

    public struct Profile: Sendable {
        public var username: String
        public var name: String
        public var role: Role
        public var schoolSlug: String?
        public var schoolName: String?
        public var joinedAt: Date
        public var deactivated: Bool
        public var recentPosts: [RecentPost]
    }

    /// A member's profile with their recent posts, only in threads the viewer may see and
    /// never deleted or hidden ones.
    public func profile(username: String, for viewer: Member, limit: Int = 20) async throws -> Profile {
        let moderator = viewer.role.canModerate
        return try await db.withConnection { connection in
            guard let user = try connection.query("""
                SELECT u.id, u.username, u.name, u.role, s.slug AS school_slug, s.name AS school_name, u.created_at,
                       u.deactivated_at IS NOT NULL AS deactivated
                FROM users u LEFT JOIN schools s ON s.id = u.school_id
                WHERE lower(u.username) = lower($1)
                """, [username]).first
            else { throw NotFound() }
            let posts = try connection.query("""
                SELECT p.id, p.position, left(p.body_source, 200) AS excerpt, p.created_at, t.id AS thread_id, t.slug, t.title
                FROM posts p
                JOIN threads t ON t.id = p.thread_id
                JOIN categories c ON c.id = t.category_id
                WHERE p.author_id = $1 AND \(PostVisibility.listedSQL(moderator: "$2"))
                ORDER BY p.created_at DESC, p.id DESC
                LIMIT $3
                """, [try user.decode("id", as: Int.self), moderator, limit]).map(Self.recentPost)
            return Profile(username: try user.decode("username"), name: try user.decode("name"), role: try user.decode("role"),
                           schoolSlug: try user.decode("school_slug"), schoolName: try user.decode("school_name"),
                           joinedAt: try user.decode("created_at"), deactivated: try user.decode("deactivated"),
                           recentPosts: posts)
        }
    }

    static func recentPost(_ row: PostgresRow) throws -> RecentPost {
        RecentPost(postID: try row.decode("id"), threadID: try row.decode("thread_id"), threadSlug: try row.decode("slug"),
                   threadTitle: try row.decode("title"), position: try row.decode("position"),
                   excerpt: try row.decode("excerpt"), createdAt: try row.decode("created_at"))
    }

    public struct SchoolSummary: Sendable {
        public var slug: String
        public var name: String
        public var website: String?
        public var description: String
        public var memberCount: Int
    }

    public func schools() async throws -> [SchoolSummary] {
        try await db.query("""
            SELECT s.slug, s.name, s.website, s.description,
                   (SELECT count(*) FROM users u WHERE u.school_id = s.id AND u.deactivated_at IS NULL) AS member_count
            FROM schools s ORDER BY s.name
            """).map(Self.schoolSummary)
    }

    static func schoolSummary(_ row: PostgresRow) throws -> SchoolSummary {
        SchoolSummary(slug: try row.decode("slug"), name: try row.decode("name"), website: try row.decode("website"),
                      description: try row.decode("description"), memberCount: try row.decode("member_count"))
    }

    public struct SchoolMember: Sendable {
        public var username: String
        public var name: String
        public var role: Role
    }

    public struct SchoolPage: Sendable {
        public var school: SchoolSummary
        public var members: [SchoolMember]
        public var recentThreads: [ThreadSummary]
    }

    /// A school, its active members and the threads they started recently that the viewer may see.
    public func school(slug: String, for viewer: Member, threadLimit: Int = 20) async throws -> SchoolPage {
        let moderator = viewer.role.canModerate
        return try await db.withConnection { connection in
            guard let row = try connection.query("""
                SELECT s.id, s.slug, s.name, s.website, s.description,
                       (SELECT count(*) FROM users u WHERE u.school_id = s.id AND u.deactivated_at IS NULL) AS member_count
                FROM schools s WHERE s.slug = $1
                """, [slug]).first
            else { throw NotFound() }
            let schoolID: Int = try row.decode("id")
            let members = try connection.query("""
                SELECT username, name, role FROM users
                WHERE school_id = $1 AND deactivated_at IS NULL ORDER BY lower(name), id
                """, [schoolID]).map { member in
                SchoolMember(username: try member.decode("username"), name: try member.decode("name"), role: try member.decode("role"))
            }
            let threads = try connection.query("""
                SELECT \(ThreadQueries.summaryColumns)
                FROM threads t \(ThreadQueries.summaryJoins)
                WHERE a.school_id = $1 AND t.deleted_at IS NULL AND (c.visibility = 'members' OR $2)
                ORDER BY t.last_posted_at DESC
                LIMIT $3
                """, [schoolID, moderator, threadLimit]).map(ThreadQueries.summary)
            return SchoolPage(school: try Self.schoolSummary(row), members: members, recentThreads: threads)
        }
    }

    // MARK: The member's own settings

    public func changeName(_ name: String, for member: Member) async throws {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 100 else { throw ValidationError(field: "name", "Enter a name of at most 100 characters.") }
        try await db.query("UPDATE users SET name = $2 WHERE id = $1", [member.id, name])
    }

    /// Changes the password after checking the current one; every other session ends.
    public func changePassword(current: String, new: String, confirm: String, for member: Member, keepingSession sessionID: Int?) async throws {
        let stored: String = try await db.query("SELECT password_hash FROM users WHERE id = $1", [member.id])[0].decode(0)
        guard try await hasher.verify(current, against: stored) else {
            throw ValidationError(field: "current_password", "That isn't your current password.")
        }
        if let problem = PasswordPolicy.problem(with: new, email: member.email, username: member.username) {
            throw ValidationError(field: "password", problem)
        }
        if new != confirm { throw ValidationError(field: "password_confirm", "The two passwords don't match.") }
        let hash = try await hasher.hash(new)
        try await db.withTransaction { connection in
            try connection.query("UPDATE users SET password_hash = $2 WHERE id = $1", [member.id, hash])
            try PasswordResets.voidOutstanding(for: member.id, on: connection)
            try connection.query("DELETE FROM sessions WHERE user_id = $1 AND id IS DISTINCT FROM $2", [member.id, sessionID])
            try AccountNotices.enqueue(.passwordChanged, to: member.email, on: connection)
        }
    }

    public struct ActiveSession: Sendable {
        public var id: Int
        public var createdAt: Date
        public var lastSeenAt: Date
        public var ip: String?
        public var userAgent: String?
    }

    public func sessions(of member: Member) async throws -> [ActiveSession] {
        try await db.query("""
            SELECT id, created_at, last_seen_at, ip, user_agent FROM sessions
            WHERE user_id = $1 AND expires_at > now() AND last_seen_at > now() - make_interval(secs => $2)
            ORDER BY last_seen_at DESC
            """, [member.id, Int(sessionPolicy.idleTimeout)]).map { row in
            ActiveSession(id: try row.decode("id"), createdAt: try row.decode("created_at"), lastSeenAt: try row.decode("last_seen_at"),
                          ip: try row.decode("ip"), userAgent: try row.decode("user_agent"))
        }
    }

    /// Ends one of the member's own sessions (someone else's id is simply not found).
    public func endSession(id: Int, of member: Member) async throws {
        let rows = try await db.query("DELETE FROM sessions WHERE id = $1 AND user_id = $2", [id, member.id])
        if rows.affectedRows == 0 { throw NotFound() }
    }
}
