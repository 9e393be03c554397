import Foundation
import Postgres

/// Full-text search over the posts a member may see, through `posts.search_vector`.
///
/// Ranking every match is what made search slow: a common word matches a fifth of all posts.
/// So a search first estimates, from the planner's statistics, how many posts its words match.
/// Up to `exactRankLimits` matches, every match is ranked (with RUM inside the index, reading no
/// rows; with GIN by reading each match). Beyond it, the newest `maxResults` matches are
/// ranked: found newest-first through the primary key, they cost about as much at a million
/// posts as at a thousand. Newest-first order never ranks. Every statement is planned with its
/// values in hand, since the right plan for a rare word (the index) and a common one (the newest
/// posts, checked one by one) differ.
public struct Search: Sendable {
    public static let perPage = 20
    public static let maxQueryLength = 200
    /// Results shown in all (50 pages): far more than anyone reads, and it bounds the work of
    /// counting and of deep pages.
    public static let maxResults = 1_000

    /// Up to how many (estimated) matches every match is ranked, per index: RUM ranks inside the
    /// index, GIN must read each matching row.
    public struct ExactRankLimits: Sendable {
        public var rum: Int
        public var gin: Int

        // Measured at a million posts: RUM hands out ~36,000 matches in rank order in ~80 ms.
        public init(rum: Int = 40_000, gin: Int = 1_000) {
            self.rum = rum
            self.gin = gin
        }

        func limit(_ kind: SearchIndexKind) -> Int {
            switch kind {
            case .rum: rum
            case .gin: gin
            }
        }
    }

    // Private-use characters: ts_headline puts them around matches, and they are stripped from
    // the text first, so only ts_headline can produce them.
    static let startMarker = "\u{E000}"
    static let stopMarker = "\u{E001}"
    /// ts_headline reads this much of a post at most (a post may hold 50,000 characters).
    static let headlineSourceLimit = 10_000

    let db: PostgresClient
    let exactRankLimits: ExactRankLimits

    public init(db: PostgresClient, exactRankLimits: ExactRankLimits = .init()) {
        self.db = db
        self.exactRankLimits = exactRankLimits
    }

    public struct Results: Sendable {
        public var hits: [SearchHit]
        /// Matches counted, at most `maxResults`.
        public var total: Int
        /// More matches exist than were counted (`total` is `maxResults`).
        public var isTotalALowerBound: Bool
        public var page: Int
        public var pageCount: Int
    }

    /// The index the migrations chose, and how many posts the query's words match by the
    /// planner's statistics (0 when they have none yet: a new forum is small).
    struct Estimate {
        var indexKind: SearchIndexKind
        var matches: Double
    }

    public func indexKind() async throws -> SearchIndexKind {
        let rows = try await db.query("SELECT index_kind FROM search_settings")
        return try rows.first.flatMap { SearchIndexKind(rawValue: try $0.decode("index_kind")) } ?? .gin
    }

    func estimate(_ text: String) async throws -> Estimate {
        // The words that must match: excluded ones (-word) don't narrow a search down. With
        // "or", the commonest alternative counts; otherwise the words are taken as independent
        // (as PostgreSQL's planner does): the product of their frequencies.
        let tokens = text.split(whereSeparator: \.isWhitespace)
        let disjunctive = tokens.contains { $0.lowercased() == "or" }
        let required = tokens.filter { !$0.hasPrefix("-") && $0.lowercased() != "or" }.joined(separator: " ")
        let rows = try await db.query("""
            WITH lexemes AS (SELECT DISTINCT lexeme FROM unnest(to_tsvector('english', $1))),
            frequencies AS (
                SELECT coalesce(s.most_common_elem_freqs[array_position(s.most_common_elems::text::text[], l.lexeme)], 0)
                           AS share, greatest(c.reltuples, 0) AS posts
                FROM lexemes l
                JOIN pg_stats s ON s.schemaname = current_schema() AND s.tablename = 'posts'
                               AND s.attname = 'search_vector'
                JOIN pg_class c ON c.oid = 'posts'::regclass
            )
            SELECT (SELECT index_kind FROM search_settings) AS index_kind,
                   coalesce(CASE WHEN $2 THEN (SELECT max(share * posts) FROM frequencies)
                                 WHEN (SELECT min(share) FROM frequencies) = 0 THEN 0
                                 ELSE (SELECT exp(sum(ln(share))) * max(posts) FROM frequencies) END, 0)::float8 AS matches
            """, [required, disjunctive], planning: .forTheseValues)
        guard let row = rows.first else { return Estimate(indexKind: .gin, matches: 0) }
        let kind = SearchIndexKind(rawValue: try row.decode("index_kind") as String? ?? "") ?? .gin
        return Estimate(indexKind: kind, matches: try row.decode("matches"))
    }

    /// The searched words as a tsquery. Written out wherever it is used (rather than read from a
    /// CTE) so that the planner sees its value and estimates how many posts match: that
    /// estimate is what picks the newest-first scan for a common word and the index for a rare one.
    static let tsquerySQL = "websearch_to_tsquery('english', $1)"

