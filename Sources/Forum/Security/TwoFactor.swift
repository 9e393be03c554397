import Foundation
import Postgres

/// Two-factor sign-in with time-based codes: enrolment, checking codes (each good once),
/// recovery codes, turning it off, an admin's reset, and the site-wide requirement for staff.
public struct TwoFactor: Sendable {
    public static let recoveryCodeCount = 10
    /// How long the half-signed-in state (password right, code not yet given) lasts.
    public static let pendingLifetime = 600

    let db: PostgresClient
    let hasher: PasswordHasher
    let key: SecretKey

    public init(db: PostgresClient, hasher: PasswordHasher, key: SecretKey) {
        self.db = db
        self.hasher = hasher
        self.key = key
    }

    // MARK: Status and the requirement

    public struct Status: Sendable, Equatable {
        public var enabled: Bool
        public var recoveryCodesLeft: Int
    }

    public func status(of memberID: Int) async throws -> Status {
        let row = try await db.query("""
            SELECT EXISTS (SELECT 1 FROM two_factor WHERE user_id = $1 AND enabled_at IS NOT NULL) AS enabled,
                   (SELECT count(*) FROM two_factor_recovery_codes WHERE user_id = $1 AND used_at IS NULL) AS codes_left
            """, [memberID])[0]
        return Status(enabled: try row.decode("enabled"), recoveryCodesLeft: try row.decode("codes_left"))
    }

    /// For the admins' members list: which of these accounts have two-factor sign-in on, and
    /// which were erased. One query for the page.
    public func accountFlags(userIDs: [Int]) async throws -> (twoFactor: Set<Int>, erased: Set<Int>) {
        guard !userIDs.isEmpty else { return ([], []) }
        let rows = try await db.query("""
            SELECT u.id, tf.enabled_at IS NOT NULL AS two_factor, u.erased_at IS NOT NULL AS erased
            FROM users u LEFT JOIN two_factor tf ON tf.user_id = u.id
            WHERE u.id = ANY (string_to_array($1, ',')::bigint[])
            """, [userIDs.map(String.init).joined(separator: ",")])
        var twoFactor = Set<Int>(), erased = Set<Int>()
        for row in rows {
            let id: Int = try row.decode("id")
            if try row.decode("two_factor", as: Bool.self) { twoFactor.insert(id) }
            if try row.decode("erased", as: Bool.self) { erased.insert(id) }
        }
        return (twoFactor, erased)
    }

    static let requirementKey = "require_two_factor_for_staff"

    /// Whether admins asked that moderators and admins sign in with a code.
    public func isRequiredForStaff() async throws -> Bool {
        try await db.query("SELECT value FROM site_settings WHERE key = $1", [Self.requirementKey]).first?.decode(0, as: String.self) == "on"
    }

    /// One query for the member pages' check: does this staff member still have to enrol?
    public func mustEnrol(_ member: Member) async throws -> Bool {
        guard member.role.canModerate else { return false }
        let row = try await db.query("""
            SELECT coalesce((SELECT value = 'on' FROM site_settings WHERE key = $2), false) AS required,
                   EXISTS (SELECT 1 FROM two_factor WHERE user_id = $1 AND enabled_at IS NOT NULL) AS enrolled
            """, [member.id, Self.requirementKey])[0]
        return Policy.mustEnrolTwoFactor(member, required: try row.decode("required"), enrolled: try row.decode("enrolled"))
    }

    public func setRequiredForStaff(_ required: Bool, by admin: Member) async throws {
        try await db.withTransaction { connection in
            try connection.query("""
                INSERT INTO site_settings (key, value) VALUES ($1, $2)
                ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
                """, [Self.requirementKey, required ? "on" : "off"])
            try AuditLog.record(on: connection, actorID: admin.id, action: "two_factor_requirement",
                                summary: required ? "Required two-factor sign-in for moderators and admins"
                                                  : "Stopped requiring two-factor sign-in for moderators and admins")
        }
    }

    // MARK: Enrolment

    /// What the enrolment page shows: only for the member's own eyes, on that page.
    public struct Enrolment: Sendable {
        public var secretBase32: String
        public var uri: String
    }

