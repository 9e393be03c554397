import ArgumentParser
import Forum
import Foundation
import Logging
import Postgres

/// Options every command shares: where the data and the forum's files live.
struct CommonOptions: ParsableArguments {
    @Option(help: "Folder for the private PostgreSQL cluster and outgoing mail (when DATABASE_URL is not set).")
    var dataDir: String = "./.roundtable"

    @Option(help: "Folder holding sql/, templates/ and static/ (default: found next to the package).")
    var root: String?

    var dataDirectory: URL {
        URL(fileURLWithPath: dataDir, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
    }

    /// The folder with `sql/` and `static/` (views are compiled in): `--root`, else `ROUNDTABLE_ROOT`, else the
    /// package this binary was built from, so it runs from any working directory.
    var rootDirectory: URL {
        if let root { return URL(fileURLWithPath: root).standardizedFileURL }
        if let root = ProcessInfo.processInfo.environment["ROUNDTABLE_ROOT"] { return URL(fileURLWithPath: root) }
        func isRoot(_ url: URL) -> Bool {
            FileManager.default.fileExists(atPath: url.appendingPathComponent("static/roundtable.css").path)
                && FileManager.default.fileExists(atPath: url.appendingPathComponent("sql").path)
        }
        var candidate = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            if isRoot(candidate) { return candidate }
            candidate = candidate.deletingLastPathComponent()
        }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        if isRoot(source) { return source }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }
}

/// The database a command works on: `DATABASE_URL`, or the private cluster under the data
/// directory, started for this process if it is not already running.
struct Database {
    let client: PostgresClient
    private let cluster: LocalCluster?

    static func open(_ options: CommonOptions, poolSize: Int = 4, logger: Logger) throws -> Database {
        let environment = ProcessInfo.processInfo.environment
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            return Database(client: PostgresClient(configuration: .init(conninfo: url, poolSize: poolSize), logger: logger), cluster: nil)
        }
        let cluster = try LocalCluster(directory: options.dataDirectory, logger: logger)
        let conninfo = try cluster.start()
        return Database(client: PostgresClient(configuration: .init(conninfo: conninfo, poolSize: poolSize), logger: logger), cluster: cluster)
    }

    func migrate(root: URL, logger: Logger) async throws {
        let migrator = try Migrator(directory: root.appendingPathComponent("sql"))
        try await migrator.migrate(client, logger: logger)
        // Which search index the migrations chose (RUM or the GIN fallback) changes how search
        // ranks; operators should see it at every start.
        if let row = try await client.query("SELECT index_kind, reason FROM search_settings").first {
            let kind: String = try row.decode("index_kind"), reason: String = try row.decode("reason")
            logger.info("search uses the \(kind) index: \(reason)")
        }
    }

    func close() async {
        await client.shutdown()
        cluster?.stopIfLastUser()
    }
}

/// Ends the command with a one-line reason on standard error and a non-zero status.
struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func makeLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
    return logger
}

/// Runs `body` with an open, migrated database, closing it however `body` ends.
func withDatabase<T>(_ options: CommonOptions, poolSize: Int = 4, migrate: Bool = true,
                     _ body: (Database, Logger) async throws -> T) async throws -> T {
    let logger = makeLogger("roundtable")
    let database: Database
    do {
        database = try Database.open(options, poolSize: poolSize, logger: logger)
    } catch {
        throw Failure("cannot open the database: \(error)")
    }
    do {
        if migrate { try await database.migrate(root: options.rootDirectory, logger: logger) }
        let value = try await body(database, logger)
        await database.close()
        return value
    } catch {
        await database.close()
        throw error
    }
}
