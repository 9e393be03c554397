import Postgres

/// Tokens mailed in links (unsubscribe) and reply addresses (`reply+{token}@...`). Only a
/// SHA-256 of each is stored, and each opens one thing for one member: a token made for
/// replies can't unsubscribe anyone, and the other way round.
enum MailTokens {
    enum Purpose: String {
        case unsubscribe, reply

        var lifetimeDays: Int {
            switch self {
            case .unsubscribe: 365
            case .reply: 90
            }
        }
    }

    /// 160 random bits as 40 lowercase hex digits: mail systems may change the case of an
    /// address's local part, and hex survives that.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(40)
        for _ in 0..<20 {
            let byte: UInt8 = generator.next()
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 40 && token.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    /// A new token for `userID` (and `threadID`, for replies), stored inside the caller's transaction.
    static func issue(_ purpose: Purpose, userID: Int, threadID: Int? = nil, on connection: PostgresConnection) throws -> String {
        let token = make()
        try connection.query("""
            INSERT INTO mail_tokens (token_hash, user_id, purpose, thread_id, expires_at)
            VALUES (sha256(convert_to($1, 'UTF8')), $2, $3, $4, now() + make_interval(days => $5))
            """, [token, userID, purpose.rawValue, threadID, purpose.lifetimeDays])
        return token
    }

    struct Holder {
        var userID: Int
        var threadID: Int?
    }

    /// Whose token this is, when it is a live one for `purpose`; nil for anything else.
    static func find(_ token: String, purpose: Purpose, on connection: PostgresConnection) throws -> Holder? {
        let token = token.lowercased()
        guard isWellFormed(token) else { return nil }
        guard let row = try connection.query("""
            SELECT user_id, thread_id FROM mail_tokens
            WHERE token_hash = sha256(convert_to($1, 'UTF8')) AND purpose = $2 AND expires_at > now()
            """, [token, purpose.rawValue]).first
        else { return nil }
        return Holder(userID: try row.decode("user_id"), threadID: try row.decode("thread_id"))
    }

    static func purgeExpired(_ db: PostgresClient) async throws {
        try await db.query("DELETE FROM mail_tokens WHERE expires_at < now()")
    }
}
