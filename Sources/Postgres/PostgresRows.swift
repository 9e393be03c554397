/// The rows of one result, copied out of the `PGresult` (which is cleared at once), so they
/// can cross threads and outlive the connection.
public struct PostgresRows: Sendable, RandomAccessCollection {
    final class Storage: Sendable {
        let columns: [String]
        let columnIndex: [String: Int]
        let values: [String?]

        init(columns: [String], values: [String?]) {
            self.columns = columns
            self.values = values
            var index: [String: Int] = [:]
            for (position, name) in columns.enumerated() where index[name] == nil { index[name] = position }
            self.columnIndex = index
        }
    }

    let storage: Storage
    public let count: Int
    /// Rows inserted, updated or deleted by the statement (`PQcmdTuples`).
    public let affectedRows: Int

    init(columns: [String], values: [String?], count: Int, affectedRows: Int) {
        self.storage = Storage(columns: columns, values: values)
        self.count = count
        self.affectedRows = affectedRows
    }

    public var columns: [String] { storage.columns }
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
    public subscript(position: Int) -> PostgresRow { PostgresRow(storage: storage, row: position) }
}

public struct PostgresRow: Sendable {
    let storage: PostgresRows.Storage
    let row: Int

    /// The raw text of a column, `nil` for NULL.
    public func text(_ column: Int) -> String? {
        storage.values[row * storage.columns.count + column]
    }

    public func decode<T: PostgresDecodable>(_ column: Int, as type: T.Type = T.self) throws -> T {
        guard column >= 0, column < storage.columns.count else {
            throw PostgresError(kind: .decoding, message: "no column \(column)")
        }
        return try T.decode(postgresText: text(column))
    }

    public func decode<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let index = storage.columnIndex[column] else {
            throw PostgresError(kind: .decoding, message: "no column named \(column)")
        }
        return try T.decode(postgresText: text(index))
    }
}
