import Foundation
import Markdown
import Postgres

/// Writing: new threads and replies.
public struct Discussions: Sendable {
    public static let maxTitleLength = 200
    public static let maxBodyLength = 50_000

    let db: PostgresClient
    let renderer: any PostRenderer

    public init(db: PostgresClient, renderer: any PostRenderer) {
        self.db = db
        self.renderer = renderer
    }

    public struct Created: Sendable, Equatable {
        public var threadID: Int
        public var postID: Int
        public var position: Int
        public var slug: String
    }

    public static func validate(title: String) -> String? {
        let trimmed = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "Give the thread a title." }
        if trimmed.count > maxTitleLength { return "Keep the title under \(maxTitleLength) characters." }
        return nil
    }

    public static func validate(body: String) -> String? {
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "Write something first." }
        if body.count > maxBodyLength { return "Posts are limited to \(maxBodyLength) characters." }
        return nil
    }

    /// Starts a thread in the category with slug `categorySlug`.
    /// `element`, when given, is the slug of the journey element the thread is about.
    public func startThread(by member: Member, inCategory categorySlug: String, title: String, body: String, kind: ThreadKind,
                            element: String? = nil, uploads: [Upload] = []) async throws -> Created {
        var problems: [String: String] = [:]
        if let problem = Self.validate(title: title) { problems["title"] = problem }
        if let problem = Self.validate(body: body) { problems["body"] = problem }
        if !problems.isEmpty { throw ValidationError(problems) }
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let mentions = try await Mentions.lookup(in: body, renderer: renderer, db: db)
        let html = await renderer.render(body, linkingMentions: mentions.usernames).html
        return try await db.withTransaction { connection in
            let files = try Attachments.stage(uploads)
            guard let category = try connection.query(
                "SELECT id, visibility FROM categories WHERE slug = $1", [categorySlug]).first
            else { throw NotFound() }
            let facts = Policy.CategoryFacts(visibility: try category.decode("visibility"))
            guard Policy.canSee(member, facts) else { throw NotFound() }
            guard Policy.canStartThread(member, in: facts) else { throw Forbidden("You can't start threads here.") }
            let slug = Slug.make(from: title)
            var elementID: Int?
            if let element, !element.isEmpty {
                guard let row = try connection.query("SELECT id FROM journey_elements WHERE slug = $1", [element]).first
                else { throw ValidationError(field: "element", "Choose one of the journey's elements, or none.") }
                elementID = try row.decode(0)
            }
            let threadID: Int = try connection.query("""
                INSERT INTO threads (category_id, author_id, title, slug, kind, feedback_status, post_count, last_poster_id,
                                     journey_element_id)
                VALUES ($1, $2, $3, $4, $5, $6, 1, $2, $7)
                RETURNING id
                """, [try category.decode("id", as: Int.self), member.id, title, slug, kind,
                      kind == .feedback ? "open" : nil, elementID])[0].decode(0)
            let postID = try Self.insertPost(threadID: threadID, authorID: member.id, position: 1, source: body, html: html, on: connection)
            try Attachments.insert(files, postID: postID, uploaderID: member.id, on: connection)
            try connection.query("UPDATE threads SET last_post_id = $2 WHERE id = $1", [threadID, postID])
            try Notifier.postWritten(postID: postID, threadID: threadID, actorID: member.id, mentions: mentions,
                                     isNew: true, on: connection)
            return Created(threadID: threadID, postID: postID, position: 1, slug: slug)
        }
    }

    /// Adds a reply. Takes the thread's row lock first, so a reply can't slip in after a
    /// moderator locked the thread, and positions stay gapless under concurrent replies.
    public func reply(by member: Member, toThread threadID: Int, body: String, uploads: [Upload] = []) async throws -> Created {
        if let problem = Self.validate(body: body) { throw ValidationError(field: "body", problem) }
        let mentions = try await Mentions.lookup(in: body, renderer: renderer, db: db)
        let html = await renderer.render(body, linkingMentions: mentions.usernames).html
        return try await db.withTransaction { connection in
            // Checked and copied before the thread's row lock, so other replies never wait for it.
            let files = try Attachments.insert(try Attachments.stage(uploads), postID: nil, uploaderID: member.id, on: connection)
            guard let row = try connection.query("""
                SELECT \(ThreadQueries.factsColumns), t.slug
                FROM threads t JOIN categories c ON c.id = t.category_id
                WHERE t.id = $1
                FOR UPDATE OF t
                """, [threadID]).first
            else { throw NotFound() }
            let facts = try ThreadQueries.facts(from: row)
            guard Policy.canSee(member, facts) else { throw NotFound() }
            if let refusal = Policy.replyRefusal(member, facts) { throw Forbidden(refusal) }
            let position: Int = try connection.query("""
                UPDATE threads SET post_count = post_count + 1, last_posted_at = now(), last_poster_id = $2
                WHERE id = $1
                RETURNING post_count
                """, [threadID, member.id])[0].decode(0)
            let postID = try Self.insertPost(threadID: threadID, authorID: member.id, position: position, source: body, html: html, on: connection)
            try Attachments.attach(files.map(\.id), toPost: postID, on: connection)
            try connection.query("UPDATE threads SET last_post_id = $2 WHERE id = $1", [threadID, postID])
            try Notifier.postWritten(postID: postID, threadID: threadID, actorID: member.id, mentions: mentions,
                                     isNew: true, on: connection)
            return Created(threadID: threadID, postID: postID, position: position, slug: try row.decode("slug"))
        }
    }

    /// The HTML a post would be stored as, for the Preview button: same renderer, same mentions.
    public func preview(_ body: String) async throws -> SanitizedHTML {
        let mentions = try await Mentions.lookup(in: body, renderer: renderer, db: db)
        return await renderer.render(body, linkingMentions: mentions.usernames)
    }

    static func insertPost(threadID: Int, authorID: Int, position: Int, source: String, html: String, on connection: PostgresConnection) throws -> Int {
        try connection.query("""
            INSERT INTO posts (thread_id, author_id, position, body_source, body_html)
            VALUES ($1, $2, $3, $4, $5)
            RETURNING id
            """, [threadID, authorID, position, source, html])[0].decode(0)
    }
}
