import Postgres

/// Setting up schools and categories without an acting admin: the demo and scale seeds and the
/// tests. The same checks and the same INSERTs as the admin pages (`Administration`), without
/// a log entry, since nobody acted.
public struct Directory: Sendable {
    let db: PostgresClient

    public init(db: PostgresClient) {
        self.db = db
    }

    @discardableResult
    public func createSchool(slug: String, name: String, website: String? = nil, description: String = "") async throws -> Int {
        let fields = Administration.SchoolFields(slug: slug, name: name, website: website ?? "", description: description)
        let problems = fields.problems()
        if !problems.isEmpty { throw ValidationError(problems) }
        return try await db.withConnection { try Administration.insertSchool(fields, on: $0) }
    }

    @discardableResult
    public func createCategory(slug: String, name: String, description: String = "", position: Int = 0,
                               visibility: CategoryVisibility = .members) async throws -> Int {
        let values = try Administration.validated(.init(slug: slug, name: name, description: description,
                                                        position: String(position), visibility: visibility.rawValue))
        return try await db.withConnection { try Administration.insertCategory(values, on: $0) }
    }
}
