import Postgres

/// The moderation and administration log. Entries are only ever added.
public enum AuditLog {
    public static func record(
        on connection: PostgresConnection, actorID: Int?, action: String,
        targetType: String? = nil, targetID: Int? = nil, summary: String = "", reason: String? = nil
    ) throws {
        try connection.query("""
            INSERT INTO mod_log (actor_id, action, target_type, target_id, summary, reason)
            VALUES ($1, $2, $3, $4, $5, $6)
            """, [actorID, action, targetType, targetID, summary, reason])
    }
}
