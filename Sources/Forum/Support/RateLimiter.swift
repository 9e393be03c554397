import Postgres

/// Counts attempts per key in fixed windows stored in PostgreSQL, so every `serve` process
/// sees the same counts.
public struct RateLimiter: Sendable {
    public enum Decision: Sendable, Equatable {
        case allowed
        /// Over the limit; try again after this many seconds.
        case limited(retryAfter: Int)
    }

    let db: PostgresClient

    public init(db: PostgresClient) {
        self.db = db
    }

    /// Counts one attempt and says whether it is within `limit` per `windowSeconds`.
    public func hit(_ key: String, limit: Int, windowSeconds: Int = 60) async throws -> Decision {
        try await db.withConnection { try Self.hit(key, limit: limit, windowSeconds: windowSeconds, on: $0) }
    }

    /// Counts one attempt inside the caller's transaction.
    static func hit(_ key: String, limit: Int, windowSeconds: Int, on connection: PostgresConnection) throws -> Decision {
        let row = try connection.query("""
            INSERT INTO rate_limits (key, window_start, hits)
            VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) / $2::int) * $2::int), 1)
            ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1
            RETURNING hits,
                      greatest(1, ceil(extract(epoch FROM window_start + make_interval(secs => $2::int) - now())))::int AS retry_after
            """, [key, windowSeconds])[0]
        return try Self.decision(hits: row.decode("hits"), limit: limit, retryAfter: row.decode("retry_after"))
    }

    /// Says whether `key` is already over `limit`, without counting an attempt (for limits
    /// that count only failures).
    public func check(_ key: String, limit: Int, windowSeconds: Int = 60) async throws -> Decision {
        guard let row = try await db.query("""
            SELECT hits,
                   greatest(1, ceil(extract(epoch FROM window_start + make_interval(secs => $2::int) - now())))::int AS retry_after
            FROM rate_limits
            WHERE key = $1 AND window_start = to_timestamp(floor(extract(epoch FROM now()) / $2::int) * $2::int)
            """, [key, windowSeconds]).first
        else { return .allowed }
        return try Self.decision(hits: row.decode("hits") + 1, limit: limit, retryAfter: row.decode("retry_after"))
    }

    private static func decision(hits: Int, limit: Int, retryAfter: Int) -> Decision {
        hits > limit ? .limited(retryAfter: retryAfter) : .allowed
    }

    public func purgeOld() async throws {
        try await db.query("DELETE FROM rate_limits WHERE window_start < now() - interval '1 day'")
    }
}
