import Postgres
import TestSupport
import Testing

@Suite struct MigratorTests {
    let migrations = [
        Migrator.Migration(version: 1, name: "001_a", sql: "CREATE TABLE a (id int); INSERT INTO a VALUES (1);"),
        Migrator.Migration(version: 2, name: "002_b", sql: "CREATE TABLE b (id int); INSERT INTO a VALUES (2);"),
    ]

    @Test func appliesInOrderOnceEvenWhenRunTwiceAtOnce() async throws {
        let conninfo = try await TestDatabase.makeEmptyDatabase()
        let first = PostgresClient(configuration: .init(conninfo: conninfo, poolSize: 1))
        let second = PostgresClient(configuration: .init(conninfo: conninfo, poolSize: 1))
        let migrator = Migrator(migrations: migrations.reversed())
        async let one = migrator.migrate(first)
        async let two = migrator.migrate(second)
        let applied = try await [one, two]
        #expect(applied.flatMap { $0 }.sorted() == ["001_a", "002_b"])
        #expect(try await migrator.migrate(first).isEmpty)
        let rows = try await first.query("SELECT id FROM a ORDER BY id").map { try $0.decode(0, as: Int.self) }
        #expect(rows == [1, 2])
        await first.shutdown()
        await second.shutdown()
    }

    @Test func aFailingMigrationLeavesNothingBehind() async throws {
        let conninfo = try await TestDatabase.makeEmptyDatabase()
        let db = PostgresClient(configuration: .init(conninfo: conninfo, poolSize: 1))
        let broken = Migrator(migrations: [
            migrations[0],
            .init(version: 2, name: "002_broken", sql: "CREATE TABLE c (id int); SELECT no_such_function();"),
        ])
        await #expect(throws: PostgresError.self) { try await broken.migrate(db) }
        let tables = try await db.query("SELECT count(*) FROM pg_tables WHERE tablename = 'c'")[0].decode(0, as: Int.self)
        #expect(tables == 0)
        let versions = try await db.query("SELECT version FROM schema_migrations").map { try $0.decode(0, as: Int.self) }
        #expect(versions == [1])
        await db.shutdown()
    }

    @Test func theProjectsMigrationsApplyCleanly() async throws {
        let conninfo = try await TestDatabase.makeEmptyDatabase()
        let db = PostgresClient(configuration: .init(conninfo: conninfo, poolSize: 1))
        let migrator = try Migrator(directory: TestDatabase.packageRoot.appendingPathComponent("sql"))
        #expect(try await migrator.migrate(db).count == migrator.migrations.count)
        #expect(try await migrator.migrate(db).isEmpty)
        await db.shutdown()
    }
}
