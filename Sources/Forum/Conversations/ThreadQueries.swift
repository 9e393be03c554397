import Foundation
import Postgres

/// A thread as it appears in lists.
public struct ThreadSummary: Sendable {
    public var id: Int
    public var slug: String
    public var title: String
    public var kind: ThreadKind
    public var feedbackOpen: Bool
    public var pinned: Bool
    public var locked: Bool
    public var deleted: Bool
    public var postCount: Int
    public var categorySlug: String
    public var categoryName: String
    public var authorUsername: String
    public var authorSchool: String?
    public var lastPosterUsername: String?
    public var lastPostedAt: Date
    /// Posts the member hasn't seen yet (all of them for a thread never opened).
    public var unreadCount: Int = 0
    public var everRead: Bool = false
    /// The first post the member hasn't seen, to jump to.
    public var firstUnreadPostID: Int?
    public var firstUnreadPosition: Int?
}

public struct CategorySummary: Sendable {
    public var slug: String
    public var name: String
    public var description: String
    public var visibility: CategoryVisibility
    public var threadCount: Int
    public var lastActivity: Date?
}

public struct ThreadDetail: Sendable {
    public var id: Int
    public var slug: String
    public var title: String
    public var kind: ThreadKind
    public var feedbackOpen: Bool
    public var pinned: Bool
    public var locked: Bool
    public var lockReason: String?
    public var deleted: Bool
    public var postCount: Int
    public var categorySlug: String
    public var categoryName: String
    public var authorID: Int
    public var authorUsername: String
    public var createdAt: Date
    public var facts: Policy.ThreadFacts
    public var watching: Bool = false
    public var replyCount: Int = 0
    public var acceptedCount: Int = 0
}

public struct PostView: Sendable {
    public var id: Int
    public var authorID: Int
    public var position: Int
    public var authorUsername: String
    public var authorName: String
    public var authorRole: Role
    public var schoolSlug: String?
    public var schoolName: String?
    public var createdAt: Date
    public var editedAt: Date?
    public var deleted: Bool
    public var hidden: Bool
    public var hiddenReason: String?
    public var bodyHTML: String
    public var accepted: Bool = false
    public var helpfulCount: Int = 0
    /// Who found the post helpful, in the order they said so.
    public var helpfulBy: [String] = []
    public var helpfulByMe: Bool = false
    /// The viewer's own flag on this post and what became of it.
    public var viewerFlagReason: String?
    public var viewerFlagResolution: String?
}

/// Reading: the lists and pages members browse. Each page is a fixed number of queries.
public struct ThreadQueries: Sendable {
    let db: PostgresClient

    public init(db: PostgresClient) {
        self.db = db
    }

    static let summaryColumns = """
        t.id, t.slug, t.title, t.kind, t.feedback_status = 'open' AS feedback_open, t.pinned,
        t.locked_at IS NOT NULL AS locked, t.deleted_at IS NOT NULL AS deleted, t.post_count,
        t.last_posted_at, c.slug AS category_slug, c.name AS category_name,
        a.username AS author_username, sc.name AS author_school, lp.username AS last_poster_username
        """

    static let summaryJoins = """
        JOIN categories c ON c.id = t.category_id
        JOIN users a ON a.id = t.author_id
        LEFT JOIN schools sc ON sc.id = a.school_id
        LEFT JOIN users lp ON lp.id = t.last_poster_id
        """

    /// The member's read position; `$memberParam` is the member's id.
    static func readJoin(memberParam: String) -> String {
        "LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = \(memberParam)"
    }

    static let readColumns = """
        r.last_read_position,
        (SELECT fp.id FROM posts fp WHERE fp.thread_id = t.id AND fp.position = coalesce(r.last_read_position, 0) + 1) AS first_unread_id
        """

