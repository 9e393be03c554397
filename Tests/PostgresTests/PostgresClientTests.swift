import Foundation
import Postgres
import TestSupport
import Testing

@Suite struct PostgresClientTests {
    @Test func roundTripsValuesAndNulls() async throws {
        try await TestDatabase.with { db in
            let when = Date(timeIntervalSince1970: 1_780_000_000.123456)
            let row = try await db.query("""
                SELECT $1::bigint AS n, $2::text AS s, $3::boolean AS b, $4::timestamptz AS t,
                       $5::text AS missing, $6::double precision AS d, 'é ✓ 🎓'::text AS unicode
                """, [Int64(9_000_000_000), "it's \"quoted\"; DROP TABLE x", true, when, nil, 2.5])[0]
            #expect(try row.decode("n", as: Int64.self) == 9_000_000_000)
            #expect(try row.decode("s", as: String.self) == "it's \"quoted\"; DROP TABLE x")
            #expect(try row.decode("b", as: Bool.self))
            #expect(abs(try row.decode("t", as: Date.self).timeIntervalSince(when)) < 0.000_01)
            #expect(try row.decode("missing", as: String?.self) == nil)
            #expect(try row.decode("d", as: Double.self) == 2.5)
            #expect(try row.decode("unicode", as: String.self) == "é ✓ 🎓")
            #expect(throws: PostgresError.self) { try row.decode("missing", as: String.self) }
            #expect(throws: PostgresError.self) { try row.decode("s", as: Int.self) }
        }
    }

    /// A statement planned for its values is not prepared (nothing is left behind on the
    /// connection), and its values still travel apart from the SQL.
    @Test func statementsPlannedForTheirValuesKeepValuesApart() async throws {
        try await TestDatabase.with(poolSize: 1) { db in
            let hostile = "x'); DROP TABLE schema_migrations; --"
            let row = try await db.query("SELECT $1::text AS s, $2::int + 1 AS n", [hostile, 41], planning: .forTheseValues)[0]
            #expect(try row.decode("s", as: String.self) == hostile)
            #expect(try row.decode("n", as: Int.self) == 42)
            #expect(try await db.query("SELECT count(*) FROM pg_prepared_statements WHERE statement = 'SELECT $1::text AS s, $2::int + 1 AS n'")[0]
                .decode(0, as: Int.self) == 0)
            #expect(try await db.query("SELECT count(*) FROM schema_migrations")[0].decode(0, as: Int.self) > 0)
            await #expect(throws: PostgresError.self) {
                try await db.query("SELECT $1::text", ["nul\u{0}inside"], planning: .forTheseValues)
            }
        }
    }

    /// Statements are prepared once per connection: the same text runs again from the same
    /// prepared statement, a failed preparation is not remembered, and a connection that saw
    /// more distinct statements than it keeps starts over rather than failing.
    @Test func preparedStatementsAreReusedAndBounded() async throws {
        try await TestDatabase.with(poolSize: 1) { db in
            for value in 1...3 { #expect(try await db.query("SELECT $1::int + 1 AS n", [value])[0].decode("n", as: Int.self) == value + 1) }
            let prepared: Int = try await db.query("SELECT count(*) FROM pg_prepared_statements")[0].decode(0)
            #expect(prepared == 2)  // the addition and this count
            await #expect(throws: PostgresError.self) { try await db.query("SELEC broken") }
            await #expect(throws: PostgresError.self) { try await db.query("SELEC broken") }
            // Trailing spaces make each text distinct without putting a value into the SQL.
            for index in 0...PostgresConnection.maxPreparedStatements {
                let sql = "SELECT $1::int + 1 AS n" + String(repeating: " ", count: index + 1)
                #expect(try await db.query(sql, [index])[0].decode("n", as: Int.self) == index + 1)
            }
            let kept: Int = try await db.query("SELECT count(*) FROM pg_prepared_statements")[0].decode(0)
            #expect(kept <= PostgresConnection.maxPreparedStatements)
        }
    }

    @Test func reportsSQLStateAndConstraint() async throws {
        try await TestDatabase.with { db in
            try await db.query("CREATE TABLE t (email text CONSTRAINT t_email_key UNIQUE)")
            try await db.query("INSERT INTO t VALUES ($1)", ["a@b.c"])
            do {
                try await db.query("INSERT INTO t VALUES ($1)", ["a@b.c"])
                Issue.record("a duplicate was accepted")
            } catch let error as PostgresError {
                #expect(error.isUniqueViolation)
                #expect(error.constraint == "t_email_key")
                #expect(!error.isUnavailable)
            }
            await #expect(throws: PostgresError.self) { try await db.query("SELEC nonsense") }
            await #expect(throws: PostgresError.self) { try await db.query("SELECT $1::text", ["nul\0byte"]) }
        }
    }

    @Test func transactionRollsBackWhenBodyThrows() async throws {
        struct Boom: Error {}
        try await TestDatabase.with { db in
            try await db.query("CREATE TABLE t (n int)")
            await #expect(throws: Boom.self) {
                try await db.withTransaction { connection in
                    try connection.query("INSERT INTO t VALUES (1)")
                    throw Boom()
                }
            }
            _ = try await db.withTransaction { connection in try connection.query("INSERT INTO t VALUES (2)") }
            let values = try await db.query("SELECT n FROM t").map { try $0.decode(0, as: Int.self) }
            #expect(values == [2])
        }
    }

    @Test func manyConcurrentCallersShareASmallPool() async throws {
        try await TestDatabase.with(poolSize: 2) { db in
            let sum = try await withThrowingTaskGroup(of: Int.self) { group in
                for value in 1...60 {
                    group.addTask { try await db.query("SELECT $1::int FROM pg_sleep(0.001)", [value])[0].decode(0) }
                }
                return try await group.reduce(0, +)
            }
            #expect(sum == (1...60).reduce(0, +))
            #expect(db.openConnections <= 2)
        }
    }

    @Test func replacesConnectionsTheServerDropped() async throws {
        try await TestDatabase.with(poolSize: 3) { db in
            // Open three connections and put them back idle.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 { group.addTask { try await db.query("SELECT pg_sleep(0.05)") } }
                try await group.waitForAll()
            }
            // What a server restart does to them: every backend of this database terminated.
            let admin = try await db.withConnection { connection in
                try connection.query("""
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid()
                    """)
            }
            #expect(admin.count >= 1)
            var failures = 0
            for _ in 0..<5 {
                do { try await db.query("SELECT 1") } catch let error as PostgresError {
                    #expect(error.isUnavailable)
                    failures += 1
                }
            }
            // At most the first caller notices; the pool then discards the broken connections.
            #expect(failures <= 1)
            #expect(try await db.query("SELECT 41 + 1")[0].decode(0, as: Int.self) == 42)
        }
    }
}
