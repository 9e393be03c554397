import FormKit
import Foundation
import Postgres

/// Invitations: the only way in. An admin (or the `invite` command) invites an email address
/// with a role and school; the person follows the mailed link, chooses a username and password,
/// and is signed in. The link carries 256 random bits; only their SHA-256 is stored.
public struct Invitations: Sendable {
    public static let lifetime: TimeInterval = 14 * 24 * 3600

    let db: PostgresClient
    let hasher: PasswordHasher
    let sessionPolicy: Sessions.Policy

    public init(db: PostgresClient, hasher: PasswordHasher, sessionPolicy: Sessions.Policy = .init()) {
        self.db = db
        self.hasher = hasher
        self.sessionPolicy = sessionPolicy
    }

    public enum State: String, Sendable {
        case pending, accepted, expired, revoked
    }

    /// A new or re-sent invitation and the link that accepts it (shown once, never stored).
    public struct Created: Sendable {
        public var id: Int
        public var url: String
    }

    public struct Listed: Sendable {
        public var id: Int
        public var email: String
        public var name: String
        public var role: Role
        public var schoolName: String?
        public var invitedBy: String?
        public var createdAt: Date
        public var expiresAt: Date
        public var state: State
    }

    /// An invitation found by its link's token, still usable.
    public struct Open: Sendable {
        public var id: Int
        public var email: String
        public var name: String
        public var role: Role
        public var schoolSlug: String?
        public var schoolName: String?
    }

    static func link(_ base: String, token: String) -> String {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/invite/" + token
    }

    // MARK: Creating

    /// Creates an invitation and queues its mail. Problems are reported by field: `email`,
    /// `role`, `school`.
    public func create(email: String, role roleName: String, schoolSlug: String?, name: String = "",
                       invitedBy actorID: Int?, linkBase: String) async throws -> Created {
        let email = email.trimmingCharacters(in: .whitespaces)
        var problems: [String: String] = [:]
        if !EmailAddress.isValid(email) { problems["email"] = "Enter a valid email address." }
        let role = Role(rawValue: roleName.trimmingCharacters(in: .whitespaces).lowercased())
        if role == nil { problems["role"] = "Choose member, moderator or admin." }
        if !problems.isEmpty { throw ValidationError(problems) }
        let schoolSlug = schoolSlug?.trimmingCharacters(in: .whitespaces).lowercased()
        return try await db.withTransaction { connection in
            var schoolID: Int?
            if let slug = schoolSlug, !slug.isEmpty {
                guard let row = try connection.query("SELECT id FROM schools WHERE slug = $1", [slug]).first else {
                    throw ValidationError(field: "school", "There is no school \(slug).")
                }
                schoolID = try row.decode(0)
            }
            switch try Self.standing(of: email, on: connection) {
            case .member: throw ValidationError(field: "email", "Someone with that email address is already a member.")
            case .invited: throw ValidationError(field: "email", "That address already has a pending invitation; resend it instead.")
            case .new: break
            }
            return try Self.insert(email: email, name: name, role: role!, schoolID: schoolID, invitedBy: actorID,
                                   linkBase: linkBase, on: connection)
        }
    }

    enum Standing { case new, member, invited }

    static func standing(of email: String, on connection: PostgresConnection) throws -> Standing {
        let row = try connection.query("""
            SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower($1)) AS member,
                   EXISTS (SELECT 1 FROM invitations
                           WHERE lower(email) = lower($1) AND accepted_at IS NULL AND revoked_at IS NULL
                             AND expires_at > now()) AS invited
            """, [email])[0]
        if try row.decode("member", as: Bool.self) { return .member }
        if try row.decode("invited", as: Bool.self) { return .invited }
        return .new
    }

    /// Inserts the invitation, its mail and its log entry on the caller's transaction.
    static func insert(email: String, name: String, role: Role, schoolID: Int?, invitedBy actorID: Int?,
                       linkBase: String, on connection: PostgresConnection) throws -> Created {
        let token = SecureToken.make()
        let row = try connection.query("""
            INSERT INTO invitations (email, name, role, school_id, token_hash, invited_by, expires_at)
            VALUES ($1, $2, $3, $4, sha256(convert_to($5, 'UTF8')), $6, now() + make_interval(secs => $7))
            RETURNING id, expires_at, (SELECT name FROM schools WHERE id = $4) AS school_name
            """, [email, String(name.trimmingCharacters(in: .whitespacesAndNewlines).prefix(100)), role, schoolID,
                  token, actorID, Int(lifetime)])[0]
        let id: Int = try row.decode("id")
        let url = link(linkBase, token: token)
        try Outbox.enqueue(on: connection, to: email, subject: "You're invited to Roundtable",
                           body: invitationMail(url: url, role: role, schoolName: try row.decode("school_name"),
                                                expiresAt: try row.decode("expires_at")))
        try AuditLog.record(on: connection, actorID: actorID, action: "invitation.create", targetType: "invitation",
                            targetID: id, summary: "Invited \(email) as \(role.rawValue)")
        return Created(id: id, url: url)
    }

