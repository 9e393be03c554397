import Foundation
import Postgres

/// Erasing an account: the member's identity goes (name, email, username, profile, sessions,
/// two-factor, notifications, invitations and resets for the email); their posts stay for the
/// conversation's sake, attributed to a stable placeholder shown as "former member". The email
/// can be invited again.
public struct AccountErasure: Sendable {
    public static let displayName = "former member"

    let db: PostgresClient
    let hasher: PasswordHasher

    public init(db: PostgresClient, hasher: PasswordHasher) {
        self.db = db
        self.hasher = hasher
    }

    /// Fits the username rule (letters, digits, underscores) and never collides: ids are unique.
    public static func placeholderUsername(id: Int) -> String { "former_member_\(id)" }

    /// The member erases their own account; their password confirms it.
    public func eraseOwn(_ member: Member, password: String) async throws {
        let stored: String = try await db.query("SELECT password_hash FROM users WHERE id = $1", [member.id])[0].decode(0)
        guard try await hasher.verify(password, against: stored) else {
            throw ValidationError(field: "password", "That isn't your current password.")
        }
        try await db.withTransaction { connection in
            try Self.erase(userID: member.id, on: connection)
        }
    }

    /// An admin erases someone else's account (their own goes through `eraseOwn`); logged
    /// without the name or email, which would otherwise survive in the log.
    public func erase(userID: Int, by admin: Member) async throws {
        guard Policy.canAdminister(admin) else { throw Forbidden("Only admins can erase accounts.") }
        try await db.withTransaction { connection in
            guard let row = try connection.query("""
                SELECT id FROM users WHERE id = $1 AND erased_at IS NULL
                """, [userID]).first
            else { throw NotFound() }
            let id: Int = try row.decode("id")
            guard id != admin.id else { throw Forbidden("Erase your own account from your settings.") }
            try Self.erase(userID: id, on: connection)
            try AuditLog.record(on: connection, actorID: admin.id, action: "erase_account", targetType: "user", targetID: id,
                                summary: "Erased the account of \(Self.placeholderUsername(id: id))")
        }
    }

    static func erase(userID: Int, on connection: PostgresConnection) throws {
        guard let row = try connection.query("""
            SELECT email, username FROM users WHERE id = $1 AND erased_at IS NULL FOR UPDATE
            """, [userID]).first
        else { throw NotFound() }
        let email: String = try row.decode("email")
        let username: String = try row.decode("username")
        let placeholder = placeholderUsername(id: userID)

        try connection.query("""
            UPDATE users SET email = $2, username = $3, name = $4, password_hash = '!', school_id = NULL, role = 'member',
                             suspension_reason = NULL, deactivated_at = coalesce(deactivated_at, now()), erased_at = now()
            WHERE id = $1
            """, [userID, "\(placeholder)@erased.invalid", placeholder, displayName])
        // What only concerned the member.
        for statement in [
            "DELETE FROM sessions WHERE user_id = $1",
            "DELETE FROM pending_sign_ins WHERE user_id = $1",
            "DELETE FROM two_factor WHERE user_id = $1",
            "DELETE FROM two_factor_recovery_codes WHERE user_id = $1",
            "DELETE FROM password_resets WHERE user_id = $1",
            "DELETE FROM notifications WHERE user_id = $1",
            "DELETE FROM thread_watches WHERE user_id = $1",
            "DELETE FROM thread_reads WHERE user_id = $1",
            // Tables from other branches go here (mail settings, unsubscribe tokens, message
            // participants' authorship, attachments' uploader names): one statement each.
        ] {
            try connection.query(statement, [userID])
        }
        // What is keyed by the email: invitations (so it can be invited afresh), the sign-in
        // and reset counters, and mail still addressed to it.
        try connection.query("DELETE FROM invitations WHERE lower(email) = lower($1)", [email])
        try connection.query("DELETE FROM rate_limits WHERE strpos(key, lower($1)) > 0", [email])
        try connection.query("DELETE FROM mail_outbox WHERE lower(recipient) = lower($1)", [email])

        // Text elsewhere that names the member: the moderation log (rewritable only inside an
        // erasure, see sql/090), other mail, and @mentions in posts.
        try connection.query("SET LOCAL roundtable.erasure = 'on'")
        let scrubber = Scrubber(email: email, username: username, placeholder: placeholder)
        try scrub(table: "mod_log", columns: ["summary", "reason"], with: scrubber.anyMention, on: connection, find: [email, username])
        try scrub(table: "mail_outbox", columns: ["subject", "body", "last_error"], with: scrubber.anyMention, on: connection,
                  find: [email, username])
        try scrub(table: "posts", columns: ["body_source", "body_html"], with: scrubber.atMention, on: connection, find: ["@" + username])
        try scrub(table: "post_revisions", columns: ["body_source"], with: scrubber.atMention, on: connection, find: ["@" + username])
    }

    /// Rewrites the rows of `table` whose `columns` contain any of `find` (case-insensitively).
    /// Table and column names are constants of this file, never input.
    static func scrub(table: String, columns: [String], with rewrite: (String) -> String,
                      on connection: PostgresConnection, find: [String]) throws {
        for column in columns {
            for needle in find where !needle.isEmpty {
                let rows = try connection.query("""
                    SELECT id, \(column) AS text FROM \(table) WHERE strpos(lower(\(column)), lower($1)) > 0
                    """, [needle])
                for row in rows {
                    guard let text = try row.decode("text", as: String?.self) else { continue }
                    let rewritten = rewrite(text)
                    if rewritten != text {
                        try connection.query("UPDATE \(table) SET \(column) = $2 WHERE id = $1", [try row.decode("id", as: Int.self), rewritten])
                    }
                }
            }
        }
    }

    struct Scrubber {
        let email: String
        let username: String
        let placeholder: String

        /// In the log and in mail: the email and the username as a whole word.
        func anyMention(_ text: String) -> String {
            var text = replace(NSRegularExpression.escapedPattern(for: email), in: text, with: "[erased email]")
            text = replace("(?<![A-Za-z0-9_])" + NSRegularExpression.escapedPattern(for: username) + "(?![A-Za-z0-9_])",
                           in: text, with: placeholder)
            return text
        }

        /// In posts: only `@username` mentions (and their links), never the word elsewhere:
        /// the name may be an ordinary word in someone else's sentence.
        func atMention(_ text: String) -> String {
            let name = NSRegularExpression.escapedPattern(for: username)
            var text = replace("@" + name + "(?![A-Za-z0-9_])", in: text, with: "@" + placeholder)
            text = replace("/u/" + name + "(?![A-Za-z0-9_])", in: text, with: "/u/" + placeholder)
            return text
        }

        private func replace(_ pattern: String, in text: String, with replacement: String) -> String {
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return text }
            return regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text),
                                                  withTemplate: NSRegularExpression.escapedTemplate(for: replacement))
        }
    }
}
