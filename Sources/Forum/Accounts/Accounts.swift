import FormKit
import Foundation
import Postgres

/// Members: creating accounts and checking passwords.
public struct Accounts: Sendable {
    let db: PostgresClient
    let hasher: PasswordHasher

    public init(db: PostgresClient, hasher: PasswordHasher) {
        self.db = db
        self.hasher = hasher
    }

    public struct NewAccount: Sendable {
        public var email: String
        public var username: String
        public var name: String
        public var role: Role
        public var schoolSlug: String?
        public var password: String

        public init(email: String, username: String, name: String, role: Role, schoolSlug: String?, password: String) {
            self.email = email
            self.username = username
            self.name = name
            self.role = role
            self.schoolSlug = schoolSlug
            self.password = password
        }
    }

    /// Checks a new account's fields; every problem is reported at once, keyed by field.
    public static func validate(_ account: NewAccount) -> [String: String] {
        var problems: [String: String] = [:]
        let email = account.email.trimmingCharacters(in: .whitespaces)
        if !EmailAddress.isValid(email) { problems["email"] = "Enter a valid email address." }
        if account.username.range(of: "^[A-Za-z0-9_]{2,30}$", options: .regularExpression) == nil {
            problems["username"] = "Use 2 to 30 letters, digits or underscores."
        }
        let name = account.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 100 { problems["name"] = "Enter a name of at most 100 characters." }
        if let problem = PasswordPolicy.problem(with: account.password, email: email, username: account.username) {
            problems["password"] = problem
        }
        return problems
    }

    /// Creates an account, or throws `ValidationError` saying which field is wrong
    /// (including an email or username already taken, or an unknown school).
    @discardableResult
    public func create(_ account: NewAccount) async throws -> Member {
        let problems = Self.validate(account)
        if !problems.isEmpty { throw ValidationError(problems) }
        let hash = try await hasher.hash(account.password)
        return try await db.withTransaction { connection in
            try Self.insert(account, passwordHash: hash, on: connection)
        }
    }

    /// The insert alone, for callers that create an account inside a larger transaction
    /// (accepting an invitation). The password must already be validated and hashed.
    public static func insert(_ account: NewAccount, passwordHash: String, on connection: PostgresConnection) throws -> Member {
        var schoolID: Int?
        if let slug = account.schoolSlug, !slug.isEmpty {
            let rows = try connection.query("SELECT id FROM schools WHERE slug = $1", [slug])
            guard let row = rows.first else { throw ValidationError(field: "school", "There is no school \(slug).") }
            schoolID = try row.decode(0)
        }
        do {
            let rows = try connection.query("""
                INSERT INTO users (email, username, name, role, school_id, password_hash)
                VALUES ($1, $2, $3, $4, $5, $6)
                RETURNING id
                """, [account.email.trimmingCharacters(in: .whitespaces), account.username,
                      account.name.trimmingCharacters(in: .whitespacesAndNewlines), account.role, schoolID, passwordHash])
            let id: Int = try rows[0].decode(0)
            guard let member = try Self.member(id: id, on: connection) else { throw NotFound() }
            return member
        } catch let error as PostgresError where error.isUniqueViolation {
            if error.constraint == "users_email_key" {
                throw ValidationError(field: "email", "An account with that email address already exists.")
            }
            throw ValidationError(field: "username", "That username is taken.")
        }
    }

    static let memberColumns = """
        u.id AS user_id, u.username, u.name, u.email, u.role, s.slug AS school_slug, s.name AS school_name
        """

    public static func member(id: Int, on connection: PostgresConnection) throws -> Member? {
        try connection.query("""
            SELECT \(memberColumns)
            FROM users u LEFT JOIN schools s ON s.id = u.school_id
            WHERE u.id = $1
            """, [id]).first.map { try $0.member() }
    }

    public enum SignInResult: Sendable, Equatable {
        case success(Member)
        case invalidCredentials
        case suspended(until: Date?, reason: String?)
        case deactivated
    }

    /// Checks an email and password. Unknown emails cost as much time as known ones, so the
    /// answer's timing does not reveal who has an account. Suspension is only revealed to
    /// someone who knows the password.
    public func signIn(email: String, password: String) async throws -> SignInResult {
        let rows = try await db.query("""
            SELECT \(Self.memberColumns), u.password_hash, u.deactivated_at,
                   (u.suspended_at IS NOT NULL AND (u.suspended_until IS NULL OR u.suspended_until > now())) AS suspended,
                   u.suspended_until, u.suspension_reason
            FROM users u LEFT JOIN schools s ON s.id = u.school_id
            WHERE lower(u.email) = lower($1)
            """, [email.trimmingCharacters(in: .whitespaces)])
        guard let row = rows.first else {
            _ = try await hasher.verify(password, against: Self.dummyHash)
            return .invalidCredentials
        }
        let storedHash: String = try row.decode("password_hash")
        guard try await hasher.verify(password, against: storedHash) else { return .invalidCredentials }
        let member = try row.member()
        if try row.decode("deactivated_at", as: Date?.self) != nil { return .deactivated }
        if try row.decode("suspended", as: Bool.self) {
            return .suspended(until: try row.decode("suspended_until"), reason: try row.decode("suspension_reason"))
        }
        if hasher.needsRehash(storedHash) {
            let fresh = try await hasher.hash(password)
            try await db.query("UPDATE users SET password_hash = $2 WHERE id = $1", [member.id, fresh])
        }
        return .success(member)
    }

    /// A real argon2id hash of a random password, verified against for unknown emails.
    static let dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3fYaGQYIV+ExLd5vHvFhYgO4qyB4lUcnNTy9iHmfWD0"

    public func member(username: String) async throws -> Member? {
        try await db.query("""
            SELECT \(Self.memberColumns)
            FROM users u LEFT JOIN schools s ON s.id = u.school_id
            WHERE lower(u.username) = lower($1)
            """, [username]).first.map { try $0.member() }
    }
}
