import Foundation
import Postgres

/// Bulk content for load tests: schools, members, threads and posts generated inside PostgreSQL
/// with `generate_series`, a handful of statements whatever the size (row-by-row inserts through
/// the services would take hours at a million posts).
public struct ScaleSeed: Sendable {
    public static let email = "scale1@scale.example"
    public static let password = "scale-member-pass-2026"
    public static let postsPerThread = 20
    /// The first generated thread has this many posts, for thread-page benchmarks.
    public static let longThreadPosts = 50

    public struct Loaded: Sendable {
        public var schools: Int
        public var members: Int
        public var threads: Int
        public var posts: Int
        public var longThreadID: Int
    }

    let services: ForumServices

    public init(services: ForumServices) {
        self.services = services
    }

    /// Returns nil (and changes nothing) when scale content is already there.
    public func load(posts: Int) async throws -> Loaded? {
        let exists = try await services.db.query("SELECT 1 FROM schools WHERE slug = 'scale-school-1'").count > 0
        if exists { return nil }
        let posts = max(posts, Self.longThreadPosts)
        let threads = 1 + (posts - Self.longThreadPosts + Self.postsPerThread - 1) / Self.postsPerThread
        let members = max(10, posts / 100)
        let schools = max(2, members / 200)

        try await services.directory.createSchool(slug: "scale-school-1", name: "Scale School 1")
        try await services.directory.createCategory(slug: "scale", name: "Scale test",
                                                    description: "Generated content for load tests.", position: 50)
        // One account through the real path gives a genuine password hash the others share.
        _ = try await services.accounts.create(.init(
            email: Self.email, username: "scale1", name: "Scale Member 1", role: .member,
            schoolSlug: "scale-school-1", password: Self.password))

        let longThreadID = try await services.db.withTransaction { conn -> Int in
            // A million posts take longer than the pool's per-statement limit meant for requests.
            try conn.query("SET LOCAL statement_timeout = 0")
            try conn.query("""
                INSERT INTO schools (slug, name)
                SELECT 'scale-school-' || g, 'Scale School ' || g FROM generate_series(2, $1::int) g
                """, [schools])
            try conn.query("""
                INSERT INTO users (email, username, name, role, school_id, password_hash)
                SELECT 'scale' || g || '@scale.example', 'scale' || g, 'Scale Member ' || g, 'member',
                       s.id, template.password_hash
                FROM generate_series(2, $1::int) g
                JOIN schools s ON s.slug = 'scale-school-' || (1 + g % $2::int)
                CROSS JOIN (SELECT password_hash FROM users WHERE email = $3) template
                """, [members, schools, Self.email])
            try conn.query("""
                WITH authors AS (
                    SELECT array_agg(id ORDER BY id) AS ids FROM users WHERE email LIKE '%@scale.example'
                ), topics AS (
                    SELECT ARRAY['rubric', 'grading', 'portfolio', 'standards', 'feedback', 'attendance',
                                 'projects', 'reading', 'transcripts', 'mastery'] AS words
                )
                INSERT INTO threads (category_id, author_id, title, slug, created_at, last_posted_at)
                SELECT (SELECT id FROM categories WHERE slug = 'scale'),
                       authors.ids[1 + g % array_length(authors.ids, 1)],
                       'Scale thread ' || g || ' about ' || topics.words[1 + g % 10] || ' and '
                           || topics.words[1 + (g / 10) % 10],
                       'scale-thread-' || g,
                       now() - make_interval(mins => $1::int - g), now() - make_interval(mins => $1::int - g)
                FROM generate_series(1, $1::int) g, authors, topics
                """, [threads])
            let first: Int = try conn.query(
                "SELECT min(id) FROM threads WHERE category_id = (SELECT id FROM categories WHERE slug = 'scale')")[0].decode(0)
            // Bodies are plain words, escaped anyway so the stored HTML stays sound if the words change.
            try conn.query("""
                WITH authors AS (
                    SELECT array_agg(id ORDER BY id) AS ids FROM users WHERE email LIKE '%@scale.example'
                ), bodies AS (
                    SELECT t.id AS thread_id, t.created_at, p AS position,
                           authors.ids[1 + (t.id + p) % array_length(authors.ids, 1)] AS author_id,
                           'Post ' || p || ' in thread ' || t.id || ': we tried ' || (ARRAY['rubric', 'grading',
                               'portfolio', 'standards', 'feedback', 'attendance', 'projects', 'reading'])[1 + (t.id * 7 + p) % 8]
                               || ' changes this term & students said <it> helped with ' || (ARRAY['pacing', 'clarity',
                               'motivation', 'reflection', 'revision'])[1 + (t.id + p * 3) % 5] || '.' AS body
                    FROM threads t
                    CROSS JOIN authors
                    CROSS JOIN LATERAL generate_series(1, CASE WHEN t.id = $1::bigint THEN $2::int ELSE $3::int END) p
                    WHERE t.category_id = (SELECT id FROM categories WHERE slug = 'scale')
                )
                INSERT INTO posts (thread_id, author_id, position, body_source, body_html, created_at)
                SELECT thread_id, author_id, position, body,
                       '<p>' || replace(replace(replace(body, '&', '&amp;'), '<', '&lt;'), '>', '&gt;') || '</p>',
                       created_at + make_interval(secs => position)
                FROM bodies
                """, [first, Self.longThreadPosts, Self.postsPerThread])
            try conn.query("""
                UPDATE threads t
                SET post_count = last.count, last_post_id = last.id, last_poster_id = last.author_id,
                    last_posted_at = last.created_at
                FROM (
                    SELECT DISTINCT ON (thread_id) thread_id, id, author_id, created_at,
                           count(*) OVER (PARTITION BY thread_id) AS count
                    FROM posts
                    WHERE thread_id >= $1::bigint
                    ORDER BY thread_id, position DESC
                ) last
                WHERE t.id = last.thread_id
                """, [first])
            return first
        }
        // Fresh statistics, or the planner keeps treating the bulk-filled tables as nearly empty
        // until autovacuum gets round to them.
        try await services.db.withConnection { conn in
            try conn.query("SET statement_timeout = 0")
            for table in ["schools", "users", "categories", "threads", "posts"] { try conn.query("ANALYZE \(table)") }
            try conn.query("RESET statement_timeout")
        }
        let total: Int = try await services.db.query(
            "SELECT count(*) FROM posts WHERE thread_id >= $1::bigint", [longThreadID])[0].decode(0)
        return Loaded(schools: schools, members: members, threads: threads, posts: total, longThreadID: longThreadID)
    }
}
