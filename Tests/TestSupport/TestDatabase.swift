import Forum
import Foundation
import Postgres

/// Real PostgreSQL for tests, never a mock. One throwaway cluster per machine (started on first
/// use, or the server in `TEST_DATABASE_URL`), one migrated template per test process, and a
/// fresh database copied from it for every test, so tests run in parallel without seeing
/// each other's rows.
public enum TestDatabase {
    /// Runs `body` with a pool on a database of its own, dropped afterwards.
    public static func with<T>(poolSize: Int = 2, _ body: (PostgresClient) async throws -> T) async throws -> T {
        let (adminConninfo, name) = try await TestCluster.shared.createDatabase()
        let client = PostgresClient(configuration: .init(conninfo: conninfo(adminConninfo, database: name), poolSize: poolSize))
        do {
            let value = try await body(client)
            await client.shutdown()
            try await TestCluster.shared.dropDatabase(name)
            return value
        } catch {
            await client.shutdown()
            try? await TestCluster.shared.dropDatabase(name)
            throw error
        }
    }

    /// The connection string for `database` on the test server.
    public static func conninfo(_ adminConninfo: String, database: String) -> String {
        if adminConninfo.hasPrefix("postgres://") || adminConninfo.hasPrefix("postgresql://"),
           var components = URLComponents(string: adminConninfo) {
            components.path = "/" + database
            return components.string ?? adminConninfo
        }
        let others = adminConninfo.split(separator: " ").filter { !$0.hasPrefix("dbname=") }
        return (others + ["dbname=\(database)"]).joined(separator: " ")
    }

    /// The package's root folder (for `sql/`, `templates/`, `static/`).
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Creates a standalone database (not dropped automatically) and returns its conninfo: for
    /// tests of migrations themselves.
    public static func makeEmptyDatabase() async throws -> String {
        let (admin, name) = try await TestCluster.shared.createDatabase(fromTemplate: false)
        return conninfo(admin, database: name)
    }

    /// The throwaway cluster's directory (for tests that stop and start it).
    public static var clusterDirectory: URL {
        URL(fileURLWithPath: ProcessInfo.processInfo.environment["ROUNDTABLE_TEST_PG_DIR"]
            ?? "/tmp/roundtable-test-cluster-\(getuid())")
    }
}

actor TestCluster {
    static let shared = TestCluster()

    private var prepared: (admin: String, template: String)?
    /// One preparation shared by every caller: the actor is re-entered at each `await`.
    private var preparation: Task<(String, String), any Error>?
    private var counter = 0

    func createDatabase(fromTemplate: Bool = true) async throws -> (String, String) {
        let (admin, template) = try await prepare()
        counter += 1
        let name = "rt_test_\(getpid())_\(counter)"
        let connection = try PostgresConnection(conninfo: admin)
        // Identifiers can't be parameters; both names are made here, from digits and letters.
        try connection.query(fromTemplate ? "CREATE DATABASE \(name) TEMPLATE \(template)" : "CREATE DATABASE \(name)")
        return (admin, name)
    }

    func dropDatabase(_ name: String) throws {
        let connection = try PostgresConnection(conninfo: prepared!.admin)
        try connection.query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    private func prepare() async throws -> (String, String) {
        if let preparation { return try await preparation.value }
        let task = Task { try await Self.makeTemplate() }
        preparation = task
        let result = try await task.value
        prepared = result
        return result
    }

    private static func makeTemplate() async throws -> (String, String) {
        let admin: String
        if let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !url.isEmpty {
            admin = url
        } else {
            let cluster = try LocalCluster(directory: TestDatabase.clusterDirectory,
                                           options: .init(durable: false, databaseName: "postgres"))
            _ = try cluster.start()
            admin = cluster.maintenanceConninfo
        }
        let template = "rt_template_\(getpid())"
        let connection = try PostgresConnection(conninfo: admin)
        try connection.query("DROP DATABASE IF EXISTS \(template) WITH (FORCE)")
        try connection.query("CREATE DATABASE \(template)")
        let client = PostgresClient(configuration: .init(conninfo: TestDatabase.conninfo(admin, database: template), poolSize: 1))
        try await Migrator(directory: TestDatabase.packageRoot.appendingPathComponent("sql")).migrate(client)
        await client.shutdown()
        return (admin, template)
    }
}

/// Services wired for tests: cheap argon2 parameters keep tests fast while exercising the
/// same code; the production parameters are tested on their own.
public func makeTestServices(_ db: PostgresClient) -> ForumServices {
    ForumServices(db: db, hasher: PasswordHasher(parameters: .init(memoryKiB: 1024, iterations: 1, parallelism: 1)))
}

/// Creates a member quickly for a test.
@discardableResult
public func makeMember(_ services: ForumServices, username: String, role: Role = .member, school: String? = nil,
                       password: String = "correct-horse-battery") async throws -> Member {
    try await services.accounts.create(.init(
        email: "\(username)@example.org", username: username, name: username.capitalized, role: role,
        schoolSlug: school, password: password))
}
