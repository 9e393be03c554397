import Postgres

/// Counts attempts per key in windows stored in PostgreSQL (sliding: the previous window still
/// counts for the part of it within the last `windowSeconds`), so every `serve` process
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
            WITH hit AS (
                INSERT INTO rate_limits (key, window_start, hits)
                VALUES ($1, \(currentWindow), 1)
                ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1
                RETURNING key, window_start, hits
            )
            SELECT \(countSQL) AS hits, \(retryAfterSQL) AS retry_after
            FROM hit
            """, [key, windowSeconds])[0]
        return try Self.decision(hits: row.decode("hits"), limit: limit, retryAfter: row.decode("retry_after"))
    }

    /// The start of the fixed window `now()` falls in; `$2` is the window's length in seconds.
    private static let currentWindow = "to_timestamp(floor(extract(epoch FROM now()) / $2::int) * $2::int)"

    /// Attempts in the current window (`hit`, a row with `key`, `window_start`, `hits`) plus the
    /// share of the previous window's that still lies within the last `$2` seconds, rounded up.
    /// Counting fixed windows alone forgot every attempt at each window's end: twice the limit
    /// fitted around a boundary, and a burst that straddled one was never limited.
    private static let countSQL = """
        hit.hits + ceil(coalesce((
            SELECT previous.hits FROM rate_limits previous
            WHERE previous.key = hit.key AND previous.window_start = hit.window_start - make_interval(secs => $2::int)
        ), 0) * greatest(0, 1 - extract(epoch FROM now() - hit.window_start) / $2::int))::int
        """

    private static let retryAfterSQL =
        "greatest(1, ceil(extract(epoch FROM hit.window_start + make_interval(secs => $2::int) - now())))::int"

    /// Says whether `key` is already over `limit`, without counting an attempt (for limits
    /// that count only failures).
    public func check(_ key: String, limit: Int, windowSeconds: Int = 60) async throws -> Decision {
        guard let row = try await db.query("""
            WITH hit AS (
                SELECT $1::text AS key, \(Self.currentWindow) AS window_start,
                       coalesce((SELECT hits FROM rate_limits WHERE key = $1 AND window_start = \(Self.currentWindow)), 0) AS hits
            )
            SELECT \(Self.countSQL) AS hits, \(Self.retryAfterSQL) AS retry_after
            FROM hit
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
