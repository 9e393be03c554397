import Postgres

/// Member schools and categories: the forum's structure.
public struct Directory: Sendable {
    let db: PostgresClient

    public init(db: PostgresClient) {
        self.db = db
    }

    @discardableResult
    public func createSchool(slug: String, name: String, website: String? = nil, description: String = "") async throws -> Int {
        guard Slug.isValid(slug) else { throw ValidationError(field: "slug", "Use lowercase letters, digits and hyphens.") }
        do {
            return try await db.query("""
                INSERT INTO schools (slug, name, website, description) VALUES ($1, $2, $3, $4) RETURNING id
                """, [slug, name, website, description])[0].decode(0)
        } catch let error as PostgresError where error.isUniqueViolation {
            throw ValidationError(field: "slug", "A school with that slug already exists.")
        }
    }

    @discardableResult
    public func createCategory(slug: String, name: String, description: String = "", position: Int = 0,
                               visibility: CategoryVisibility = .members) async throws -> Int {
        guard Slug.isValid(slug) else { throw ValidationError(field: "slug", "Use lowercase letters, digits and hyphens.") }
        do {
            return try await db.query("""
                INSERT INTO categories (slug, name, description, position, visibility)
                VALUES ($1, $2, $3, $4, $5) RETURNING id
                """, [slug, name, description, position, visibility])[0].decode(0)
        } catch let error as PostgresError where error.isUniqueViolation {
            throw ValidationError(field: "slug", "A category with that slug already exists.")
        }
    }
}