    static func invitationMail(url: String, role: Role, schoolName: String?, expiresAt: Date) -> String {
        let school = schoolName.map { " at \($0)" } ?? ""
        return """
            Hello,

            You have been invited to join Roundtable, the forum of our schools' network, as a \(role.rawValue)\(school).

            To accept, open this link and choose a username and password:

            \(url)

            The link works once and expires on \(MailDate.text(expiresAt)) UTC. If you weren't expecting this, ignore this message.

            -- 
            Roundtable
            """
    }

    // MARK: Administering

    public static let perPage = 100

    public struct Listing: Sendable {
        public var invitations: [Listed]
        public var page: Int
        public var pageCount: Int
    }

    /// Every invitation, newest first, with its state; a page at a time.
    public func list(page: Int = 1) async throws -> Listing {
        let page = Page(number: page, size: Self.perPage)
        return try await db.withConnection { connection in
            let total: Int = try connection.query("SELECT count(*) FROM invitations")[0].decode(0)
            let rows = try connection.query("""
                SELECT i.id, i.email, i.name, i.role, s.name AS school_name, u.username AS invited_by,
                       i.created_at, i.expires_at,
                       CASE WHEN i.accepted_at IS NOT NULL THEN 'accepted'
                            WHEN i.revoked_at IS NOT NULL THEN 'revoked'
                            WHEN i.expires_at <= now() THEN 'expired'
                            ELSE 'pending' END AS state
                FROM invitations i
                LEFT JOIN schools s ON s.id = i.school_id
                LEFT JOIN users u ON u.id = i.invited_by
                ORDER BY i.created_at DESC, i.id DESC
                LIMIT $1 OFFSET $2
                """, [page.size, page.offset]).map { row in
                Listed(id: try row.decode("id"), email: try row.decode("email"), name: try row.decode("name"),
                       role: try row.decode("role"), schoolName: try row.decode("school_name"),
                       invitedBy: try row.decode("invited_by"), createdAt: try row.decode("created_at"),
                       expiresAt: try row.decode("expires_at"), state: State(rawValue: try row.decode("state")) ?? .pending)
            }
            return Listing(invitations: rows, page: page.number, pageCount: Page.count(items: total, size: page.size))
        }
    }

    /// Revokes a not yet accepted invitation; its link stops working at once.
    public func revoke(id: Int, by admin: Member) async throws {
        guard Policy.canAdminister(admin) else { throw NotFound() }
        try await db.withTransaction { connection in
            let rows = try connection.query("""
                UPDATE invitations SET revoked_at = now()
                WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL
                RETURNING email
                """, [id])
            guard let row = rows.first else { throw ValidationError(field: "invitation", "That invitation was already accepted or revoked.") }
            try AuditLog.record(on: connection, actorID: admin.id, action: "invitation.revoke", targetType: "invitation",
                                targetID: id, summary: "Revoked the invitation of \(try row.decode("email", as: String.self))")
        }
    }

    /// Sends a not yet accepted invitation again with a new link and a new expiry; the old
    /// link stops working.
    public func resend(id: Int, by admin: Member, linkBase: String) async throws -> Created {
        guard Policy.canAdminister(admin) else { throw NotFound() }
        return try await db.withTransaction { connection in
            let token = SecureToken.make()
            let rows = try connection.query("""
                UPDATE invitations i
                SET token_hash = sha256(convert_to($2, 'UTF8')), expires_at = now() + make_interval(secs => $3),
                    revoked_at = NULL, created_at = now()
                WHERE i.id = $1 AND i.accepted_at IS NULL
                RETURNING i.email, i.role, i.expires_at, (SELECT name FROM schools WHERE id = i.school_id) AS school_name
                """, [id, token, Int(Self.lifetime)])
            guard let row = rows.first else { throw ValidationError(field: "invitation", "That invitation was already accepted.") }
            let email: String = try row.decode("email")
            let url = Self.link(linkBase, token: token)
            try Outbox.enqueue(on: connection, to: email, subject: "You're invited to Roundtable",
                               body: Self.invitationMail(url: url, role: try row.decode("role"), schoolName: try row.decode("school_name"),
                                                         expiresAt: try row.decode("expires_at")))
            try AuditLog.record(on: connection, actorID: admin.id, action: "invitation.resend", targetType: "invitation",
                                targetID: id, summary: "Sent the invitation of \(email) again")
            return Created(id: id, url: url)
        }
    }

