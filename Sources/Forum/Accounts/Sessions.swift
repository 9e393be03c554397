import Foundation
import Postgres

/// Server-side sessions. The cookie carries 256 random bits; the table holds only their
/// SHA-256, so reading the table does not let anyone sign in.
public struct Sessions: Sendable {
    public struct Policy: Sendable {
        /// A session unused this long ends.
        public var idleTimeout: TimeInterval = 14 * 24 * 3600
        /// A session ends this long after sign-in, used or not.
        public var absoluteTimeout: TimeInterval = 60 * 24 * 3600
        public init() {}
    }

    /// A live session and its member.
    public struct Current: Sendable {
        public var id: Int
        public var csrfToken: String
        public var member: Member
        /// For the header; read in the same query as the session, so it costs no round trip.
        public var unreadNotifications: Int = 0
        /// Conversations with messages the member has not read, read in the same query.
        public var unreadMessages: Int = 0
        /// Moderators only: the flags waiting in their queue, read in the same query.
        public var openFlags: Int?
    }

    let db: PostgresClient
    public let policy: Policy

    public init(db: PostgresClient, policy: Policy = Policy()) {
        self.db = db
        self.policy = policy
    }

    /// Starts a session and returns the cookie's token. Always a new token: signing in never
    /// reuses an id an attacker might have planted.
    public func create(for memberID: Int, ip: String?, userAgent: String?) async throws -> String {
        let policy = policy
        return try await db.withConnection { connection in
            try Self.create(for: memberID, ip: ip, userAgent: userAgent, policy: policy, on: connection)
        }
    }

    /// Starts a session inside the caller's transaction (accepting an invitation signs in
    /// together with creating the account).
    public static func create(for memberID: Int, ip: String?, userAgent: String?, policy: Policy,
                              on connection: PostgresConnection) throws -> String {
        let token = SecureToken.make()
        try connection.query("""
            INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at, ip, user_agent)
            VALUES (sha256(convert_to($1, 'UTF8')), $2, $3, now() + make_interval(secs => $4), $5, $6)
            """, [token, memberID, SecureToken.make(), Int(policy.absoluteTimeout), ip, userAgent.map { String($0.prefix(300)) }])
        return token
    }

    /// The session for a cookie token, or nil when it is unknown, expired, or its member is
    /// suspended or deactivated (their sessions stop working at once).
    public func find(token: String) async throws -> Current? {
        guard token.utf8.count <= 100 else { return nil }
        let rows = try await db.query("""
            SELECT se.id AS session_id, se.csrf_token, se.last_seen_at < now() - interval '5 minutes' AS stale,
                   \(NotificationCenter.unreadCountSQL(userID: "u.id", moderator: "u.role <> 'member'")) AS unread_notifications,
                   \(MessageQueries.unreadCountSQL(userID: "u.id")) AS unread_messages,
                   CASE WHEN u.role <> 'member' THEN \(Moderation.openFlagCountSQL) END AS open_flags,
                   \(Accounts.memberColumns)
            FROM sessions se
            JOIN users u ON u.id = se.user_id
            LEFT JOIN schools s ON s.id = u.school_id
            WHERE se.token_hash = sha256(convert_to($1, 'UTF8'))
              AND se.expires_at > now()
              AND se.last_seen_at > now() - make_interval(secs => $2)
              AND u.deactivated_at IS NULL
              AND NOT (u.suspended_at IS NOT NULL AND (u.suspended_until IS NULL OR u.suspended_until > now()))
            """, [token, Int(policy.idleTimeout)])
        guard let row = rows.first else { return nil }
        var current = Current(id: try row.decode("session_id"), csrfToken: try row.decode("csrf_token"), member: try row.member())
        current.unreadNotifications = try row.decode("unread_notifications")
        current.openFlags = try row.decode("open_flags")
        current.unreadMessages = try row.decode("unread_messages")
        // Writing on every request would cost a write per page view; five minutes' accuracy
        // is plenty for an idle timeout measured in days.
        if try row.decode("stale", as: Bool.self) {
            try await db.query("UPDATE sessions SET last_seen_at = now() WHERE id = $1", [current.id])
        }
        return current
    }

    public func delete(token: String) async throws {
        try await db.query("DELETE FROM sessions WHERE token_hash = sha256(convert_to($1, 'UTF8'))", [token])
    }

    public func deleteAll(for memberID: Int, except keptSessionID: Int? = nil) async throws {
        try await db.query("DELETE FROM sessions WHERE user_id = $1 AND id IS DISTINCT FROM $2", [memberID, keptSessionID])
    }

    /// Removes sessions nobody can use any more.
    public func purgeExpired() async throws {
        try await db.query("""
            DELETE FROM sessions WHERE expires_at <= now() OR last_seen_at <= now() - make_interval(secs => $1)
            """, [Int(policy.idleTimeout)])
    }
}