    /// The secret waiting for its first code: the same one on every visit until confirmed,
    /// so a reload does not invalidate what the app already scanned.
    public func beginEnrolment(for member: Member) async throws -> Enrolment? {
        let key = key
        return try await db.withTransaction { connection in
            let existing = try connection.query("""
                SELECT encode(secret_sealed, 'base64') AS sealed, enabled_at IS NOT NULL AS enabled
                FROM two_factor WHERE user_id = $1 FOR UPDATE
                """, [member.id]).first
            let secret: [UInt8]
            if let existing {
                if try existing.decode("enabled", as: Bool.self) { return nil }
                secret = try Self.unseal(try existing.decode("sealed"), key: key, memberID: member.id)
            } else {
                secret = OneTimeCode.newSecret()
                try connection.query("""
                    INSERT INTO two_factor (user_id, secret_sealed) VALUES ($1, decode($2, 'base64'))
                    """, [member.id, try Self.seal(secret, key: key, memberID: member.id)])
            }
            return Enrolment(secretBase32: Base32.encode(secret),
                             uri: OneTimeCode.provisioningURI(secret: secret, account: member.email))
        }
    }

    /// Turns two-factor sign-in on when `code` is right for the pending secret; returns the
    /// recovery codes, shown once (only their hashes are kept).
    public func confirm(for member: Member, code: String, at date: Date = Date()) async throws -> [String] {
        let key = key
        let codes = (0..<Self.recoveryCodeCount).map { _ in Self.newRecoveryCode() }
        return try await db.withTransaction { connection in
            guard let row = try connection.query("""
                SELECT encode(secret_sealed, 'base64') AS sealed FROM two_factor
                WHERE user_id = $1 AND enabled_at IS NULL FOR UPDATE
                """, [member.id]).first
            else { throw ValidationError(field: "code", "Two-factor sign-in is already on, or enrolment has not started.") }
            let secret = try Self.unseal(try row.decode("sealed"), key: key, memberID: member.id)
            guard let step = OneTimeCode.matchingStep(code, secret: secret, at: date) else {
                throw ValidationError(field: "code", "That code isn't right. Enter the 6-digit code your app shows now.")
            }
            try connection.query("UPDATE two_factor SET enabled_at = now(), last_used_step = $2 WHERE user_id = $1", [member.id, step])
            try Self.replaceRecoveryCodes(codes, for: member.id, on: connection)
            try AccountNotices.enqueue(.twoFactorOn, to: member.email, on: connection)
            return codes
        }
    }

    static func replaceRecoveryCodes(_ codes: [String], for memberID: Int, on connection: PostgresConnection) throws {
        try connection.query("DELETE FROM two_factor_recovery_codes WHERE user_id = $1", [memberID])
        for code in codes {
            try connection.query("""
                INSERT INTO two_factor_recovery_codes (user_id, code_hash) VALUES ($1, sha256(convert_to($2, 'UTF8')))
                """, [memberID, normalizedRecoveryCode(code)])
        }
    }

