/// An error from libpq or the server. Carries SQLSTATE so callers can match on a cause
/// ("duplicate email" is `isUniqueViolation` plus a constraint name, not a message match).
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        /// The connection could not be opened or was lost: the database is unavailable.
        case connection
        /// The server refused a statement; `sqlState` says why.
        case server
        /// A value could not be decoded into the requested Swift type.
        case decoding
    }

    public var kind: Kind
    public var sqlState: String?
    public var message: String
    public var detail: String?
    public var constraint: String?

    public init(kind: Kind, sqlState: String? = nil, message: String, detail: String? = nil, constraint: String? = nil) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.constraint = constraint
    }

    public var isUniqueViolation: Bool { sqlState == "23505" }
    public var isForeignKeyViolation: Bool { sqlState == "23503" }
    public var isCheckViolation: Bool { sqlState == "23514" }

    /// True when the database, not the statement, is the problem: the caller should answer
    /// "service unavailable" and try again later rather than report a bug.
    public var isUnavailable: Bool {
        if kind == .connection { return true }
        guard let state = sqlState else { return false }
        return state.hasPrefix("08")  // connection exception
            || state == "57P01" || state == "57P02" || state == "57P03"  // shutdown, crash, starting up
            || state == "53100" || state == "53200" || state == "53300"  // disk full, out of memory, too many connections
            || state == "25006"  // read-only transaction (a standby or a read-only database)
            || state == "57014"  // statement timeout / cancelled
    }

    public var description: String {
        var text = "PostgreSQL"
        if let sqlState { text += " \(sqlState)" }
        text += ": \(message)"
        if let detail { text += " (\(detail))" }
        return text
    }
}
