import CLibPQ
#if canImport(Glibc)
import Glibc
#endif

/// One libpq connection. Not thread-safe and not `Sendable`: the pool hands it to one
/// blocking closure at a time, on a thread-pool thread, never on the event loop.
public final class PostgresConnection {
    private let handle: OpaquePointer
    private var inTransaction = false
    /// Statements this connection has prepared, by their SQL text. Planning a page's joins
    /// took ~5 ms on every execution with unnamed statements, more than running them; a named
    /// statement is parsed once per connection and PostgreSQL can reuse its plan.
    private var prepared: [String: String] = [:]
    private var preparedCount = 0
    /// SQL texts are constants of the code, so this is never reached in practice; if it is
    /// (text built with a varying shape), the connection starts over instead of growing.
    public static let maxPreparedStatements = 500

    /// Opens a connection. `conninfo` is a libpq URI or key/value string. Blocks.
    public init(conninfo: String, applicationName: String = "roundtable", connectTimeoutSeconds: Int = 5) throws {
        // Later keywords override earlier ones; `dbname` first with expand_dbname=1 lets the
        // URI or key/value string supply everything else. JIT is off: it pays off for long
        // analytic queries, and here it compiled for half a second on plans whose cost looks
        // high but which stop after a page under their LIMIT (a search at a million posts: 36 ms
        // of work, 530 ms of compiling).
        let keywords = ["dbname", "connect_timeout", "application_name", "options"]
        let values = [conninfo, String(connectTimeoutSeconds), applicationName,
                      "-c TimeZone=UTC -c DateStyle=ISO,YMD -c statement_timeout=30000 -c jit=off"]
        let keywordPointers = keywords.map { strdup($0) }
        let valuePointers = values.map { strdup($0) }
        defer {
            keywordPointers.forEach { free($0) }
            valuePointers.forEach { free($0) }
        }
        var keywordArray = keywordPointers.map { UnsafePointer<CChar>($0) } + [nil]
        var valueArray = valuePointers.map { UnsafePointer<CChar>($0) } + [nil]
        guard let handle = PQconnectdbParams(&keywordArray, &valueArray, 1) else {
            throw PostgresError(kind: .connection, message: "out of memory opening a connection")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = Self.lastError(handle)
            PQfinish(handle)  // libpq allocates even for a failed connection.
            throw PostgresError(kind: .connection, message: message)
        }
        // Without this libpq prints every NOTICE (e.g. "relation already exists, skipping") to stderr.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        self.handle = handle
    }

    deinit {
        PQfinish(handle)
    }

    /// False once libpq has noticed the server went away; the pool then discards it.
    public var isHealthy: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Runs one parameterized statement, prepared once per connection. Values travel
    /// separately from the SQL text, so no value can ever change the statement.
    /// How a statement is planned. `.reused`: prepared once per connection, and PostgreSQL may
    /// settle on one generic plan for every value. `.forTheseValues`: planned afresh with the
    /// values in hand (`PQexecParams`), for statements whose best plan depends on them, such as
    /// a search that must read an index in order for a common word and scan it for a rare one.
    public enum Planning: Sendable {
        case reused
        case forTheseValues
    }

    @discardableResult
    public func query(_ sql: String, _ parameters: [(any PostgresEncodable)?] = [],
                      planning: Planning = .reused) throws -> PostgresRows {
        let cValues: [UnsafeMutablePointer<CChar>?] = parameters.map { parameter in
            guard let parameter else { return nil }
            // PostgreSQL text can't hold NUL; strdup would silently truncate there, so refuse
            // instead: a copy shorter than the text means it held one. (strlen, not a Swift
            // scan of the UTF-8: that took 84% of a debug server's CPU copying uploads in.)
            let text = parameter.postgresText
            guard let copy = strdup(text) else { return nil }
            if strlen(copy) == text.utf8.count { return copy }
            free(copy)
            return nil
        }
        defer { cValues.forEach { free($0) } }
        if let index = parameters.indices.first(where: { parameters[$0] != nil && cValues[$0] == nil }) {
            throw PostgresError(kind: .server, sqlState: "22021", message: "parameter $\(index + 1) contains a NUL character")
        }
        let result: OpaquePointer?
        switch planning {
        case .reused:
            let name = try preparedStatement(for: sql, parameterCount: cValues.count)
            result = cValues.map { UnsafePointer<CChar>($0) }.withUnsafeBufferPointer { buffer in
                PQexecPrepared(handle, name, Int32(buffer.count), buffer.baseAddress, nil, nil, 0)
            }
        case .forTheseValues:
            result = cValues.map { UnsafePointer<CChar>($0) }.withUnsafeBufferPointer { buffer in
                PQexecParams(handle, sql, Int32(buffer.count), nil, buffer.baseAddress, nil, nil, 0)
            }
        }
        return try consume(result)
    }

    /// The name of the statement prepared for `sql` on this connection, preparing it the first
    /// time. A statement that fails to prepare (a syntax error) is not remembered.
    private func preparedStatement(for sql: String, parameterCount: Int) throws -> String {
        if let name = prepared[sql] { return name }
        if prepared.count >= Self.maxPreparedStatements {
            _ = try consume(PQexec(handle, "DEALLOCATE ALL"))
            prepared.removeAll(keepingCapacity: true)
        }
        preparedCount &+= 1
        let name = "rt_\(preparedCount)"
        _ = try consume(PQprepare(handle, name, sql, Int32(parameterCount), nil))
        prepared[sql] = name
        return name
    }

    /// Runs a script of several statements (a migration file). Takes no parameters.
    public func executeScript(_ sql: String) throws {
        _ = try consume(PQexec(handle, sql))
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        precondition(!inTransaction, "nested transactions are not supported")
        try query("BEGIN")
        inTransaction = true
        defer { inTransaction = false }
        let value: T
        do {
            value = try body()
        } catch {
            if isHealthy { _ = try? query("ROLLBACK") }
            throw error
        }
        try query("COMMIT")
        return value
    }

    private func consume(_ result: OpaquePointer?) throws -> PostgresRows {
        guard let result else {
            throw PostgresError(kind: isHealthy ? .server : .connection, message: Self.lastError(handle))
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return Self.rows(of: result)
        default:
            throw Self.error(from: result, connectionHealthy: isHealthy, fallback: Self.lastError(handle))
        }
    }

    private static func rows(of result: OpaquePointer) -> PostgresRows {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        var values: [String?] = []
        values.reserveCapacity(rowCount * columnCount)
        for row in 0..<Int32(rowCount) {
            for column in 0..<Int32(columnCount) {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(nil)
                } else {
                    let length = Int(PQgetlength(result, row, column))
                    let bytes = UnsafeRawPointer(PQgetvalue(result, row, column)!).assumingMemoryBound(to: UInt8.self)
                    values.append(String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self))
                }
            }
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        return PostgresRows(columns: columns, values: values, count: rowCount, affectedRows: affected)
    }

    private static func error(from result: OpaquePointer, connectionHealthy: Bool, fallback: String) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let pointer = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: pointer)
        }
        let sqlState = field("C")
        let message = field("M") ?? fallback
        return PostgresError(
            kind: connectionHealthy || sqlState != nil ? .server : .connection,
            sqlState: sqlState, message: message, detail: field("D"), constraint: field("n"))
    }

    private static func lastError(_ handle: OpaquePointer) -> String {
        guard let pointer = PQerrorMessage(handle) else { return "unknown libpq error" }
        let text = String(cString: pointer).trimmingTrailingWhitespace()
        return text.isEmpty ? "connection failed" : text
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