    /// The filters every variant applies, over `posts p` alone. Constant SQL; the values are
    /// parameters $1-$8 and $16 (the journey element). The thread and category are checked per post in a scalar subquery,
    /// which PostgreSQL never turns into a join: so a scan of posts in rank order (RUM) or
    /// newest first can stop after a page instead of joining every match first.
    static let filterSQL = """
        p.search_vector @@ \(tsquerySQL)
          AND coalesce((SELECT true FROM threads t JOIN categories c ON c.id = t.category_id
                         WHERE t.id = p.thread_id AND \(PostVisibility.listedSQL(moderator: "$2"))
                           AND ($3 = '' OR c.slug = $3)
                           AND ($16 = '' OR t.journey_element_id = (SELECT id FROM journey_elements WHERE slug = $16))),
                   false)
          AND ($4 = '' OR p.author_id = (SELECT id FROM users WHERE lower(username) = lower($4)))
          AND ($5 = '' OR p.author_id IN (SELECT u.id FROM users u JOIN schools s ON s.id = u.school_id
                                          WHERE s.slug = $5))
          AND ($6::timestamptz IS NULL OR p.created_at >= $6::timestamptz)
          AND ($7::timestamptz IS NULL OR p.created_at < $7::timestamptz)
          AND ($8::bigint IS NULL OR p.thread_id = $8::bigint)
        """

    static let matchesFrom = "FROM posts p"

    /// How one search finds its page of post ids, each with the key that orders them (smaller
    /// first, then newer), and its count (`counted`, at most `maxResults` + 1). Constant SQL;
    /// $9 is the page size, $10 the offset, $11 `maxResults` + 1.
    enum Plan {
        /// Newest first: the newest `maxResults` + 1 matches, read newest first (through the
        /// primary key for a common word, the index for a rare one), both paged and counted.
        case newest
        /// RUM hands out every match in rank order; the count stops early.
        case rankedInIndex
        /// GIN: every match read and ranked (few, by the estimate); the count stops early.
        case rankedAll
        /// Too many matches to rank them all: the newest `maxResults` + 1, ranked.
        case rankedNewestCandidates

        var sql: String {
            switch self {
            case .newest:
                """
                candidates AS MATERIALIZED (
                    SELECT p.id \(Search.matchesFrom) WHERE \(Search.filterSQL)
                    ORDER BY p.id DESC LIMIT $11
                ),
                page AS (SELECT id, 0::float8 AS sort_key FROM candidates ORDER BY id DESC LIMIT $9 OFFSET $10),
                counted AS (SELECT count(*) AS total FROM candidates)
                """
            case .rankedNewestCandidates:
                """
                candidates AS MATERIALIZED (
                    SELECT p.id, -ts_rank(p.search_vector, \(Search.tsquerySQL))::float8 AS sort_key
                    \(Search.matchesFrom) WHERE \(Search.filterSQL)
                    ORDER BY p.id DESC LIMIT $11
                ),
                page AS (SELECT id, sort_key FROM candidates ORDER BY sort_key, id DESC LIMIT $9 OFFSET $10),
                counted AS (SELECT count(*) AS total FROM candidates)
                """
            case .rankedInIndex:
                // `<=>` is RUM's rank distance: smaller is better.
                """
                page AS MATERIALIZED (
                    SELECT p.id, (p.search_vector <=> \(Search.tsquerySQL))::float8 AS sort_key
                    \(Search.matchesFrom) WHERE \(Search.filterSQL)
                    ORDER BY p.search_vector <=> \(Search.tsquerySQL) LIMIT $9 OFFSET $10
                ),
                \(Self.countedSQL)
                """
            case .rankedAll:
                """
                page AS MATERIALIZED (
                    SELECT p.id, -ts_rank(p.search_vector, \(Search.tsquerySQL))::float8 AS sort_key
                    \(Search.matchesFrom) WHERE \(Search.filterSQL)
                    ORDER BY sort_key, p.id DESC LIMIT $9 OFFSET $10
                ),
                \(Self.countedSQL)
                """
            }
        }

        static let countedSQL = """
            counted AS (
                SELECT count(*) AS total FROM (SELECT 1 \(Search.matchesFrom) WHERE \(Search.filterSQL) LIMIT $11) matches
            )
            """
    }

