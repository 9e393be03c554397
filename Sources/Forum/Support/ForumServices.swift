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
    public let moderation: Moderation
    public let suspensions: Suspensions
    public let modLog: ModLogQueries
    public let invitations: Invitations
    public let passwordResets: PasswordResets
    public let administration: Administration
    public let profiles: Profiles
    public let posts: PostActions
    public let notifications: NotificationCenter
    public let search: Search
    public let emailSettings: EmailSettings
    public let messages: PrivateMessages
    public let messageQueries: MessageQueries
    public let journeyElements: JourneyElements
    public let leadership: Leadership
    public let journeys: Journeys
    public let twoFactor: TwoFactor
    public let erasure: AccountErasure
    public let attachments: Attachments

    public init(db: PostgresClient, hasher: PasswordHasher = PasswordHasher(),
                renderer: any PostRenderer = MarkdownPostRenderer(), sessionPolicy: Sessions.Policy = .init(),
                secretKey: SecretKey = .ephemeral(), searchCache: SearchCache? = SearchCache(),
                searchEstimates: SearchEstimates? = SearchEstimates()) {
        self.db = db
        self.hasher = hasher
        accounts = Accounts(db: db, hasher: hasher)
        sessions = Sessions(db: db, policy: sessionPolicy)
        rateLimiter = RateLimiter(db: db)
        directory = Directory(db: db)
        discussions = Discussions(db: db, renderer: renderer)
        threads = ThreadQueries(db: db)
        moderation = Moderation(db: db)
        suspensions = Suspensions(db: db)
        modLog = ModLogQueries(db: db)
        invitations = Invitations(db: db, hasher: hasher, sessionPolicy: sessionPolicy)
        passwordResets = PasswordResets(db: db, hasher: hasher, rateLimiter: rateLimiter)
        administration = Administration(db: db)
        profiles = Profiles(db: db, hasher: hasher, sessionPolicy: sessionPolicy)
        posts = PostActions(db: db, renderer: renderer)
        notifications = NotificationCenter(db: db)
        search = Search(db: db, cache: searchCache, estimates: searchEstimates)
        emailSettings = EmailSettings(db: db)
        messages = PrivateMessages(db: db, renderer: renderer)
        messageQueries = MessageQueries(db: db)
        journeyElements = JourneyElements(db: db)
        leadership = Leadership(db: db)
        journeys = Journeys(db: db, renderer: renderer)
        twoFactor = TwoFactor(db: db, hasher: hasher, key: secretKey)
        erasure = AccountErasure(db: db, hasher: hasher)
        attachments = Attachments(db: db)
    }

    /// Periodic upkeep: expired sessions and old rate-limit windows.
    public func purgeExpired() async throws {
        try await sessions.purgeExpired()
        try await rateLimiter.purgeOld()
        try await Outbox.purgeSent(db)
        try await MailTokens.purgeExpired(db)
        try await twoFactor.purgeExpired()
    }
}
