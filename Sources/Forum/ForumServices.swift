import Logging
import Postgres

/// The domain's services over one database, wired once and shared by the web layer and the CLI.
public struct ForumServices: Sendable {
    public let db: PostgresClient
    public let hasher: PasswordHasher
    public let accounts: Accounts
    public let sessions: Sessions
    public let rateLimiter: RateLimiter
    public let directory: Directory
    public let discussions: Discussions
    public let threads: ThreadQueries
    public let posts: PostActions
    public let notifications: NotificationCenter
    public let search: Search

    public init(db: PostgresClient, hasher: PasswordHasher = PasswordHasher(),
                renderer: any PostRenderer = MarkdownPostRenderer(), sessionPolicy: Sessions.Policy = .init()) {
        self.db = db
        self.hasher = hasher
        accounts = Accounts(db: db, hasher: hasher)
        sessions = Sessions(db: db, policy: sessionPolicy)
        rateLimiter = RateLimiter(db: db)
        directory = Directory(db: db)
        discussions = Discussions(db: db, renderer: renderer)
        threads = ThreadQueries(db: db)
        posts = PostActions(db: db, renderer: renderer)
        notifications = NotificationCenter(db: db)
        search = Search(db: db)
    }

    /// Periodic upkeep: expired sessions and old rate-limit windows.
    public func purgeExpired() async throws {
        try await sessions.purgeExpired()
        try await rateLimiter.purgeOld()
    }
}
