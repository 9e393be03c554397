import Foundation
import Postgres

/// A school's leadership team: the members who speak for its journey. Admins name them;
/// a leader must belong to the school.
public struct Leadership: Sendable {
    let db: PostgresClient

    public init(db: PostgresClient) {
        self.db = db
    }

    public enum Action: String, Sendable {
        case add, remove
    }

    /// What the leaders form sends.
    public struct Fields: Sendable, Decodable {
        public var username: String?
        public var action: String?

        public init(username: String?, action: String?) {
            self.username = username
            self.action = action
        }
    }

    /// Adds or removes a leader of the school with this slug (404 when there is none).
    /// Returns the school's id, for the page to go back to.
    @discardableResult
    public func change(schoolSlug: String, _ fields: Fields, by admin: Member) async throws -> Int {
        guard Policy.canAdminister(admin) else { throw NotFound() }
        let username = (fields.username ?? "").trimmingCharacters(in: .whitespaces)
        let action = Action(rawValue: fields.action ?? "")
        return try await db.withTransaction { connection in
            guard let school = try connection.query("SELECT id, name FROM schools WHERE slug = $1", [schoolSlug]).first
            else { throw NotFound() }
            let schoolID: Int = try school.decode("id")
            let schoolName: String = try school.decode("name")
            guard let action else { throw ValidationError(field: "action", "Choose to add or remove a leader.") }
            guard !username.isEmpty, username.count <= 30,
                  let user = try connection.query("""
                    SELECT id, username, school_id, deactivated_at IS NOT NULL AS deactivated FROM users WHERE lower(username) = lower($1)
                    """, [username]).first
            else { throw ValidationError(field: "username", "There is no member with that username.") }
            let userID: Int = try user.decode("id")
            let exactName: String = try user.decode("username")
            switch action {
            case .add:
                guard try user.decode("school_id", as: Int?.self) == schoolID else {
                    throw ValidationError(field: "username", "\(exactName) is not a member of \(schoolName); only its own members can lead it.")
                }
                guard try !user.decode("deactivated", as: Bool.self) else {
                    throw ValidationError(field: "username", "\(exactName)'s account is deactivated.")
                }
                let added = try connection.query("""
                    INSERT INTO school_leaders (school_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING user_id
                    """, [schoolID, userID])
                guard !added.isEmpty else { throw ValidationError(field: "username", "\(exactName) already leads \(schoolName).") }
            case .remove:
                let removed = try connection.query("""
                    DELETE FROM school_leaders WHERE school_id = $1 AND user_id = $2 RETURNING user_id
                    """, [schoolID, userID])
                guard !removed.isEmpty else { throw ValidationError(field: "username", "\(exactName) is not a leader of \(schoolName).") }
            }
            try AuditLog.record(on: connection, actorID: admin.id, action: "school.leader.\(action.rawValue)",
                                targetType: "user", targetID: userID, summary: "\(exactName), \(schoolName)")
            return schoolID
        }
    }

    /// The active leaders of a school, by name (a leader who moved to another school no longer counts).
    public func leaders(schoolID: Int) async throws -> [JourneyPerson] {
        try await db.withConnection { try Self.leaders(schoolID: schoolID, on: $0) }
    }

    /// The same, for the school with this slug (none when there is no such school).
    public func leaders(schoolSlug: String) async throws -> [JourneyPerson] {
        try await db.query("""
            SELECT u.username, u.name FROM school_leaders sl JOIN users u ON u.id = sl.user_id JOIN schools s ON s.id = sl.school_id
            WHERE s.slug = $1 AND u.school_id = sl.school_id AND u.deactivated_at IS NULL ORDER BY lower(u.name), u.id
            """, [schoolSlug]).map { JourneyPerson(username: try $0.decode("username"), name: try $0.decode("name")) }
    }

    static func leaders(schoolID: Int, on connection: PostgresConnection) throws -> [JourneyPerson] {
        try connection.query("""
            SELECT u.username, u.name FROM school_leaders sl JOIN users u ON u.id = sl.user_id
            WHERE sl.school_id = $1 AND u.school_id = sl.school_id AND u.deactivated_at IS NULL ORDER BY lower(u.name), u.id
            """, [schoolID]).map { JourneyPerson(username: try $0.decode("username"), name: try $0.decode("name")) }
    }

    static func isLeader(_ member: Member, schoolID: Int, on connection: PostgresConnection) throws -> Bool {
        try !connection.query("""
            SELECT 1 FROM school_leaders sl JOIN users u ON u.id = sl.user_id
            WHERE sl.school_id = $1 AND sl.user_id = $2 AND u.school_id = sl.school_id
            """, [schoolID, member.id]).isEmpty
    }
}
