import Foundation
import Postgres

extension ThreadQueries {
    static let factsColumns = """
        t.author_id, t.locked_at IS NOT NULL AS locked, t.deleted_at IS NOT NULL AS deleted,
        t.kind, t.feedback_status = 'closed' AS closed, c.visibility
        """

    /// The thread's facts, or NotFound when it doesn't exist or the member may not see it.
    static func visibleFacts(threadID: Int, for member: Member, lock: Bool = false,
                             on connection: PostgresConnection) throws -> Policy.ThreadFacts {
        guard let row = try connection.query("""
            SELECT \(factsColumns)
            FROM threads t JOIN categories c ON c.id = t.category_id
            WHERE t.id = $1 \(lock ? "FOR UPDATE OF t" : "")
            """, [threadID]).first
        else { throw NotFound() }
        let facts = try facts(from: row)
        guard Policy.canSee(member, facts) else { throw NotFound() }
        return facts
    }
}

/// A post as the actions on it see it.
public struct PostTarget: Sendable {
    public var id: Int
    public var threadID: Int
    public var threadSlug: String
    public var threadTitle: String
    public var position: Int
    public var bodySource: String
    public var authorUsername: String
    public var facts: Policy.PostFacts

    /// Where the post is shown: its page of the thread, with its anchor.
    public var pageNumber: Int { ThreadQueries.page(ofPosition: position) }
}

/// What members do to existing posts: edit, delete and restore, react, accept feedback, and
/// open or close a feedback request.
public struct PostActions: Sendable {
    let db: PostgresClient
    let renderer: any PostRenderer

    public init(db: PostgresClient, renderer: any PostRenderer) {
        self.db = db
        self.renderer = renderer
    }

    /// The post, or NotFound when the member may not see its thread. Hidden and deleted posts
    /// count as visible (their place in the thread shows), but their text is left empty for
    /// members (`PostVisibility`).
    public func target(_ postID: Int, for member: Member) async throws -> PostTarget {
        try await db.withConnection { try Self.target(postID, for: member, on: $0) }
    }

    static func target(_ postID: Int, for member: Member, lock: Bool = false, on connection: PostgresConnection) throws -> PostTarget {
        guard let row = try connection.query("""
            SELECT p.id, p.thread_id, p.position, p.body_source, p.author_id AS post_author_id,
                   p.deleted_at IS NOT NULL AS post_deleted, p.hidden_at IS NOT NULL AS post_hidden, u.username, t.slug, t.title, \(ThreadQueries.factsColumns)
            FROM posts p
            JOIN threads t ON t.id = p.thread_id
            JOIN categories c ON c.id = t.category_id
            JOIN users u ON u.id = p.author_id
            WHERE p.id = $1 \(lock ? "FOR UPDATE OF p" : "")
            """, [postID]).first
        else { throw NotFound() }
        let thread = try ThreadQueries.facts(from: row)
        guard Policy.canSee(member, thread) else { throw NotFound() }
        let position: Int = try row.decode("position")
        let facts = Policy.PostFacts(thread: thread, authorID: try row.decode("post_author_id"), position: position,
                                     isHidden: try row.decode("post_hidden"), isDeleted: try row.decode("post_deleted"))
        return PostTarget(
            id: try row.decode("id"), threadID: try row.decode("thread_id"), threadSlug: try row.decode("slug"),
            threadTitle: try row.decode("title"), position: position,
            // Empty for whoever may not read it, so no caller can show it by forgetting to check.
            bodySource: PostVisibility.canRead(member, facts) ? try row.decode("body_source") : "",
            authorUsername: try row.decode("username"), facts: facts)
    }