    // MARK: Accepting

    static let lookupSQL = """
        SELECT i.id, i.email, i.name, i.role, s.slug AS school_slug, s.name AS school_name,
               i.accepted_at IS NOT NULL AS accepted, i.revoked_at IS NOT NULL AS revoked, i.expires_at <= now() AS expired
        FROM invitations i LEFT JOIN schools s ON s.id = i.school_id
        WHERE i.token_hash = sha256(convert_to($1, 'UTF8'))
        """

    static func open(from rows: PostgresRows) throws -> Open {
        guard let row = rows.first else {
            throw UnusableLink(known: false, reason: "This invitation link is not valid. Check that you copied the whole link from the email.")
        }
        if try row.decode("accepted", as: Bool.self) {
            throw UnusableLink(known: true, reason: "This invitation has already been used. Sign in with the account it created, or reset its password.")
        }
        if try row.decode("revoked", as: Bool.self) {
            throw UnusableLink(known: true, reason: "This invitation has been withdrawn. Ask an administrator for a new one.")
        }
        if try row.decode("expired", as: Bool.self) {
            throw UnusableLink(known: true, reason: "This invitation has expired. Ask an administrator to send it again.")
        }
        return Open(id: try row.decode("id"), email: try row.decode("email"), name: try row.decode("name"),
                    role: try row.decode("role"), schoolSlug: try row.decode("school_slug"), schoolName: try row.decode("school_name"))
    }

    /// The usable invitation behind a link's token, or throws `UnusableLink`.
    public func find(token: String) async throws -> Open {
        guard token.utf8.count <= 100 else { throw UnusableLink(known: false, reason: "This invitation link is not valid.") }
        return try Self.open(from: try await db.query(Self.lookupSQL, [token]))
    }

    public struct Accepted: Sendable {
        public var member: Member
        /// The new session's cookie token: accepting signs the person in.
        public var sessionToken: String
    }

    /// Creates the invited account, marks the invitation used and starts a session, all in one
    /// transaction: two tabs accepting at once create one account.
    public func accept(token: String, username: String, name: String, password: String, passwordConfirm: String,
                       ip: String?, userAgent: String?) async throws -> Accepted {
        let invitation = try await find(token: token)
        let account = Accounts.NewAccount(email: invitation.email, username: username, name: name, role: invitation.role,
                                          schoolSlug: invitation.schoolSlug, password: password)
        var problems = Accounts.validate(account)
        problems["email"] = nil
        if problems["password"] == nil && password != passwordConfirm {
            problems["password_confirm"] = "The two passwords don't match."
        }
        if !problems.isEmpty { throw ValidationError(problems) }
        let hash = try await hasher.hash(password)
        let policy = sessionPolicy
        return try await db.withTransaction { connection in
            // The row lock makes a second, concurrent acceptance wait and then see it used.
            let current = try Self.open(from: try connection.query(Self.lookupSQL + " FOR UPDATE OF i", [token]))
            guard current.id == invitation.id else { throw UnusableLink(known: false, reason: "This invitation link is not valid.") }
            // An email taken meanwhile comes back keyed "email", a field this form lacks: the
            // page shows it as a general message.
            let member = try Accounts.insert(account, passwordHash: hash, on: connection)
            try connection.query("UPDATE invitations SET accepted_at = now(), accepted_user_id = $2 WHERE id = $1",
                                 [invitation.id, member.id])
            let sessionToken = try Sessions.create(for: member.id, ip: ip, userAgent: userAgent, policy: policy, on: connection)
            return Accepted(member: member, sessionToken: sessionToken)
        }
    }
}

/// Dates in mail bodies, in UTC, readable in any mail client.
enum MailDate {
    static func text(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "d MMMM yyyy, HH:mm"
        return formatter.string(from: date)
    }
}

/// A mailed link (invitation, password reset) that can't be used: unknown (`known == false`,
/// answered 404) or used, revoked or expired (answered 410 with the reason).
public struct UnusableLink: Error, Sendable {
    public var known: Bool
    public var reason: String

    public init(known: Bool, reason: String) {
        self.known = known
        self.reason = reason
    }
}
