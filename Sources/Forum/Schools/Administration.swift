import Foundation
import Postgres

/// What admins change: member schools, categories, members' roles and accounts. Every
/// change is checked with `Policy.canAdminister` and written to the log in its transaction.
public struct Administration: Sendable {
    let db: PostgresClient

    public init(db: PostgresClient) {
        self.db = db
    }

    private func authorize(_ admin: Member) throws {
        guard Policy.canAdminister(admin) else { throw NotFound() }
    }

    // MARK: Schools

    public struct SchoolRecord: Sendable {
        public var id: Int
        public var slug: String
        public var name: String
        public var website: String
        public var description: String
        public var memberCount: Int
    }

    /// What the school form sends; absent fields read as empty, values trimmed.
    public struct SchoolFields: Sendable, Decodable {
        public var slug: String
        public var name: String
        public var website: String
        public var description: String

        public init(slug: String, name: String, website: String = "", description: String = "") {
            self.slug = slug.trimmingCharacters(in: .whitespaces)
            self.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
            self.website = website.trimmingCharacters(in: .whitespaces)
            self.description = description.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        private enum CodingKeys: String, CodingKey { case slug, name, website, description }

        public init(from decoder: any Decoder) throws {
            let form = try decoder.container(keyedBy: CodingKeys.self)
            self.init(slug: try form.decodeIfPresent(String.self, forKey: .slug) ?? "",
                      name: try form.decodeIfPresent(String.self, forKey: .name) ?? "",
                      website: try form.decodeIfPresent(String.self, forKey: .website) ?? "",
                      description: try form.decodeIfPresent(String.self, forKey: .description) ?? "")
        }

        func problems() -> [String: String] {
            var problems: [String: String] = [:]
            if !Slug.isValid(slug) { problems["slug"] = "Use lowercase letters, digits and hyphens, starting with a letter or digit." }
            if name.isEmpty || name.count > 200 { problems["name"] = "Enter a name of at most 200 characters." }
            if !website.isEmpty {
                let lowered = website.lowercased()
                if !(lowered.hasPrefix("https://") || lowered.hasPrefix("http://")) || website.count > 500
                    || website.contains(where: { $0.isWhitespace }) {
                    problems["website"] = "Enter a web address starting with https:// (or leave it empty)."
                }
            }
            if description.count > 2000 { problems["description"] = "Keep the description under 2,000 characters." }
            return problems
        }
    }

    public func schools() async throws -> [SchoolRecord] {
        try await db.query("""
            SELECT s.id, s.slug, s.name, coalesce(s.website, '') AS website, s.description,
                   (SELECT count(*) FROM users u WHERE u.school_id = s.id AND u.deactivated_at IS NULL) AS member_count
            FROM schools s ORDER BY s.name
            """).map { row in
            SchoolRecord(id: try row.decode("id"), slug: try row.decode("slug"), name: try row.decode("name"),
                         website: try row.decode("website"), description: try row.decode("description"),
                         memberCount: try row.decode("member_count"))
        }
    }

    public func school(id: Int) async throws -> SchoolRecord {
        guard let school = try await schools().first(where: { $0.id == id }) else { throw NotFound() }
        return school
    }

    /// The one INSERT of a school: the admin page and the set-up without an actor (seeds) use it.
    /// `fields` are already checked.
    static func insertSchool(_ fields: SchoolFields, on connection: PostgresConnection) throws -> Int {
        do {
            return try connection.query("""
                INSERT INTO schools (slug, name, website, description) VALUES ($1, $2, $3, $4) RETURNING id
                """, [fields.slug, fields.name, fields.website.isEmpty ? nil : fields.website, fields.description])[0].decode(0)
        } catch let error as PostgresError where error.isUniqueViolation {
            throw ValidationError(field: "slug", "A school with that slug already exists.")
        }
    }

    /// Creates (`id == nil`) or edits a school.
    @discardableResult
    public func saveSchool(id: Int?, _ fields: SchoolFields, by admin: Member) async throws -> Int {
        try authorize(admin)
        let problems = fields.problems()
        if !problems.isEmpty { throw ValidationError(problems) }
        let website: String? = fields.website.isEmpty ? nil : fields.website
        do {
            return try await db.withTransaction { connection in
                let savedID: Int
                if let id {
                    guard let row = try connection.query("""
                        UPDATE schools SET slug = $2, name = $3, website = $4, description = $5 WHERE id = $1 RETURNING id
                        """, [id, fields.slug, fields.name, website, fields.description]).first
                    else { throw NotFound() }
                    savedID = try row.decode(0)
                } else {
                    savedID = try Self.insertSchool(fields, on: connection)
                }
                try AuditLog.record(on: connection, actorID: admin.id, action: id == nil ? "school.create" : "school.update",
                                    targetType: "school", targetID: savedID, summary: "\(fields.name) (\(fields.slug))")
                return savedID
            }
        } catch let error as PostgresError where error.isUniqueViolation {
            throw ValidationError(field: "slug", "A school with that slug already exists.")
        }
    }