    /// A summary selected with `readColumns` as well.
    static func summaryWithReads(from row: PostgresRow) throws -> ThreadSummary {
        var summary = try summary(from: row)
        let lastRead: Int? = try row.decode("last_read_position")
        summary.everRead = lastRead != nil
        summary.unreadCount = max(0, summary.postCount - (lastRead ?? 0))
        summary.firstUnreadPostID = try row.decode("first_unread_id")
        summary.firstUnreadPosition = summary.unreadCount > 0 ? (lastRead ?? 0) + 1 : nil
        return summary
    }

    static func summary(from row: PostgresRow) throws -> ThreadSummary {
        ThreadSummary(
            id: try row.decode("id"), slug: try row.decode("slug"), title: try row.decode("title"),
            kind: try row.decode("kind"), feedbackOpen: try row.decode("feedback_open", as: Bool?.self) ?? false,
            pinned: try row.decode("pinned"), locked: try row.decode("locked"), deleted: try row.decode("deleted"),
            postCount: try row.decode("post_count"), categorySlug: try row.decode("category_slug"),
            categoryName: try row.decode("category_name"), authorUsername: try row.decode("author_username"),
            authorSchool: try row.decode("author_school"), lastPosterUsername: try row.decode("last_poster_username"),
            lastPostedAt: try row.decode("last_posted_at"))
    }

    static func facts(from row: PostgresRow) throws -> Policy.ThreadFacts {
        Policy.ThreadFacts(
            category: .init(visibility: try row.decode("visibility")), authorID: try row.decode("author_id"),
            isLocked: try row.decode("locked"), isDeleted: try row.decode("deleted"), kind: try row.decode("kind"),
            feedbackClosed: try row.decode("closed", as: Bool?.self) ?? false)
    }

    public struct Home: Sendable {
        public var categories: [CategorySummary]
        public var recentThreads: [ThreadSummary]
        /// Open feedback requests, the least answered first.
        public var openFeedback: [ThreadSummary] = []
    }

    /// The home page: every category the member may see with its thread count and latest
    /// activity, and the most recently active threads.
    public func home(for member: Member, recentLimit: Int = 20) async throws -> Home {
        let moderator = Policy.listsIncludeHiddenThreads(member)
        return try await db.withConnection { connection in
            let categories = try connection.query("""
                SELECT c.slug, c.name, c.description, c.visibility,
                       count(t.id) AS thread_count, max(t.last_posted_at) AS last_activity
                FROM categories c
                LEFT JOIN threads t ON t.category_id = c.id AND t.deleted_at IS NULL
                WHERE c.visibility = 'members' OR $1
                GROUP BY c.id
                ORDER BY c.position, c.name
                """, [moderator]).map { row in
                CategorySummary(slug: try row.decode("slug"), name: try row.decode("name"),
                                description: try row.decode("description"), visibility: try row.decode("visibility"),
                                threadCount: try row.decode("thread_count"), lastActivity: try row.decode("last_activity"))
            }
            // The few thread ids come first, from an index, and only they are joined with
            // authors, schools and read positions; joining first made PostgreSQL sort every thread.
            let recent = try connection.query("""
                WITH picked AS MATERIALIZED (
                    SELECT t.id FROM threads t JOIN categories c ON c.id = t.category_id
                    WHERE t.deleted_at IS NULL AND (c.visibility = 'members' OR $1)
                    ORDER BY t.last_posted_at DESC
                    LIMIT $2
                )
                SELECT \(Self.summaryColumns), \(Self.readColumns)
                FROM picked JOIN threads t ON t.id = picked.id \(Self.summaryJoins) \(Self.readJoin(memberParam: "$3"))
                ORDER BY t.last_posted_at DESC
                """, [moderator, recentLimit, member.id]).map(Self.summaryWithReads)
            let openFeedback = try connection.query("""
                WITH picked AS MATERIALIZED (
                    SELECT t.id FROM threads t JOIN categories c ON c.id = t.category_id
                    WHERE t.feedback_status = 'open' AND t.deleted_at IS NULL AND (c.visibility = 'members' OR $1)
                    ORDER BY t.post_count, t.created_at DESC
                    LIMIT $2
                )
                SELECT \(Self.summaryColumns), \(Self.readColumns)
                FROM picked JOIN threads t ON t.id = picked.id \(Self.summaryJoins) \(Self.readJoin(memberParam: "$3"))
                ORDER BY t.post_count, t.created_at DESC
                """, [moderator, 10, member.id]).map(Self.summaryWithReads)
            return Home(categories: categories, recentThreads: recent, openFeedback: openFeedback)
        }
    }