    /// Replaces the post's text, keeping the version it replaces in `post_revisions`.
    @discardableResult
    /// `uploads` are added and the post's attachments among `removing` deleted; the revision
    /// records both by name.
    public func edit(_ postID: Int, by member: Member, body: String, uploads: [Upload] = [],
                     removing: [Int] = []) async throws -> PostTarget {
        if let problem = Discussions.validate(body: body) { throw ValidationError(field: "body", problem) }
        let mentions = try await Mentions.lookup(in: body, renderer: renderer, db: db)
        let html = await renderer.render(body, linkingMentions: mentions.usernames).html
        return try await db.withTransaction { connection in
            let post = try Self.target(postID, for: member, lock: true, on: connection)
            guard Policy.canEdit(member, post.facts) else { throw Forbidden("You can't edit this post.") }
            let existing = Set(try connection.query("SELECT id FROM attachments WHERE post_id = $1", [postID])
                .map { try $0.decode(0, as: Int.self) })
            let removing = Array(Set(removing).intersection(existing))
            let files = try Attachments.stage(uploads, existing: existing.count - removing.count)
            guard post.bodySource != body || !files.isEmpty || !removing.isEmpty else { return post }
            let removed = try Attachments.remove(removing, fromPost: postID, on: connection)
            let added = try Attachments.insert(files, postID: postID, uploaderID: member.id, on: connection).map(\.name)
            try connection.query("""
                INSERT INTO post_revisions (post_id, body_source, edited_by, attachment_changes) VALUES ($1, $2, $3, $4)
                """, [postID, post.bodySource, member.id, Self.describeChanges(added: added, removed: removed)])
            try connection.query("""
                UPDATE posts SET body_source = $2, body_html = $3, edited_at = now(), edited_by = $4 WHERE id = $1
                """, [postID, body, html, member.id])
            try Notifier.postWritten(postID: postID, threadID: post.threadID, actorID: member.id, mentions: mentions,
                                     isNew: false, on: connection)
            if post.facts.authorID != member.id {
                try AuditLog.record(on: connection, actorID: member.id, action: "post.edit", targetType: "post",
                                    targetID: postID, summary: "Edited a post by \(post.authorUsername)")
            }
            return post
        }
    }

    @discardableResult
    public func delete(_ postID: Int, by member: Member) async throws -> PostTarget {
        try await db.withTransaction { connection in
            let post = try Self.target(postID, for: member, lock: true, on: connection)
            guard Policy.canDelete(member, post.facts) else { throw Forbidden("You can't delete this post.") }
            try connection.query("UPDATE posts SET deleted_at = now(), deleted_by = $2 WHERE id = $1", [postID, member.id])
            if post.facts.authorID != member.id {
                try AuditLog.record(on: connection, actorID: member.id, action: "post.delete", targetType: "post",
                                    targetID: postID, summary: "Deleted a post by \(post.authorUsername)")
            }
            return post
        }
    }

    @discardableResult
    public func restore(_ postID: Int, by member: Member) async throws -> PostTarget {
        try await db.withTransaction { connection in
            let post = try Self.target(postID, for: member, lock: true, on: connection)
            guard Policy.canRestore(member, post.facts) else { throw Forbidden("Only moderators restore deleted posts.") }
            try connection.query("UPDATE posts SET deleted_at = NULL, deleted_by = NULL WHERE id = $1", [postID])
            try AuditLog.record(on: connection, actorID: member.id, action: "post.restore", targetType: "post",
                                targetID: postID, summary: "Restored a post by \(post.authorUsername)")
            return post
        }
    }

    public static let reactions: Set<String> = ["helpful"]

    /// Adds the reaction, or takes it back when the member already gave it.
    @discardableResult
    public func toggleReaction(_ reaction: String, on postID: Int, by member: Member) async throws -> PostTarget {
        guard Self.reactions.contains(reaction) else { throw ValidationError(field: "reaction", "Unknown reaction.") }
        return try await db.withTransaction { connection in
            let post = try Self.target(postID, for: member, on: connection)
            guard Policy.canReact(member, post.facts) else { throw Forbidden("You can't react to your own post.") }
            let removed = try connection.query("""
                DELETE FROM post_reactions WHERE post_id = $1 AND user_id = $2 AND reaction = $3 RETURNING 1
                """, [postID, member.id, reaction])
            if removed.isEmpty {
                try connection.query("""
                    INSERT INTO post_reactions (post_id, user_id, reaction) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
                    """, [postID, member.id, reaction])
                try Notifier.aboutPost(.reaction, postID: postID, actorID: member.id, on: connection)
            }
            return post
        }
    }

