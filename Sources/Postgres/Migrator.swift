import Foundation
import Logging

/// Applies numbered `.sql` files (`001_initial.sql`, `002_...`) in order, each in its own
/// transaction, recording each in `schema_migrations`. A session-level advisory lock makes
/// two processes starting at once take turns instead of racing.
public struct Migrator: Sendable {
    public struct Migration: Sendable, Equatable {
        public var version: Int
        public var name: String
        public var sql: String

        public init(version: Int, name: String, sql: String) {
            self.version = version
            self.name = name
            self.sql = sql
        }
    }

    /// Arbitrary but fixed: every process that migrates this database must use the same key.
    static let advisoryLockKey: Int64 = 0x526F_756E_6474  // "Roundt"

    public let migrations: [Migration]

    public init(migrations: [Migration]) {
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// Reads every `NNN_name.sql` in `directory`. Two files with one number are an error.
    public init(directory: URL) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        var migrations: [Migration] = []
        for file in files where file.hasSuffix(".sql") {
            let digits = file.prefix { $0.isNumber }
            guard let version = Int(digits), !digits.isEmpty else { continue }
            let sql = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            migrations.append(Migration(version: version, name: String(file.dropLast(4)), sql: sql))
        }
        let versions = migrations.map(\.version)
        if Set(versions).count != versions.count {
            throw PostgresError(kind: .server, message: "two migrations in \(directory.path) share a number")
        }
        self.init(migrations: migrations)
    }

    /// Applies what is pending; returns the names applied (empty when up to date).
    @discardableResult
    public func migrate(_ client: PostgresClient, logger: Logger = Logger(label: "migrate")) async throws -> [String] {
        let migrations = self.migrations
        return try await client.withConnection { connection in
            try connection.query("SELECT pg_advisory_lock($1)", [Self.advisoryLockKey])
            defer { _ = try? connection.query("SELECT pg_advisory_unlock($1)", [Self.advisoryLockKey]) }
            try connection.query("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
            let applied = Set(try connection.query("SELECT version FROM schema_migrations").map { try $0.decode(0, as: Int.self) })
            var names: [String] = []
            for migration in migrations where !applied.contains(migration.version) {
                try connection.transaction {
                    try connection.executeScript(migration.sql)
                    try connection.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                                         [migration.version, migration.name])
                }
                logger.info("applied migration \(migration.name)")
                names.append(migration.name)
            }
            return names
        }
    }
}