    public struct CategoryListing: Sendable {
        public var slug: String
        public var name: String
        public var description: String
        public var threads: [ThreadSummary]
        public var page: Int
        public var pageCount: Int
    }

    /// A category's threads, pinned first, then by latest activity; with `element` (a journey
    /// element's slug), only the threads tagged with it. An unknown element finds nothing.
    public func category(slug: String, for member: Member, page: Int, element: String? = nil) async throws -> CategoryListing {
        let moderator = Policy.listsIncludeHiddenThreads(member)
        let page = Page(number: page, size: Page.threadsPerPage)
        let element = element.flatMap { $0.isEmpty ? nil : $0 }
        return try await db.withConnection { connection in
            guard let category = try connection.query("""
                SELECT c.id, c.slug, c.name, c.description, c.visibility,
                       (SELECT count(*) FROM threads t WHERE t.category_id = c.id AND (t.deleted_at IS NULL OR $2)
                          AND ($3::text IS NULL OR t.journey_element_id = (SELECT e.id FROM journey_elements e WHERE e.slug = $3))
                       ) AS thread_count
                FROM categories c WHERE c.slug = $1
                """, [slug, moderator, element]).first
            else { throw NotFound() }
            guard Policy.canSee(member, .init(visibility: try category.decode("visibility"))) else { throw NotFound() }
            let threads = try connection.query("""
                SELECT \(Self.summaryColumns), \(Self.readColumns)
                FROM threads t \(Self.summaryJoins) \(Self.readJoin(memberParam: "$5"))
                WHERE t.category_id = $1 AND (t.deleted_at IS NULL OR $2)
                  AND ($6::text IS NULL OR t.journey_element_id = (SELECT e.id FROM journey_elements e WHERE e.slug = $6))
                ORDER BY t.pinned DESC, t.last_posted_at DESC, t.id DESC
                LIMIT $3 OFFSET $4
                """, [try category.decode("id", as: Int.self), moderator, page.size, page.offset, member.id, element])
                .map(Self.summaryWithReads)
            return CategoryListing(
                slug: try category.decode("slug"), name: try category.decode("name"),
                description: try category.decode("description"), threads: threads, page: page.number,
                pageCount: Page.count(items: try category.decode("thread_count"), size: page.size))
        }
    }

    public struct ThreadPage: Sendable {
        public var thread: ThreadDetail
        public var posts: [PostView]
        public var page: Int
        public var pageCount: Int
        /// How far the member had read before this view, and whether notifications about this
        /// thread wait unread: what `markRead` needs to write only when something changes.
        public var lastReadPosition: Int
        public var hasUnreadNotifications: Bool
        /// By post id; only posts the member may read have entries.
        public var attachments: [Int: [Attachments.Listed]] = [:]
    }

    static let threadHeaderColumns = """
        \(factsColumns), t.id, t.slug, t.title, t.feedback_status = 'open' AS feedback_open, t.pinned,
        t.lock_reason, t.post_count, t.created_at, a.username AS author_username,
        c.slug AS category_slug, c.name AS category_name
        """

    static let threadHeaderFrom = """
        FROM threads t
        JOIN categories c ON c.id = t.category_id
        JOIN users a ON a.id = t.author_id
        """