    /// 80 random bits as four groups of four base32 letters and digits.
    static func newRecoveryCode() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<10).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = Base32.encode(bytes).lowercased()
        return Base32.grouped(text).replacingOccurrences(of: " ", with: "-")
    }

    /// What is compared: letters and digits only, lower case (typing dashes or spaces is fine).
    static func normalizedRecoveryCode(_ code: String) -> String {
        String(code.lowercased().unicodeScalars.filter { $0.isASCII && CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    // MARK: Checking a code at sign-in

    public enum CodeCheck: Sendable, Equatable {
        case accepted
        case acceptedRecoveryCode
        case rejected
    }

    /// A current code (one step of drift either way; never a step at or before the last one
    /// accepted) or an unused recovery code, which is then used up. Row lock: two requests with
    /// the same code cannot both pass.
    public func check(code: String, for memberID: Int, at date: Date = Date()) async throws -> CodeCheck {
        let key = key
        let code = String(code.prefix(64))
        return try await db.withTransaction { connection in
            guard let row = try connection.query("""
                SELECT encode(secret_sealed, 'base64') AS sealed, last_used_step FROM two_factor
                WHERE user_id = $1 AND enabled_at IS NOT NULL FOR UPDATE
                """, [memberID]).first
            else { return .rejected }
            let secret = try Self.unseal(try row.decode("sealed"), key: key, memberID: memberID)
            if let step = OneTimeCode.matchingStep(code, secret: secret, at: date) {
                if let last = try row.decode("last_used_step", as: Int64?.self), step <= last { return .rejected }
                try connection.query("UPDATE two_factor SET last_used_step = $2 WHERE user_id = $1", [memberID, step])
                return .accepted
            }
            let normalized = Self.normalizedRecoveryCode(code)
            guard normalized.count == 16 else { return .rejected }
            let used = try connection.query("""
                UPDATE two_factor_recovery_codes SET used_at = now()
                WHERE user_id = $1 AND code_hash = sha256(convert_to($2, 'UTF8')) AND used_at IS NULL
                """, [memberID, normalized])
            return used.affectedRows == 1 ? .acceptedRecoveryCode : .rejected
        }
    }

    // MARK: Turning it off

    /// The member turns it off with their password and a current code.
    public func disable(for member: Member, password: String, code: String, at date: Date = Date()) async throws {
        let stored: String = try await db.query("SELECT password_hash FROM users WHERE id = $1", [member.id])[0].decode(0)
        guard try await hasher.verify(password, against: stored) else {
            throw ValidationError(field: "password", "That isn't your current password.")
        }
        switch try await check(code: code, for: member.id, at: date) {
        case .rejected: throw ValidationError(field: "code", "That code isn't right.")
        case .accepted, .acceptedRecoveryCode: break
        }
        try await db.withTransaction { connection in
            try Self.remove(for: member.id, on: connection)
            try AccountNotices.enqueue(.twoFactorOff, to: member.email, on: connection)
        }
    }

    /// An admin removes a member's two-factor sign-in (a lost phone); logged and mailed.
    public func reset(userID: Int, by admin: Member) async throws {
        guard Policy.canAdminister(admin) else { throw Forbidden("Only admins can reset two-factor sign-in.") }
        try await db.withTransaction { connection in
            guard let row = try connection.query("""
                SELECT id, email, username FROM users WHERE id = $1 AND erased_at IS NULL
                """, [userID]).first
            else { throw NotFound() }
            let id: Int = try row.decode("id")
            try Self.remove(for: id, on: connection)
            try AuditLog.record(on: connection, actorID: admin.id, action: "two_factor_reset", targetType: "user", targetID: id,
                                summary: "Reset the two-factor sign-in of @\(try row.decode("username", as: String.self))")
            try AccountNotices.enqueue(.twoFactorReset, to: try row.decode("email"), on: connection)
        }
    }

    static func remove(for memberID: Int, on connection: PostgresConnection) throws {
        try connection.query("DELETE FROM two_factor WHERE user_id = $1", [memberID])
        try connection.query("DELETE FROM two_factor_recovery_codes WHERE user_id = $1", [memberID])
        try connection.query("DELETE FROM pending_sign_ins WHERE user_id = $1", [memberID])
    }

    // MARK: The half-signed-in state

    /// After a correct password: a token for the second step's cookie. Opens nothing else.
    public func beginSignIn(memberID: Int, next: String) async throws -> String {
        let token = SecureToken.make()
        try await db.query("""
            INSERT INTO pending_sign_ins (token_hash, user_id, next_path, expires_at)
            VALUES (sha256(convert_to($1, 'UTF8')), $2, $3, now() + make_interval(secs => $4))
            """, [token, memberID, String(next.prefix(2000)), Self.pendingLifetime])
        return token
    }

    public struct PendingSignIn: Sendable {
        public var memberID: Int
        public var email: String
        public var next: String
    }

    public func pendingSignIn(token: String) async throws -> PendingSignIn? {
        guard token.utf8.count <= 100 else { return nil }
        return try await db.query("""
            SELECT p.user_id, u.email, p.next_path FROM pending_sign_ins p JOIN users u ON u.id = p.user_id
            WHERE p.token_hash = sha256(convert_to($1, 'UTF8')) AND p.expires_at > now()
              AND u.deactivated_at IS NULL
            """, [token]).first.map { row in
            PendingSignIn(memberID: try row.decode("user_id"), email: try row.decode("email"), next: try row.decode("next_path"))
        }
    }

    public func endSignIn(token: String) async throws {
        try await db.query("DELETE FROM pending_sign_ins WHERE token_hash = sha256(convert_to($1, 'UTF8'))", [token])
    }

    public func purgeExpired() async throws {
        try await db.query("DELETE FROM pending_sign_ins WHERE expires_at <= now()")
    }

    // MARK: Sealing

    static func seal(_ secret: [UInt8], key: SecretKey, memberID: Int) throws -> String {
        Data(try key.seal(secret, context: "two-factor:\(memberID)")).base64EncodedString()
    }

    static func unseal(_ base64: String, key: SecretKey, memberID: Int) throws -> [UInt8] {
        // libpq's base64 output wraps lines every 76 characters.
        guard let data = Data(base64Encoded: base64.filter { !$0.isWhitespace }) else { throw NotFound() }
        return try key.open(Array(data), context: "two-factor:\(memberID)")
    }
}
