import FormKit
import Foundation
import Postgres

/// "Forgot your password": a single-use link valid for an hour, mailed through the outbox.
/// Asking answers the same whether or not the address has an account.
public struct PasswordResets: Sendable {
    public static let lifetime = 3600

    /// Requests per client address, and per email address asked about, in `window` seconds.
    public struct Limits: Sendable {
        public var perAddress = 10
        public var perAccount = 3
        public var window = 3600
        public init() {}
    }

    let db: PostgresClient
    let hasher: PasswordHasher
    let rateLimiter: RateLimiter
    public var limits: Limits

    public init(db: PostgresClient, hasher: PasswordHasher, rateLimiter: RateLimiter, limits: Limits = .init()) {
        self.db = db
        self.hasher = hasher
        self.rateLimiter = rateLimiter
        self.limits = limits
    }

    static func link(_ base: String, token: String) -> String {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/password/reset/" + token
    }

    /// Mails a reset link when `email` belongs to an active account. The result depends only
    /// on the rate limits, never on whether the account exists, and so does the time it takes:
    /// both cases build the link and the mail, and run the same statements in one writing
    /// transaction (a known address once cost two more statements and a WAL flush).
    public func request(email: String, ip: String?, linkBase: String) async throws -> RateLimiter.Decision {
        let email = email.trimmingCharacters(in: .whitespaces)
        let byAddress = try await rateLimiter.hit("reset-ip:" + (ip ?? "unknown"), limit: limits.perAddress, windowSeconds: limits.window)
        if case .limited = byAddress { return byAddress }
        let limits = limits
        let lifetime = Self.lifetime
        let token = SecureToken.make()
        let body = Self.mailBody(link: Self.link(linkBase, token: token))
        let valid = EmailAddress.isValid(email)
        return try await db.withTransaction { connection in
            let byAccount = try RateLimiter.hit("reset-account:" + email.lowercased(), limit: limits.perAccount,
                                                windowSeconds: limits.window, on: connection)
            if case .limited = byAccount { return byAccount }
            guard valid else { return .allowed }
            try connection.query(Self.requestSQL, [email, token, lifetime, Self.mailSubject, body])
            return .allowed
        }
    }

    /// One statement whether or not the address has an account: the reset and its mail (the
    /// same row `Outbox.enqueue` writes) are inserted for the account it finds, if any.
    static let requestSQL = """
        WITH account AS (
            SELECT id, email FROM users WHERE lower(email) = lower($1) AND deactivated_at IS NULL
        ), reset AS (
            INSERT INTO password_resets (user_id, token_hash, expires_at)
            SELECT id, sha256(convert_to($2, 'UTF8')), now() + make_interval(secs => $3) FROM account
        )
        INSERT INTO mail_outbox (recipient, subject, body) SELECT email, $4, $5 FROM account
        """

    static let mailSubject = "Reset your Roundtable password"

    static func mailBody(link: String) -> String {
        """
        Hello,

        Someone (hopefully you) asked to reset the password of your Roundtable account. To choose a new password, open:

        \(link)

        The link works once, within an hour. If you didn't ask, ignore this message: your password stays as it is.

        -- 
        Roundtable
        """
    }

    /// Uses up every outstanding link of the account. Whenever its password changes (by a
    /// link or in settings), a link mailed earlier must not set it again: it may sit in a
    /// mailbox the owner no longer controls.
    static func voidOutstanding(for userID: Int, on connection: PostgresConnection) throws {
        try connection.query("UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL", [userID])
    }

    static let lookupSQL = """
        SELECT r.id, r.user_id, u.email, u.username, r.used_at IS NOT NULL AS used, r.expires_at <= now() AS expired
        FROM password_resets r JOIN users u ON u.id = r.user_id
        WHERE r.token_hash = sha256(convert_to($1, 'UTF8'))
        """

    public struct Open: Sendable {
        public var id: Int
        public var userID: Int
        public var email: String
        public var username: String
    }

    static func open(from rows: PostgresRows) throws -> Open {
        guard let row = rows.first else {
            throw UnusableLink(known: false, reason: "This password reset link is not valid. Check that you copied the whole link.")
        }
        if try row.decode("used", as: Bool.self) {
            throw UnusableLink(known: true, reason: "This password reset link has already been used. Ask for a new one if you need to.")
        }
        if try row.decode("expired", as: Bool.self) {
            throw UnusableLink(known: true, reason: "This password reset link has expired (links last an hour). Ask for a new one.")
        }
        return Open(id: try row.decode("id"), userID: try row.decode("user_id"), email: try row.decode("email"),
                    username: try row.decode("username"))
    }

    /// The usable reset behind a link's token, or throws `UnusableLink`.
    public func find(token: String) async throws -> Open {
        guard token.utf8.count <= 100 else { throw UnusableLink(known: false, reason: "This password reset link is not valid.") }
        return try Self.open(from: try await db.query(Self.lookupSQL, [token]))
    }

    /// Sets the new password, uses up the link (and any other outstanding ones of the
    /// account) and ends every session of the account.
    public func reset(token: String, password: String, passwordConfirm: String) async throws {
        let reset = try await find(token: token)
        if let problem = PasswordPolicy.problem(with: password, email: reset.email, username: reset.username) {
            throw ValidationError(field: "password", problem)
        }
        if password != passwordConfirm { throw ValidationError(field: "password_confirm", "The two passwords don't match.") }
        let hash = try await hasher.hash(password)
        try await db.withTransaction { connection in
            // Locked, so the same link used twice at once changes the password once.
            let current = try Self.open(from: try connection.query(Self.lookupSQL + " FOR UPDATE OF r", [token]))
            try connection.query("UPDATE users SET password_hash = $2 WHERE id = $1", [current.userID, hash])
            try Self.voidOutstanding(for: current.userID, on: connection)
            try connection.query("DELETE FROM sessions WHERE user_id = $1", [current.userID])
            try AccountNotices.enqueue(.passwordReset, to: current.email, on: connection)
        }
    }
}