    // MARK: Categories

    public struct CategoryRecord: Sendable {
        public var id: Int
        public var slug: String
        public var name: String
        public var description: String
        public var position: Int
        public var visibility: CategoryVisibility
    }

    /// What the category form sends; absent fields read as empty (visibility as `members`).
    public struct CategoryFields: Sendable, Decodable {
        public var slug: String
        public var name: String
        public var description: String
        public var position: String
        public var visibility: String

        public init(slug: String, name: String, description: String = "", position: String = "0", visibility: String = "members") {
            self.slug = slug.trimmingCharacters(in: .whitespaces)
            self.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
            self.description = description.trimmingCharacters(in: .whitespacesAndNewlines)
            self.position = position.trimmingCharacters(in: .whitespaces)
            self.visibility = visibility
        }

        private enum CodingKeys: String, CodingKey { case slug, name, description, position, visibility }

        public init(from decoder: any Decoder) throws {
            let form = try decoder.container(keyedBy: CodingKeys.self)
            let visibility = try form.decodeIfPresent(String.self, forKey: .visibility) ?? ""
            self.init(slug: try form.decodeIfPresent(String.self, forKey: .slug) ?? "",
                      name: try form.decodeIfPresent(String.self, forKey: .name) ?? "",
                      description: try form.decodeIfPresent(String.self, forKey: .description) ?? "",
                      position: try form.decodeIfPresent(String.self, forKey: .position) ?? "0",
                      visibility: visibility.isEmpty ? "members" : visibility)
        }
    }

    public func categories() async throws -> [CategoryRecord] {
        try await db.query("""
            SELECT id, slug, name, description, position, visibility FROM categories ORDER BY position, name
            """).map { row in
            CategoryRecord(id: try row.decode("id"), slug: try row.decode("slug"), name: try row.decode("name"),
                           description: try row.decode("description"), position: try row.decode("position"),
                           visibility: try row.decode("visibility"))
        }
    }

    public func category(id: Int) async throws -> CategoryRecord {
        guard let category = try await categories().first(where: { $0.id == id }) else { throw NotFound() }
        return category
    }

    /// A category's fields once checked: what the database stores.
    struct CategoryValues: Sendable {
        var slug: String
        var name: String
        var description: String
        var position: Int
        var visibility: CategoryVisibility
    }

    static func validated(_ fields: CategoryFields) throws -> CategoryValues {
        var problems: [String: String] = [:]
        if !Slug.isValid(fields.slug) { problems["slug"] = "Use lowercase letters, digits and hyphens, starting with a letter or digit." }
        if fields.name.isEmpty || fields.name.count > 100 { problems["name"] = "Enter a name of at most 100 characters." }
        if fields.description.count > 1000 { problems["description"] = "Keep the description under 1,000 characters." }
        let position = fields.position.isEmpty ? 0 : BoundedInteger.parse(fields.position, in: -1_000_000...1_000_000)
        if position == nil { problems["position"] = "Enter a whole number." }
        let visibility = CategoryVisibility(rawValue: fields.visibility)
        if visibility == nil { problems["visibility"] = "Choose members or moderators." }
        guard problems.isEmpty, let position, let visibility else { throw ValidationError(problems) }
        return CategoryValues(slug: fields.slug, name: fields.name, description: fields.description, position: position,
                              visibility: visibility)
    }

    /// The one INSERT of a category: the admin page and the set-up without an actor (seeds) use it.
    static func insertCategory(_ values: CategoryValues, on connection: PostgresConnection) throws -> Int {
        do {
            return try connection.query("""
                INSERT INTO categories (slug, name, description, position, visibility)
                VALUES ($1, $2, $3, $4, $5) RETURNING id
                """, [values.slug, values.name, values.description, values.position, values.visibility])[0].decode(0)
        } catch let error as PostgresError where error.isUniqueViolation {
            throw ValidationError(field: "slug", "A category with that slug already exists.")
        }
    }