    /// Marks a reply to a feedback request as taken up, or takes the mark back.
    @discardableResult
    public func toggleAccepted(_ postID: Int, by member: Member) async throws -> PostTarget {
        try await db.withTransaction { connection in
            let post = try Self.target(postID, for: member, lock: true, on: connection)
            guard Policy.canAccept(member, post.facts) else {
                throw Forbidden("Only the person who asked for feedback can mark replies as taken up.")
            }
            let accepted: Bool = try connection.query("""
                UPDATE posts SET accepted_at = CASE WHEN accepted_at IS NULL THEN now() END,
                                 accepted_by = CASE WHEN accepted_at IS NULL THEN $2::bigint END
                WHERE id = $1
                RETURNING accepted_at IS NOT NULL
                """, [postID, member.id])[0].decode(0)
            if accepted { try Notifier.aboutPost(.accepted, postID: postID, actorID: member.id, on: connection) }
            return post
        }
    }

    /// Opens or closes a feedback request; returns the thread's slug.
    @discardableResult
    public func setFeedbackStatus(_ status: String, thread threadID: Int, by member: Member) async throws -> String {
        guard status == "open" || status == "closed" else { throw ValidationError(field: "status", "Choose open or closed.") }
        return try await db.withTransaction { connection in
            let facts = try ThreadQueries.visibleFacts(threadID: threadID, for: member, lock: true, on: connection)
            guard Policy.canSetFeedbackStatus(member, facts) else {
                throw Forbidden(facts.kind == .feedback ? "Only the requester can open or close this request." : "This thread isn't a feedback request.")
            }
            return try connection.query("UPDATE threads SET feedback_status = $2 WHERE id = $1 RETURNING slug",
                                        [threadID, status])[0].decode(0)
        }
    }

    /// "Added a.pdf, b.png; removed c.txt.", or nil when the edit left the files alone.
    static func describeChanges(added: [String], removed: [String]) -> String? {
        var parts: [String] = []
        if !added.isEmpty { parts.append("added " + added.joined(separator: ", ")) }
        if !removed.isEmpty { parts.append("removed " + removed.sorted().joined(separator: ", ")) }
        guard let first = parts.first else { return nil }
        return ([first.prefix(1).uppercased() + first.dropFirst()] + parts.dropFirst()).joined(separator: "; ") + "."
    }

    public struct Revision: Sendable {
        public var bodySource: String
        /// What the edit that replaced this version did to the files.
        public var attachmentChanges: String?
        public var editedByUsername: String
        public var editedAt: Date
    }

    public struct History: Sendable {
        public var post: PostTarget
        public var currentSource: String
        public var createdAt: Date
        public var lastEditedBy: String?
        public var lastEditedAt: Date?
        /// Earlier versions, newest first; each says who replaced it and when.
        public var revisions: [Revision]
    }

    public func history(_ postID: Int, for member: Member) async throws -> History {
        try await db.withConnection { connection in
            let post = try Self.target(postID, for: member, on: connection)
            guard PostVisibility.canRead(member, post.facts) else { throw NotFound() }
            let row = try connection.query("""
                SELECT p.created_at, p.edited_at, e.username AS editor
                FROM posts p LEFT JOIN users e ON e.id = p.edited_by WHERE p.id = $1
                """, [postID])[0]
            let revisions = try connection.query("""
                SELECT r.body_source, r.edited_at, r.attachment_changes, u.username
                FROM post_revisions r JOIN users u ON u.id = r.edited_by
                WHERE r.post_id = $1
                ORDER BY r.edited_at DESC, r.id DESC
                LIMIT 200
                """, [postID]).map { row in
                Revision(bodySource: try row.decode("body_source"), attachmentChanges: try row.decode("attachment_changes"),
                         editedByUsername: try row.decode("username"),
                         editedAt: try row.decode("edited_at"))
            }
            return History(post: post, currentSource: post.bodySource, createdAt: try row.decode("created_at"),
                           lastEditedBy: try row.decode("editor"), lastEditedAt: try row.decode("edited_at"),
                           revisions: revisions)
        }
    }
}
