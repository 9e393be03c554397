import Postgres

/// A member's mail setting, and unsubscribing by a mailed link without signing in.
public struct EmailSettings: Sendable {
    let db: PostgresClient

    public init(db: PostgresClient) {
        self.db = db
    }

    public func frequency(of member: Member) async throws -> EmailFrequency {
        try await db.query("SELECT email_notifications FROM users WHERE id = $1", [member.id]).first?
            .decode("email_notifications") ?? .default
    }

    /// Saves the choice; a daily or weekly digest is then due a period from now.
    public func setFrequency(_ value: String, for member: Member) async throws {
        guard let frequency = EmailFrequency(rawValue: value) else {
            throw ValidationError(field: "email_notifications", "Choose immediately, daily, weekly or never.")
        }
        try await db.withConnection { try Self.set(frequency, userID: member.id, on: $0) }
    }

    static func set(_ frequency: EmailFrequency, userID: Int, on connection: PostgresConnection) throws {
        // Saving the same choice again leaves the digest's schedule alone.
        try connection.query("""
            UPDATE users SET email_notifications = $2,
                digest_due_at = CASE WHEN email_notifications = $2 THEN digest_due_at
                                     ELSE now() + make_interval(days => $3) END
            WHERE id = $1
            """, [userID, frequency, frequency.digestDays ?? 1])
    }

    public struct Unsubscription: Sendable {
        public var username: String
        public var frequency: EmailFrequency
    }

    /// Whose mail the token stops, and their current setting; nil for an unknown token.
    public func lookup(token: String) async throws -> Unsubscription? {
        try await db.withConnection { connection in
            guard let holder = try MailTokens.find(token, purpose: .unsubscribe, on: connection) else { return nil }
            return try Self.unsubscription(userID: holder.userID, on: connection)
        }
    }

    /// Sets the token's member's mail to `never` (RFC 8058 one-click); nil for an unknown token.
    @discardableResult
    public func unsubscribe(token: String) async throws -> Unsubscription? {
        try await db.withTransaction { connection in
            guard let holder = try MailTokens.find(token, purpose: .unsubscribe, on: connection) else { return nil }
            try Self.set(.never, userID: holder.userID, on: connection)
            return try Self.unsubscription(userID: holder.userID, on: connection)
        }
    }

    private static func unsubscription(userID: Int, on connection: PostgresConnection) throws -> Unsubscription? {
        try connection.query("SELECT username, email_notifications FROM users WHERE id = $1 AND deactivated_at IS NULL", [userID])
            .first.map { Unsubscription(username: try $0.decode("username"), frequency: try $0.decode("email_notifications")) }
    }
}
