import Foundation
import Postgres

/// Moderators' actions on threads and posts, and members' flags. Every action runs in one
/// transaction with its log entry, after the policy has answered.
public struct Moderation: Sendable {
    public static let maxReasonLength = 500
    public static let maxFlagReasonLength = 1000

    let db: PostgresClient

    public init(db: PostgresClient) {
        self.db = db
    }

    /// Where a thread is, for the redirect after an action.
    public struct ThreadLocation: Sendable, Equatable {
        public var threadID: Int
        public var slug: String
        public var categorySlug: String
    }

    /// Where a post is shown, for the redirect after an action.
    public struct PostLocation: Sendable, Equatable {
        public var postID: Int
        public var threadID: Int
        public var threadSlug: String
        public var position: Int
    }

    static func cleanedReason(_ reason: String?, field: String = "reason", limit: Int = maxReasonLength) throws -> String? {
        let trimmed = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.count > limit { throw ValidationError(field: field, "Keep the reason under \(limit) characters.") }
        return trimmed.isEmpty ? nil : trimmed
    }

    // MARK: Threads

    /// Locks, unlocks, pins, unpins, deletes (softly), restores or moves a thread. Repeating an
    /// action is harmless: locking a locked thread only updates the reason.
    public func moderate(_ action: Policy.ThreadAction, thread threadID: Int, by member: Member,
                         reason: String? = nil, destination: String? = nil) async throws -> ThreadLocation {
        precondition(action.isModeration, "\(action) is not a moderation action")
        return try await db.withTransaction { connection in
            guard let row = try connection.query("""
                SELECT \(ThreadQueries.factsColumns), t.slug, t.title,
                       c.slug AS category_slug, c.name AS category_name
                FROM threads t JOIN categories c ON c.id = t.category_id
                WHERE t.id = $1
                FOR UPDATE OF t
                """, [threadID]).first
            else { throw NotFound() }
            try Policy.decide(action, by: member, on: try ThreadQueries.facts(from: row)).enforce()
            let reason = try Self.cleanedReason(reason)
            let title: String = try row.decode("title")
            var location = ThreadLocation(threadID: threadID, slug: try row.decode("slug"), categorySlug: try row.decode("category_slug"))
            let summary: String
            switch action {
            case .lock:
                try connection.query("""
                    UPDATE threads SET locked_at = coalesce(locked_at, now()), lock_reason = $2 WHERE id = $1
                    """, [threadID, reason])
                summary = "Locked “\(title)”"
            case .unlock:
                try connection.query("UPDATE threads SET locked_at = NULL, lock_reason = NULL WHERE id = $1", [threadID])
                summary = "Unlocked “\(title)”"
            case .pin:
                try connection.query("UPDATE threads SET pinned = true WHERE id = $1", [threadID])
                summary = "Pinned “\(title)”"
            case .unpin:
                try connection.query("UPDATE threads SET pinned = false WHERE id = $1", [threadID])
                summary = "Unpinned “\(title)”"
            case .delete:
                try connection.query("UPDATE threads SET deleted_at = coalesce(deleted_at, now()) WHERE id = $1", [threadID])
                summary = "Deleted “\(title)”"
            case .restore:
                try connection.query("UPDATE threads SET deleted_at = NULL WHERE id = $1", [threadID])
                summary = "Restored “\(title)”"
            case .move:
                let slug = (destination ?? "").trimmingCharacters(in: .whitespaces)
                guard let category = try connection.query(
                    "SELECT id, slug, name FROM categories WHERE slug = $1", [slug]).first
                else { throw ValidationError(field: "category", "Choose a category that exists.") }
                try connection.query("UPDATE threads SET category_id = $2 WHERE id = $1",
                                     [threadID, try category.decode("id", as: Int.self)])
                location.categorySlug = try category.decode("slug")
                summary = "Moved “\(title)” from \(try row.decode("category_name", as: String.self)) to \(try category.decode("name", as: String.self))"
            case .view, .reply:
                throw NotFound()
            }
            try AuditLog.record(on: connection, actorID: member.id, action: "thread." + action.rawValue, targetType: "thread",
                                targetID: threadID, summary: summary, reason: reason)
            return location
        }
    }

    /// The categories a thread can be moved to, for the move form.
    public func categoryChoices() async throws -> [(slug: String, name: String)] {
        try await db.query("SELECT slug, name FROM categories ORDER BY position, name").map {
            (slug: try $0.decode("slug", as: String.self), name: try $0.decode("name", as: String.self))
        }
    }

    // MARK: Posts

    /// A post with what the policy needs, locked for the rest of the transaction.
    struct LoadedPost {
        var facts: Policy.PostFacts
        var location: PostLocation
        var threadTitle: String
        var bodyHTML: String
        var authorUsername: String
    }