    /// Creates (`id == nil`) or edits a category.
    @discardableResult
    public func saveCategory(id: Int?, _ fields: CategoryFields, by admin: Member) async throws -> Int {
        try authorize(admin)
        let values = try Self.validated(fields)
        do {
            return try await db.withTransaction { connection in
                let savedID: Int
                if let id {
                    guard let row = try connection.query("""
                        UPDATE categories SET slug = $2, name = $3, description = $4, position = $5, visibility = $6
                        WHERE id = $1 RETURNING id
                        """, [id, values.slug, values.name, values.description, values.position, values.visibility]).first
                    else { throw NotFound() }
                    savedID = try row.decode(0)
                } else {
                    savedID = try Self.insertCategory(values, on: connection)
                }
                try AuditLog.record(on: connection, actorID: admin.id, action: id == nil ? "category.create" : "category.update",
                                    targetType: "category", targetID: savedID,
                                    summary: "\(values.name) (\(values.slug), \(values.visibility.rawValue))")
                return savedID
            }
        } catch let error as PostgresError where error.isUniqueViolation {
            throw ValidationError(field: "slug", "A category with that slug already exists.")
        }
    }

    // MARK: Members

    public struct UserRecord: Sendable {
        public var id: Int
        public var username: String
        public var name: String
        public var email: String
        public var role: Role
        public var schoolName: String?
        public var createdAt: Date
        public var deactivated: Bool
    }

    public struct UserListing: Sendable {
        public var users: [UserRecord]
        public var page: Int
        public var pageCount: Int
    }

    public static let usersPerPage = 50

    /// Members matching `query` in username, name or email, by username.
    public func users(matching query: String, page: Int) async throws -> UserListing {
        let page = Page(number: page, size: Self.usersPerPage)
        let pattern = "%" + query.trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
        return try await db.withConnection { connection in
            let filter = "u.username ILIKE $1 OR u.name ILIKE $1 OR u.email ILIKE $1"
            let total: Int = try connection.query("SELECT count(*) FROM users u WHERE \(filter)", [pattern])[0].decode(0)
            let users = try connection.query("""
                SELECT u.id, u.username, u.name, u.email, u.role, s.name AS school_name, u.created_at,
                       u.deactivated_at IS NOT NULL AS deactivated
                FROM users u LEFT JOIN schools s ON s.id = u.school_id
                WHERE \(filter)
                ORDER BY lower(u.username)
                LIMIT $2 OFFSET $3
                """, [pattern, page.size, page.offset]).map { row in
                UserRecord(id: try row.decode("id"), username: try row.decode("username"), name: try row.decode("name"),
                           email: try row.decode("email"), role: try row.decode("role"), schoolName: try row.decode("school_name"),
                           createdAt: try row.decode("created_at"), deactivated: try row.decode("deactivated"))
            }
            return UserListing(users: users, page: page.number, pageCount: Page.count(items: total, size: page.size))
        }
    }

    public func changeRole(userID: Int, to roleName: String, by admin: Member) async throws {
        try authorize(admin)
        guard let role = Role(rawValue: roleName) else { throw ValidationError(field: "role", "Choose member, moderator or admin.") }
        guard userID != admin.id else { throw Forbidden("You can't change your own role; ask another admin.") }
        try await db.withTransaction { connection in
            guard let row = try connection.query("""
                UPDATE users u SET role = $2 FROM users old WHERE u.id = $1 AND old.id = u.id
                RETURNING u.username, old.role AS old_role
                """, [userID, role]).first
            else { throw NotFound() }
            try AuditLog.record(on: connection, actorID: admin.id, action: "user.role", targetType: "user", targetID: userID,
                                summary: "\(try row.decode("username", as: String.self)): \(try row.decode("old_role", as: String.self)) → \(role.rawValue)")
        }
    }

    /// Deactivated members can't sign in and their sessions end at once; their posts stay.
    public func setDeactivated(userID: Int, _ deactivated: Bool, by admin: Member) async throws {
        try authorize(admin)
        guard userID != admin.id else { throw Forbidden("You can't deactivate your own account.") }
        try await db.withTransaction { connection in
            guard let row = try connection.query("""
                UPDATE users SET deactivated_at = CASE WHEN $2 THEN coalesce(deactivated_at, now()) END
                WHERE id = $1 RETURNING username
                """, [userID, deactivated]).first
            else { throw NotFound() }
            if deactivated { try connection.query("DELETE FROM sessions WHERE user_id = $1", [userID]) }
            try AuditLog.record(on: connection, actorID: admin.id, action: deactivated ? "user.deactivate" : "user.reactivate",
                                targetType: "user", targetID: userID, summary: try row.decode("username"))
        }
    }
}
