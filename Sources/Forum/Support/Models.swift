import Foundation
import Postgres

public enum Role: String, Sendable, CaseIterable, PostgresEncodable, PostgresDecodable {
    case member, moderator, admin

    public var postgresText: String { rawValue }
    public static func decode(postgresText: String?) throws -> Role {
        let text = try String.decode(postgresText: postgresText)
        guard let role = Role(rawValue: text) else {
            throw PostgresError(kind: .decoding, message: "unknown role \(text)")
        }
        return role
    }

    /// Moderators and admins both moderate; only admins administer.
    public var canModerate: Bool { self != .member }
    public var label: String { rawValue.capitalized }
}

public enum ThreadKind: String, Sendable, PostgresEncodable, PostgresDecodable {
    case discussion, feedback

    public var postgresText: String { rawValue }
    public static func decode(postgresText: String?) throws -> ThreadKind {
        let text = try String.decode(postgresText: postgresText)
        guard let kind = ThreadKind(rawValue: text) else {
            throw PostgresError(kind: .decoding, message: "unknown thread kind \(text)")
        }
        return kind
    }
}

public enum CategoryVisibility: String, Sendable, PostgresEncodable, PostgresDecodable {
    case members, moderators

    public var postgresText: String { rawValue }
    public static func decode(postgresText: String?) throws -> CategoryVisibility {
        let text = try String.decode(postgresText: postgresText)
        guard let visibility = CategoryVisibility(rawValue: text) else {
            throw PostgresError(kind: .decoding, message: "unknown visibility \(text)")
        }
        return visibility
    }
}

/// The signed-in member as the rest of the forum sees them: no password hash, no token.
public struct Member: Sendable, Equatable {
    public var id: Int
    public var username: String
    public var name: String
    public var email: String
    public var role: Role
    public var schoolSlug: String?
    public var schoolName: String?
    /// Signed-in members are always active (sessions of suspended or deactivated members stop
    /// working); the policy still asks, so a member loaded another way can't act.
    public var standing: Standing = .active

    public init(id: Int, username: String, name: String, email: String, role: Role,
                schoolSlug: String? = nil, schoolName: String? = nil) {
        self.id = id
        self.username = username
        self.name = name
        self.email = email
        self.role = role
        self.schoolSlug = schoolSlug
        self.schoolName = schoolName
    }
}

/// A form's problems, keyed by field name, shown next to the fields they concern.
public struct ValidationError: Error, Sendable, Equatable {
    public var messages: [String: String]

    public init(_ messages: [String: String]) {
        self.messages = messages
    }

    public init(field: String, _ message: String) {
        self.messages = [field: message]
    }
}

/// The thing asked for does not exist, or the member may not know that it does.
public struct NotFound: Error, Sendable {
    public init() {}
}

/// The member may see the thing but not do this to it.
public struct Forbidden: Error, Sendable {
    public var reason: String
    public init(_ reason: String) {
        self.reason = reason
    }
}

public struct Page: Sendable, Equatable {
    public static let threadsPerPage = 30
    public static let postsPerPage = 50

    /// Far beyond any real listing, yet small enough that `offset` (and `offset + size`) can't
    /// overflow: a page number comes straight from the query string.
    public static let maxNumber = 1_000_000
    public static let maxSize = 1_000

    public var number: Int
    public var size: Int

    public init(number: Int, size: Int) {
        self.number = min(max(1, number), Self.maxNumber)
        self.size = min(max(1, size), Self.maxSize)
    }

    public var offset: Int {
        let (product, overflow) = (number - 1).multipliedReportingOverflow(by: size)
        return overflow ? Int.max / 2 : product
    }

    public static func count(items: Int, size: Int) -> Int {
        let size = max(1, size)
        return max(1, items / size + (items % size == 0 ? 0 : 1))
    }
}

extension PostgresRow {
    /// Decodes the member columns `user_id, username, name, email, role, school_slug, school_name`.
    func member(prefix: String = "") throws -> Member {
        Member(id: try decode(prefix + "user_id"), username: try decode(prefix + "username"),
               name: try decode(prefix + "name"), email: try decode(prefix + "email"),
               role: try decode(prefix + "role"), schoolSlug: try decode(prefix + "school_slug"),
               schoolName: try decode(prefix + "school_name"))
    }
}