    static func loadPost(_ postID: Int, on connection: PostgresConnection) throws -> LoadedPost {
        guard let row = try connection.query("""
            SELECT p.author_id AS post_author_id, p.hidden_at IS NOT NULL AS hidden,
                   p.deleted_at IS NOT NULL AS post_deleted, p.position, p.body_html, pa.username AS post_author,
                   t.id AS thread_id, \(ThreadQueries.factsColumns), t.slug, t.title
            FROM posts p
            JOIN users pa ON pa.id = p.author_id
            JOIN threads t ON t.id = p.thread_id
            JOIN categories c ON c.id = t.category_id
            WHERE p.id = $1
            FOR UPDATE OF p
            """, [postID]).first
        else { throw NotFound() }
        let facts = Policy.PostFacts(
            thread: try ThreadQueries.facts(from: row), authorID: try row.decode("post_author_id"),
            isHidden: try row.decode("hidden"), isDeleted: try row.decode("post_deleted"))
        return LoadedPost(
            facts: facts,
            location: PostLocation(postID: postID, threadID: try row.decode("thread_id"), threadSlug: try row.decode("slug"),
                                   position: try row.decode("position")),
            threadTitle: try row.decode("title"), bodyHTML: try row.decode("body_html"),
            authorUsername: try row.decode("post_author"))
    }

    /// Hides a post from members, who see "hidden by a moderator: reason" instead.
    public func hidePost(_ postID: Int, by member: Member, reason: String?) async throws -> PostLocation {
        try await db.withTransaction { connection in
            let post = try Self.loadPost(postID, on: connection)
            try Policy.decide(.hide, by: member, on: post.facts).enforce()
            let reason = try Self.cleanedReason(reason)
            try Self.hide(post, reason: reason, on: connection)
            try AuditLog.record(on: connection, actorID: member.id, action: "post.hide", targetType: "post", targetID: postID,
                                summary: "Hid a post by @\(post.authorUsername) in “\(post.threadTitle)”", reason: reason)
            return post.location
        }
    }

    static func hide(_ post: LoadedPost, reason: String?, on connection: PostgresConnection) throws {
        try connection.query("""
            UPDATE posts SET hidden_at = coalesce(hidden_at, now()), hidden_reason = $2 WHERE id = $1
            """, [post.location.postID, reason])
    }

    public func unhidePost(_ postID: Int, by member: Member) async throws -> PostLocation {
        try await db.withTransaction { connection in
            let post = try Self.loadPost(postID, on: connection)
            try Policy.decide(.unhide, by: member, on: post.facts).enforce()
            try connection.query("UPDATE posts SET hidden_at = NULL, hidden_reason = NULL WHERE id = $1", [postID])
            try AuditLog.record(on: connection, actorID: member.id, action: "post.unhide", targetType: "post", targetID: postID,
                                summary: "Showed again a post by @\(post.authorUsername) in “\(post.threadTitle)”")
            return post.location
        }
    }

    // MARK: Flags

    public enum FlagOutcome: Sendable, Equatable {
        case flagged
        /// The member's open flag on this post now has the new reason.
        case updated
        /// The member flagged this post before and a moderator already decided.
        case alreadyReviewed
    }

    /// What a member sees of a post they are about to flag.
    public struct FlagTarget: Sendable {
        public var location: PostLocation
        public var threadTitle: String
        public var authorUsername: String
        public var bodyHTML: String
    }

    public func flagTarget(_ postID: Int, for member: Member) async throws -> FlagTarget {
        try await db.withTransaction { connection in
            let post = try Self.loadPost(postID, on: connection)
            try Policy.decide(.flag, by: member, on: post.facts).enforce()
            return FlagTarget(location: post.location, threadTitle: post.threadTitle,
                              authorUsername: post.authorUsername, bodyHTML: post.bodyHTML)
        }
    }

    /// Puts a post in the moderators' queue. Once per post per member: a second flag while the
    /// first is open replaces its reason.
    public func flag(_ postID: Int, by member: Member, reason: String) async throws -> (PostLocation, FlagOutcome) {
        try await db.withTransaction { connection in
            let post = try Self.loadPost(postID, on: connection)
            try Policy.decide(.flag, by: member, on: post.facts).enforce()
            guard let reason = try Self.cleanedReason(reason, limit: Self.maxFlagReasonLength) else {
                throw ValidationError(field: "reason", "Say what is wrong with this post.")
            }
            let rows = try connection.query("""
                INSERT INTO flags (post_id, flagger_id, reason) VALUES ($1, $2, $3)
                ON CONFLICT (post_id, flagger_id) DO UPDATE SET reason = EXCLUDED.reason
                WHERE flags.resolved_at IS NULL
                RETURNING xmax = 0 AS inserted
                """, [postID, member.id, reason])
            guard let row = rows.first else { return (post.location, .alreadyReviewed) }
            return (post.location, try row.decode("inserted", as: Bool.self) ? .flagged : .updated)
        }
    }

    public struct FlaggedPost: Sendable {
        public struct Report: Sendable {
            public var flagger: String
            public var reason: String
            public var createdAt: Date
        }