    public func run(_ query: SearchQuery, for member: Member) async throws -> Results {
        let text = query.cleanedText
        let page = Page(number: min(query.page, Self.maxResults / Self.perPage), size: Self.perPage)
        guard !text.isEmpty else {
            return Results(hits: [], total: 0, isTotalALowerBound: false, page: 1, pageCount: 1)
        }
        let plan: Plan
        let estimate = try await estimate(text)
        let exact = estimate.matches <= Double(exactRankLimits.limit(estimate.indexKind))
        switch (query.order, exact, estimate.indexKind) {
        case (.newest, _, _): plan = .newest
        case (.best, true, .rum): plan = .rankedInIndex
        case (.best, true, .gin): plan = .rankedAll
        case (.best, false, _): plan = .rankedNewestCandidates
        }
        // The post's text and the costly headline are read for one page only.
        let parameters: [(any PostgresEncodable)?] = [
            text, member.role.canModerate, query.categorySlug, query.authorUsername, query.schoolSlug,
            query.from, query.through.map { $0.addingTimeInterval(86_400) }, query.threadID]
        let sql = """
            WITH \(plan.sql)
            SELECT p.id, p.position, p.thread_id, p.created_at, t.slug, t.title, t.post_count,
                   c.slug AS category_slug, c.name AS category_name, counted.total, u.username,
                   s.name AS school_name,
                   ts_headline('english', left(translate(p.body_source, $12, ''), $15), \(Self.tsquerySQL),
                               'StartSel=' || $13 || ', StopSel=' || $14 || ', MaxWords=35, MinWords=12, MaxFragments=2')
                       AS snippet
            FROM counted
            LEFT JOIN page m ON true
            LEFT JOIN posts p ON p.id = m.id
            LEFT JOIN threads t ON t.id = p.thread_id
            LEFT JOIN categories c ON c.id = t.category_id
            LEFT JOIN users u ON u.id = p.author_id
            LEFT JOIN schools s ON s.id = u.school_id
            ORDER BY m.sort_key, m.id DESC
            """
        let values = parameters + [page.size, page.offset, Self.maxResults + 1, Self.startMarker + Self.stopMarker,
                                   Self.startMarker, Self.stopMarker, Self.headlineSourceLimit, query.elementSlug]
        let rows: PostgresRows
        if plan == .rankedInIndex {
            // The planner prices RUM's rank-ordered scan far above a bitmap scan and a sort, which
            // reads and ranks every match (0.8 s against 80 ms for a word in 36,000 posts).
            rows = try await db.withTransaction { connection in
                try connection.query("SET LOCAL enable_bitmapscan = off")
                return try connection.query(sql, values, planning: .forTheseValues)
            }
        } else {
            rows = try await db.query(sql, values, planning: .forTheseValues)
        }
        // One row carries the count even when the page is empty (past the last page).
        let hits = try rows.filter { try $0.decode("id", as: Int?.self) != nil }.map { row in
            SearchHit(
                postID: try row.decode("id"), position: try row.decode("position"), threadID: try row.decode("thread_id"),
                threadSlug: try row.decode("slug"), threadTitle: try row.decode("title"),
                threadPostCount: try row.decode("post_count"),
                categorySlug: try row.decode("category_slug"), categoryName: try row.decode("category_name"),
                authorUsername: try row.decode("username"), authorSchool: try row.decode("school_name"),
                createdAt: try row.decode("created_at"), snippet: Self.highlight(try row.decode("snippet")))
        }
        let counted = try rows.first?.decode("total", as: Int.self) ?? 0
        let lowerBound = counted > Self.maxResults
        let total = min(counted, Self.maxResults)
        return Results(hits: hits, total: total, isTotalALowerBound: lowerBound, page: page.number,
                       pageCount: Page.count(items: total, size: page.size))
    }

    /// Splits the snippet at the markers ts_headline put around matches. The parts stay text:
    /// the view escapes them and marks the matched ones.
    static func highlight(_ snippet: String) -> [SnippetPart] {
        var parts: [SnippetPart] = []
        for (index, piece) in snippet.components(separatedBy: startMarker).enumerated() {
            if index == 0 {
                if !piece.isEmpty { parts.append(SnippetPart(text: piece, matched: false)) }
                continue
            }
            let halves = piece.components(separatedBy: stopMarker)
            if let matched = halves.first, !matched.isEmpty { parts.append(SnippetPart(text: matched, matched: true)) }
            let rest = halves.dropFirst().joined()
            if !rest.isEmpty { parts.append(SnippetPart(text: rest, matched: false)) }
        }
        return parts
    }
}

extension Search {
    /// What the filters offer this member: the categories they may see, every school and every
    /// journey element, as (slug, name), in one query.
    public func filterChoices(for member: Member) async throws -> (categories: [(slug: String, name: String)],
                                                                   schools: [(slug: String, name: String)],
                                                                   elements: [(slug: String, name: String)]) {
        let rows = try await db.query("""
            SELECT 'category' AS kind, slug, name, position AS sort, name AS tiebreak FROM categories c
            WHERE c.visibility = 'members' OR $1
            UNION ALL
            SELECT 'school', slug, name, 0, name FROM schools
            UNION ALL
            SELECT 'element', slug, name, position, name FROM journey_elements
            ORDER BY kind, sort, tiebreak
            """, [member.role.canModerate])
        var categories: [(slug: String, name: String)] = [], schools: [(slug: String, name: String)] = []
        var elements: [(slug: String, name: String)] = []
        for row in rows {
            let choice = (slug: try row.decode("slug", as: String.self), name: try row.decode("name", as: String.self))
            switch try row.decode("kind", as: String.self) {
            case "category": categories.append(choice)
            case "school": schools.append(choice)
            default: elements.append(choice)
            }
        }
        return (categories, schools, elements)
    }
}
