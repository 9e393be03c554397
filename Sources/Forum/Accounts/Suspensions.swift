import Foundation
import Postgres

/// Suspending members. A suspension ends by itself at `suspended_until`: every check compares
/// it with `now()` at query time, so nothing has to run when it ends.
public struct Suspensions: Sendable {
    let db: PostgresClient

    public init(db: PostgresClient) {
        self.db = db
    }

    /// A member as moderators see them, with any suspension in force.
    public struct MemberStatus: Sendable {
        public var member: Member
        public var isSuspended: Bool
        public var suspendedAt: Date?
        public var suspendedUntil: Date?
        public var reason: String?
    }

    static let statusColumns = """
        \(Accounts.memberColumns),
        (u.suspended_at IS NOT NULL AND (u.suspended_until IS NULL OR u.suspended_until > now())) AS suspended,
        u.suspended_at, u.suspended_until, u.suspension_reason
        """

    static func status(from row: PostgresRow) throws -> MemberStatus {
        let suspended: Bool = try row.decode("suspended")
        return MemberStatus(
            member: try row.member(), isSuspended: suspended,
            suspendedAt: suspended ? try row.decode("suspended_at") : nil,
            suspendedUntil: suspended ? try row.decode("suspended_until") : nil,
            reason: suspended ? try row.decode("suspension_reason") : nil)
    }

    public func status(username: String) async throws -> MemberStatus? {
        try await db.query("""
            SELECT \(Self.statusColumns)
            FROM users u LEFT JOIN schools s ON s.id = u.school_id
            WHERE lower(u.username) = lower($1)
            """, [username]).first.map(Self.status)
    }

    /// Suspensions in force, the most recent first.
    public func current() async throws -> [MemberStatus] {
        try await db.query("""
            SELECT \(Self.statusColumns)
            FROM users u LEFT JOIN schools s ON s.id = u.school_id
            WHERE u.suspended_at IS NOT NULL AND (u.suspended_until IS NULL OR u.suspended_until > now())
            ORDER BY u.suspended_at DESC
            """).map(Self.status)
    }

    /// Members whose username or name starts with `query`, for the moderators' look-up.
    public func search(_ query: String, limit: Int = 20) async throws -> [MemberStatus] {
        let query = query.trimmingCharacters(in: .whitespaces)
        guard !query.isEmpty else { return [] }
        let pattern = query.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        return try await db.query("""
            SELECT \(Self.statusColumns)
            FROM users u LEFT JOIN schools s ON s.id = u.school_id
            WHERE lower(u.username) LIKE lower($1) OR lower(u.name) LIKE lower($1)
            ORDER BY lower(u.username)
            LIMIT $2
            """, [pattern, limit]).map(Self.status)
    }

    /// `YYYY-MM-DD` as midnight UTC of that day; empty means indefinite. The day must be
    /// after today, or the suspension would be over before it began.
    public static func parseUntil(_ text: String, now: Date = Date()) throws -> Date? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return nil }
        let invalid = ValidationError(field: "until", "Enter a date as YYYY-MM-DD, or leave it empty.")
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { throw invalid }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
              calendar.component(.day, from: date) == day, calendar.component(.month, from: date) == month
        else { throw invalid }
        guard date > now else { throw ValidationError(field: "until", "Choose a day after today.") }
        return date
    }

    /// Suspends a member: they can't sign in and their sessions end at once.
    public func suspend(username: String, by moderator: Member, reason: String, until: String) async throws {
        try await db.withTransaction { connection in
            let target = try Self.target(username, on: connection)
            try Policy.decideSuspension(by: moderator, of: target.facts).enforce()
            var problems: [String: String] = [:]
            var end: Date?
            do { end = try Self.parseUntil(until) } catch let error as ValidationError { problems.merge(error.messages) { $1 } }
            var cleaned: String?
            do { cleaned = try Moderation.cleanedReason(reason) } catch let error as ValidationError {
                problems.merge(error.messages) { $1 }
            }
            if cleaned == nil, problems["reason"] == nil { problems["reason"] = "Say why; the member is shown the reason." }
            guard let reason = cleaned, problems.isEmpty else { throw ValidationError(problems) }
            try connection.query("""
                UPDATE users SET suspended_at = now(), suspended_until = $2, suspension_reason = $3 WHERE id = $1
                """, [target.facts.id, end, reason])
            try connection.query("DELETE FROM sessions WHERE user_id = $1", [target.facts.id])
            try AuditLog.record(on: connection, actorID: moderator.id, action: "user.suspend", targetType: "user",
                                targetID: target.facts.id,
                                summary: "Suspended @\(target.username) " + (end.map { "until \(Self.day($0))" } ?? "indefinitely"),
                                reason: reason)
        }
    }

    public func unsuspend(username: String, by moderator: Member) async throws {
        try await db.withTransaction { connection in
            let target = try Self.target(username, on: connection)
            try Policy.decideSuspension(by: moderator, of: target.facts).enforce()
            try connection.query("""
                UPDATE users SET suspended_at = NULL, suspended_until = NULL, suspension_reason = NULL WHERE id = $1
                """, [target.facts.id])
            try AuditLog.record(on: connection, actorID: moderator.id, action: "user.unsuspend", targetType: "user",
                                targetID: target.facts.id, summary: "Lifted the suspension of @\(target.username)")
        }
    }

    static func target(_ username: String, on connection: PostgresConnection) throws -> (facts: Policy.MemberFacts, username: String) {
        guard let row = try connection.query(
            "SELECT id, role, username FROM users WHERE lower(username) = lower($1) FOR UPDATE", [username]).first
        else { throw NotFound() }
        return (Policy.MemberFacts(id: try row.decode("id"), role: try row.decode("role")), try row.decode("username"))
    }

    /// A date as the `YYYY-MM-DD` of its UTC day.
    public static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