    static func detail(from row: PostgresRow) throws -> ThreadDetail {
        let facts = try Self.facts(from: row)
        return ThreadDetail(
            id: try row.decode("id"), slug: try row.decode("slug"), title: try row.decode("title"),
            kind: facts.kind, feedbackOpen: try row.decode("feedback_open", as: Bool?.self) ?? false,
            pinned: try row.decode("pinned"), locked: facts.isLocked, lockReason: try row.decode("lock_reason"),
            deleted: facts.isDeleted, postCount: try row.decode("post_count"),
            categorySlug: try row.decode("category_slug"), categoryName: try row.decode("category_name"),
            authorID: facts.authorID, authorUsername: try row.decode("author_username"),
            createdAt: try row.decode("created_at"), facts: facts)
    }

    /// A thread's title, category and state without its posts: for the pages around a thread
    /// (reply, preview, quote, move) that need only its header. One query; writes nothing.
    public func header(id: Int, for member: Member) async throws -> ThreadDetail {
        guard let row = try await db.query("""
            SELECT \(Self.threadHeaderColumns)
            \(Self.threadHeaderFrom)
            WHERE t.id = $1
            """, [id]).first
        else { throw NotFound() }
        let detail = try Self.detail(from: row)
        guard Policy.canSee(member, detail.facts) else { throw NotFound() }
        return detail
    }

