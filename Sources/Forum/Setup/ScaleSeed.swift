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

    /// How many made-up names (three or four syllables) make the rare tail of the vocabulary.
    static let rareNames = 200_000

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
            // The search index is built once after the bulk insert rather than grown row by row
            // (a RUM index grown by a million inserts takes many times longer); whichever index the
            // migrations chose is rebuilt from its own definition.
            let searchIndexes: [String] = try conn.query(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'posts' AND indexdef LIKE '%(search_vector%'"
            ).map { row in
                let name: String = try row.decode("indexname")
                try conn.query("DROP INDEX \(Self.quotedIdentifier(name))")
                return try row.decode("indexdef")
            }
            try conn.query("SELECT setseed(0.2026)")  // the same content every run, for comparable benchmarks
            try conn.query("SET LOCAL jit = off")  // compiling these one-off statements costs more than it saves
            let vocabulary = Self.vocabulary()
            let words = vocabulary.words.joined(separator: " ")
            try conn.query("""
                WITH authors AS (
                    SELECT array_agg(id ORDER BY id) AS ids FROM users WHERE email LIKE '%@scale.example'
                ), vocabulary AS (SELECT string_to_array($2, ' ') AS words)
                INSERT INTO threads (category_id, author_id, title, slug, created_at, last_posted_at)
                SELECT (SELECT id FROM categories WHERE slug = 'scale'),
                       authors.ids[1 + g % array_length(authors.ids, 1)],
                       initcap(left(title.words, 1)) || substr(title.words, 2),
                       'scale-thread-' || g,
                       now() - make_interval(mins => $1::int - g), now() - make_interval(mins => $1::int - g)
                FROM generate_series(1, $1::int) g
                CROSS JOIN authors
                CROSS JOIN vocabulary v
                -- Titles are a few content words (never the function words), drawn like the bodies.
                -- The series mentions g so that PostgreSQL draws anew for each thread instead of once.
                CROSS JOIN LATERAL (
                    SELECT string_agg(v.words[$3::int + floor(exp(random() * ln($4::float8 - $3::int + 1)))::int], ' ' ORDER BY i) AS words
                    FROM generate_series(1, 3 + (g * 0 + floor(random() * 6))::int) i
                ) title
                """, [threads, words, vocabulary.functionWords, vocabulary.words.count])
            let first: Int = try conn.query(
                "SELECT min(id) FROM threads WHERE category_id = (SELECT id FROM categories WHERE slug = 'scale')")[0].decode(0)
            // Each word is drawn by Zipf's law (probability ~ 1/rank; rank = floor(V^u) for a uniform
            // u is its continuous form): 97 in 100 from the real vocabulary, 3 from the made-up
            // names. Body lengths are skewed too: many short replies, a few long ones. (`p * 0` ties
            // the subquery to its row, or PostgreSQL would run it once for all posts.)
            try conn.query("""
                WITH authors AS (
                    SELECT array_agg(id ORDER BY id) AS ids FROM users WHERE email LIKE '%@scale.example'
                ), vocabulary AS (
                    SELECT string_to_array($4, ' ') AS words,
                           ARRAY['ba', 'ka', 'lo', 'mi', 'ne', 'ri', 'so', 'tu', 'va', 'zel', 'dor', 'fen', 'gar',
                                 'hal', 'kin', 'lum', 'mar', 'nor', 'pel', 'quin', 'ros', 'sil', 'tam', 'ven', 'wil',
                                 'yor', 'bri', 'cla', 'dra', 'fro'] AS syllables
                ), bodies AS (
                    SELECT t.id AS thread_id, t.created_at, p AS position,
                           authors.ids[1 + (t.id + p) % array_length(authors.ids, 1)] AS author_id,
                           (SELECT string_agg(CASE WHEN d.tail
                                THEN v.syllables[1 + d.r % 30] || v.syllables[1 + (d.r / 30) % 30]
                                     || v.syllables[1 + (d.r / 900) % 30]
                                     || CASE WHEN d.r >= 27000 THEN v.syllables[1 + (d.r / 27000) % 30] ELSE '' END
                                ELSE v.words[1 + d.r] END, ' ' ORDER BY d.i)
                            FROM (SELECT i, tail, floor(exp(u * ln(CASE WHEN tail THEN $5::float8 ELSE $6::float8 END + 1)))::int - 1 AS r
                                  FROM (SELECT i, random() < 0.03 AS tail, random() AS u
                                        FROM generate_series(1, 6 + (p * 0 + floor(random() * random() * 120))::int) i) drawn
                                 ) d
                           ) || '.' AS body
                    FROM threads t
                    CROSS JOIN authors
                    CROSS JOIN vocabulary v
                    CROSS JOIN LATERAL generate_series(1, CASE WHEN t.id = $1::bigint THEN $2::int ELSE $3::int END) p
                    WHERE t.category_id = (SELECT id FROM categories WHERE slug = 'scale')
                )
                INSERT INTO posts (thread_id, author_id, position, body_source, body_html, created_at)
                SELECT thread_id, author_id, position, initcap(left(body, 1)) || substr(body, 2),
                       '<p>' || replace(replace(replace(initcap(left(body, 1)) || substr(body, 2), '&', '&amp;'), '<', '&lt;'), '>', '&gt;') || '</p>',
                       created_at + make_interval(secs => position)
                FROM bodies
                """, [first, Self.longThreadPosts, Self.postsPerThread, words, Self.rareNames, vocabulary.words.count])
            // The posts' deferred search-generation triggers (sql/096) would otherwise wait for
            // the commit, and PostgreSQL refuses CREATE INDEX on a table with pending trigger events.
            try conn.query("SET CONSTRAINTS ALL IMMEDIATE")
            for definition in searchIndexes { try conn.query(definition) }
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

    /// Index names come from the catalogue, not from a member; quoted all the same.
    static func quotedIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The real vocabulary in rank order, without repeats, and how many of its first words are
    /// function words.
    static func vocabulary() -> (words: [String], functionWords: Int) {
        func words(_ text: String) -> [String] { text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init) }
        var seen = Set<String>()
        let function = words(ScaleVocabulary.functionWords).filter { seen.insert($0).inserted }
        let content = (words(ScaleVocabulary.fieldWords) + words(ScaleVocabulary.specialistWords)).filter { seen.insert($0).inserted }
        return (function + content, function.count)
    }
}
