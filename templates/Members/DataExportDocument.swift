import Foundation

/// `/settings/export`: the member's own data as a JSON document. Each section is one
/// property; a new one (messages, attachments' names) is a property here and a query in
/// `MemberData.collect`. Links are root-relative paths, like every link of the forum.
public struct DataExportDocument: Encodable, Sendable {
    public struct Profile: Encodable, Sendable {
        public var username: String
        public var name: String
        public var email: String
        public var role: String
        public var school: String?
        public var joinedAt: Date
        public var link: String

        public init(username: String, name: String, email: String, role: String, school: String?, joinedAt: Date) {
            self.username = username
            self.name = name
            self.email = email
            self.role = role
            self.school = school
            self.joinedAt = joinedAt
            link = SiteURL.profile(.value(username)).path
        }
    }

    public struct Post: Encodable, Sendable {
        public var id: Int
        public var thread: String?
        public var link: String
        public var createdAt: Date
        public var editedAt: Date?
        /// Absent when a moderator hid or deleted the post (or it was deleted): the text
        /// follows the forum's rule, not the export's.
        public var text: String?
        public var hidden: Bool
        public var deleted: Bool

        public init(id: Int, threadID: Int, threadSlug: String, threadTitle: String?, createdAt: Date, editedAt: Date?,
                    text: String?, hidden: Bool, deleted: Bool) {
            self.id = id
            thread = threadTitle
            link = SiteURL.threadWithSlug(.value(threadID), slug: .value(threadSlug)).path + "#p\(id)"
            self.createdAt = createdAt
            self.editedAt = editedAt
            self.text = text
            self.hidden = hidden
            self.deleted = deleted
        }
    }

    public struct Reaction: Encodable, Sendable {
        public var reaction: String
        public var post: String
        public var createdAt: Date

        public init(reaction: String, postID: Int, threadID: Int, threadSlug: String, createdAt: Date) {
            self.reaction = reaction
            post = SiteURL.threadWithSlug(.value(threadID), slug: .value(threadSlug)).path + "#p\(postID)"
            self.createdAt = createdAt
        }
    }

    public var exportedAt: Date
    public var profile: Profile
    public var posts: [Post]
    public var reactions: [Reaction]
    // Sections from other branches: `messages`, `attachments` (names only).

    public init(exportedAt: Date, profile: Profile, posts: [Post], reactions: [Reaction]) {
        self.exportedAt = exportedAt
        self.profile = profile
        self.posts = posts
        self.reactions = reactions
    }

    /// Pretty-printed with sorted keys and ISO 8601 dates, so two exports diff cleanly.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self)
    }

    /// The download's file name, e.g. `roundtable-sam-2026-12-02.json`.
    public static func fileName(username: String, on date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return "roundtable-\(username)-\(formatter.string(from: date)).json"
    }
}