        /// The oldest open flag's id: the queue resolves a post's flags through it.
        public var flagID: Int
        public var location: PostLocation
        public var threadTitle: String
        public var authorUsername: String
        public var bodyHTML: String
        public var hidden: Bool
        public var deleted: Bool
        public var reports: [Report]
    }

    /// The queue: open flags grouped by post, the longest-waiting post first.
    public func openFlags(limit: Int = 500) async throws -> [FlaggedPost] {
        let rows = try await db.query("""
            SELECT f.id, f.reason, f.created_at, fu.username AS flagger,
                   p.id AS post_id, p.position, p.body_html, p.hidden_at IS NOT NULL AS hidden,
                   p.deleted_at IS NOT NULL AS deleted, pa.username AS author,
                   t.id AS thread_id, t.slug, t.title,
                   min(f.created_at) OVER (PARTITION BY f.post_id) AS first_flagged
            FROM flags f
            JOIN users fu ON fu.id = f.flagger_id
            JOIN posts p ON p.id = f.post_id
            JOIN users pa ON pa.id = p.author_id
            JOIN threads t ON t.id = p.thread_id
            WHERE f.resolved_at IS NULL
            ORDER BY first_flagged, f.post_id, f.created_at, f.id
            LIMIT $1
            """, [limit])
        var posts: [FlaggedPost] = []
        for row in rows {
            let report = FlaggedPost.Report(flagger: try row.decode("flagger"), reason: try row.decode("reason"),
                                            createdAt: try row.decode("created_at"))
            let postID: Int = try row.decode("post_id")
            if let last = posts.last, last.location.postID == postID {
                posts[posts.count - 1].reports.append(report)
                continue
            }
            posts.append(FlaggedPost(
                flagID: try row.decode("id"),
                location: PostLocation(postID: postID, threadID: try row.decode("thread_id"), threadSlug: try row.decode("slug"),
                                       position: try row.decode("position")),
                threadTitle: try row.decode("title"), authorUsername: try row.decode("author"),
                bodyHTML: try row.decode("body_html"), hidden: try row.decode("hidden"), deleted: try row.decode("deleted"),
                reports: [report]))
        }
        return posts
    }

    /// For the moderators' header: cheap thanks to the partial index on open flags.
    /// A scalar subquery: the flags waiting in the moderators' queue (their page header shows it).
    static let openFlagCountSQL = "(SELECT count(*) FROM flags WHERE resolved_at IS NULL)"

    public enum FlagResolution: String, Sendable {
        case dismiss, hide
    }

    /// Resolves every open flag on the flagged post: dismissing them, or hiding the post.
    public func resolveFlags(_ flagID: Int, _ resolution: FlagResolution, by member: Member, reason: String? = nil) async throws -> PostLocation {
        guard Policy.canSeeModeratorPages(member) else { throw NotFound() }
        let reason = try Self.cleanedReason(reason)
        return try await db.withTransaction { connection in
            guard let flag = try connection.query("SELECT post_id FROM flags WHERE id = $1", [flagID]).first
            else { throw NotFound() }
            // A conversation's flag has no post: `reviewConversationFlags` resolves those.
            guard let postID = try flag.decode("post_id", as: Int?.self) else { throw NotFound() }
            let post = try Self.loadPost(postID, on: connection)
            try Policy.decide(.hide, by: member, on: post.facts).enforce()
            let flaggerIDs = try connection.query("""
                UPDATE flags SET resolved_at = now(), resolved_by = $2, resolution = $3
                WHERE post_id = $1 AND resolved_at IS NULL
                RETURNING flagger_id
                """, [post.location.postID, member.id, resolution == .hide ? "hidden" : "dismissed"]).map {
                try $0.decode("flagger_id", as: Int.self)
            }
            let resolved = flaggerIDs.count
            // Already resolved (another moderator, another tab): nothing left to do or log.
            guard resolved > 0 else { return post.location }
            try Notifier.aboutFlags(resolution == .hide ? .flagUpheld : .flagDismissed, postID: post.location.postID,
                                    flaggerIDs: flaggerIDs, actorID: member.id, on: connection)
            let flags = resolved == 1 ? "1 flag" : "\(resolved) flags"
            switch resolution {
            case .dismiss:
                try AuditLog.record(on: connection, actorID: member.id, action: "post.dismiss_flags", targetType: "post",
                                    targetID: post.location.postID,
                                    summary: "Dismissed \(flags) on a post by @\(post.authorUsername) in “\(post.threadTitle)”",
                                    reason: reason)
            case .hide:
                let shownReason = reason ?? "reported by members"
                try Self.hide(post, reason: shownReason, on: connection)
                try AuditLog.record(on: connection, actorID: member.id, action: "post.hide", targetType: "post",
                                    targetID: post.location.postID,
                                    summary: "Hid a post by @\(post.authorUsername) in “\(post.threadTitle)” (\(flags))",
                                    reason: shownReason)
            }
            return post.location
        }
    }
}