    /// A thread and one page of its posts, with their reactions and the member's own flags:
    /// two queries whatever the thread's length. Reading writes nothing; the page calls
    /// `markRead` for what it showed.
    public func thread(id: Int, for member: Member, page: Int) async throws -> ThreadPage {
        let page = Page(number: page, size: Page.postsPerPage)
        return try await db.withConnection { connection in
            guard let row = try connection.query("""
                SELECT \(Self.threadHeaderColumns),
                       EXISTS (SELECT 1 FROM thread_watches w WHERE w.thread_id = t.id AND w.user_id = $2) AS watching,
                       coalesce((SELECT r.last_read_position FROM thread_reads r
                                 WHERE r.thread_id = t.id AND r.user_id = $2), 0) AS last_read_position,
                       EXISTS (SELECT 1 FROM notifications n
                               WHERE n.user_id = $2 AND n.thread_id = t.id AND n.read_at IS NULL) AS unread_notifications,
                       CASE WHEN t.kind = 'feedback' THEN
                           (SELECT count(*) FILTER (WHERE fp.position > 1) FROM posts fp
                            WHERE fp.thread_id = t.id AND fp.deleted_at IS NULL AND fp.hidden_at IS NULL) END AS reply_count,
                       CASE WHEN t.kind = 'feedback' THEN
                           (SELECT count(*) FROM posts fp WHERE fp.thread_id = t.id AND fp.accepted_at IS NOT NULL
                            AND fp.deleted_at IS NULL) END AS accepted_count
                \(Self.threadHeaderFrom)
                WHERE t.id = $1
                """, [id, member.id]).first
            else { throw NotFound() }
            var detail = try Self.detail(from: row)
            guard Policy.canSee(member, detail.facts) else { throw NotFound() }
            detail.watching = try row.decode("watching")
            detail.replyCount = try row.decode("reply_count", as: Int?.self) ?? 0
            detail.acceptedCount = try row.decode("accepted_count", as: Int?.self) ?? 0
            let pageCount = Page.count(items: detail.postCount, size: page.size)
            let shown = Page(number: min(page.number, pageCount), size: page.size)
            let posts = try connection.query("""
                SELECT p.id, p.position, p.created_at, p.edited_at, p.deleted_at IS NOT NULL AS deleted,
                       p.hidden_at IS NOT NULL AS hidden, p.hidden_reason, p.author_id,
                       CASE WHEN \(PostVisibility.sql(moderator: "$5")) THEN p.body_html ELSE '' END AS body_html,
                       p.accepted_at IS NOT NULL AS accepted,
                       u.username, u.name, u.role, s.slug AS school_slug, s.name AS school_name,
                       coalesce(rx.helpful_count, 0) AS helpful_count, coalesce(rx.helpful_by, '') AS helpful_by,
                       coalesce(rx.helpful_by_me, false) AS helpful_by_me,
                       f.reason AS flag_reason, f.resolution AS flag_resolution
                FROM posts p
                JOIN threads t ON t.id = p.thread_id
                JOIN categories c ON c.id = t.category_id
                JOIN users u ON u.id = p.author_id
                LEFT JOIN schools s ON s.id = u.school_id
                LEFT JOIN LATERAL (
                    SELECT count(*) AS helpful_count,
                           string_agg(ru.username, ',' ORDER BY pr.created_at, ru.username) AS helpful_by,
                           bool_or(pr.user_id = $4) AS helpful_by_me
                    FROM post_reactions pr JOIN users ru ON ru.id = pr.user_id
                    WHERE pr.post_id = p.id AND pr.reaction = 'helpful'
                ) rx ON true
                LEFT JOIN flags f ON f.post_id = p.id AND f.flagger_id = $4
                WHERE p.thread_id = $1 AND p.position > $2 AND p.position <= $3
                ORDER BY p.position
                """, [id, shown.offset, shown.offset + shown.size, member.id, member.role.canModerate]).map { row in
                var post = PostView(
                    id: try row.decode("id"), authorID: try row.decode("author_id"), position: try row.decode("position"),
                    authorUsername: try row.decode("username"), authorName: try row.decode("name"),
                    authorRole: try row.decode("role"), schoolSlug: try row.decode("school_slug"),
                    schoolName: try row.decode("school_name"), createdAt: try row.decode("created_at"),
                    editedAt: try row.decode("edited_at"), deleted: try row.decode("deleted"),
                    hidden: try row.decode("hidden"), hiddenReason: try row.decode("hidden_reason"),
                    bodyHTML: try row.decode("body_html"))
                post.accepted = try row.decode("accepted")
                post.helpfulCount = try row.decode("helpful_count")
                let helpfulBy: String = try row.decode("helpful_by")
                post.helpfulBy = helpfulBy.isEmpty ? [] : helpfulBy.split(separator: ",").map(String.init)
                post.helpfulByMe = try row.decode("helpful_by_me")
                post.viewerFlagReason = try row.decode("flag_reason")
                post.viewerFlagResolution = try row.decode("flag_resolution")
                return post
            }
            // The files of every post on the page in one query; none for posts the member may not read.
            let readable = posts.filter { post in
                PostVisibility.canRead(member, Policy.PostFacts(thread: detail.facts, authorID: post.authorID, position: post.position,
                                                                isHidden: post.hidden, isDeleted: post.deleted))
            }
            let attachments = try Attachments.listed(forPosts: readable.map(\.id), on: connection)
            return ThreadPage(thread: detail, posts: posts, page: shown.number, pageCount: pageCount,
                              lastReadPosition: try row.decode("last_read_position"),
                              hasUnreadNotifications: try row.decode("unread_notifications"),
                              attachments: attachments)
        }
    }

    /// Moves the member's read position to the last post the page showed and settles the
    /// notifications about the posts on it. Writes only when the position advances or
    /// notifications wait, so viewing a page again costs no write.
    public func markRead(_ page: ThreadPage, by member: Member) async throws {
        guard let first = page.posts.first?.position, let last = page.posts.last?.position,
              last > page.lastReadPosition || page.hasUnreadNotifications
        else { return }
        try await db.query("""
            WITH seen AS (
                UPDATE notifications SET read_at = now()
                WHERE user_id = $1 AND thread_id = $2 AND read_at IS NULL
                  AND post_id IN (SELECT id FROM posts WHERE thread_id = $2 AND position >= $4 AND position <= $3)
            )
            INSERT INTO thread_reads (user_id, thread_id, last_read_position) VALUES ($1, $2, $3)
            ON CONFLICT (user_id, thread_id)
            DO UPDATE SET last_read_position = greatest(thread_reads.last_read_position, EXCLUDED.last_read_position)
            """, [member.id, page.thread.id, last, first])
    }

    /// The page of a thread that shows the post at `position`.
    public static func page(ofPosition position: Int) -> Int {
        (position - 1) / Page.postsPerPage + 1
    }
}
