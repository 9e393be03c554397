import ArgumentParser
import Forum
import ForumWeb
import Foundation
import Hummingbird
import Mail
import Postgres

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the forum (applies pending migrations first).")

    @OptionGroup var common: CommonOptions
    @Option(help: "Address to listen on (default: HOST or 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (default: PORT or 8080).") var port: Int?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let host = self.host ?? environment["HOST"] ?? "127.0.0.1"
        let port = self.port ?? environment["PORT"].flatMap(Int.init) ?? 8080
        let poolSize = environment["DB_POOL_SIZE"].flatMap(Int.init) ?? 8
        try await withDatabase(common, poolSize: poolSize) { database, logger in
            var configuration = WebConfiguration(
                baseURL: environment["BASE_URL"] ?? "http://\(host):\(port)",
                rootDirectory: common.rootDirectory,
                signInLimit: environment["RATE_LIMIT_SIGNIN"].flatMap(Int.init) ?? 10,
                postLimit: environment["RATE_LIMIT_POSTS"].flatMap(Int.init) ?? 10,
                trustProxy: environment["TRUST_PROXY"] == "1")
            configuration.mailReplyDomain = common.mailReplyDomain
            if let seconds = environment["MAIL_BATCH_SECONDS"].flatMap(Int.init), (0...3600).contains(seconds) {
                configuration.mailBatchSeconds = seconds
            }
            // SEARCH_CACHE_ENTRIES=0 turns the kept search results off (the benchmark measures both).
            let searchCacheEntries = environment["SEARCH_CACHE_ENTRIES"].flatMap(Int.init).map { min(max($0, 0), 100_000) } ?? 2_000
            let services = ForumServices(db: database.client, secretKey: try SecretKey.load(
                environmentValue: environment["SECRET_KEY"], dataDirectory: common.dataDirectory),
                searchCache: searchCacheEntries > 0 ? SearchCache(capacity: searchCacheEntries) : nil)
            let app = try await buildApplication(
                services: services, configuration: configuration, host: host, port: port, logger: logger,
                mailTransport: try common.mailTransport(), mailFrom: common.mailFrom)
            logger.info("Roundtable serving on http://\(host):\(port)")
            // Returns on SIGTERM or SIGINT, after in-flight requests finish.
            try await app.runService()
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending sql/ migrations and exit.")
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await withDatabase(common, migrate: false) { database, logger in
            let migrator = try Migrator(directory: common.rootDirectory.appendingPathComponent("sql"))
            let applied = try await migrator.migrate(database.client, logger: logger)
            print(applied.isEmpty ? "Database is up to date." : "Applied: \(applied.joined(separator: ", "))")
        }
    }
}

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load demo content once and print the demo sign-ins.")
    @OptionGroup var common: CommonOptions
    @Flag(help: "Load the demo schools, categories, members and threads.") var demo = false
    @Option(help: "Generate about this many posts (with members, schools and threads) for load tests.") var scale: Int?

    func run() async throws {
        guard demo || scale != nil else { throw ValidationError("say what to seed: --demo and/or --scale N") }
        try await withDatabase(common) { database, _ in
            if let scale {
                let started = Date()
                let loaded = try await ScaleSeed(services: ForumServices(db: database.client)).load(posts: scale)
                if let loaded {
                    print("Scale content loaded in \(Int(Date().timeIntervalSince(started)))s: \(loaded.schools) schools, "
                          + "\(loaded.members) members, \(loaded.threads) threads, \(loaded.posts) posts.")
                    print("Thread with \(ScaleSeed.longThreadPosts) posts: /t/\(loaded.longThreadID)")
                } else {
                    print("Scale content was already loaded.")
                }
                print("Scale sign-in: \(ScaleSeed.email)  \(ScaleSeed.password)")
                guard demo else { return }
            }
            let loaded = try await DemoSeed(services: ForumServices(db: database.client)).load()
            print(loaded ? "Demo content loaded." : "Demo content was already loaded.")
            print("Demo sign-ins:")
            for login in DemoSeed.logins {
                let role = login.role.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
                print("  \(role)  \(login.email.padding(toLength: 26, withPad: " ", startingAt: 0))  \(login.password)")
            }
        }
    }
}
