import Foundation
import Postgres

/// Full-text search over the posts a member may see, through `posts.search_vector`.
///
/// Ranking every match is what made search slow: a common word matches a fifth of all posts.
/// So a search first estimates, from the planner's statistics, how many posts its words match,
/// and picks one of three ways (`Strategy`), each costing about as much at a million posts as
/// at a thousand:
/// - few matches (up to `exactRankLimits`): every match is ranked (with RUM inside the index,
///   reading no rows; with GIN by reading each match);
/// - more: a window of the newest posts, sized to hold about `maxResults` matches, whose
///   matches come from the window index over words and blocks of ids
///   (sql/101_search_window_levels.sql), widened to every post when it held fewer; its newest
///   `maxResults` + 1 matches are ranked. A wide window is read in two halves at once, on two
///   connections (`Windowing.halvingWidth`).
/// Newest-first order never ranks. Every statement is planned with its values in hand, since
/// the right plan for a rare word (the index, ranked) and a common one (a window) differ.
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

        // Measured at a million posts: RUM hands out 3,600 matches in rank order in ~9 ms and
        // 36,000 in ~80 ms; a window holding 1,250 of them costs ~30 ms whatever their number.
        public init(rum: Int = 5_000, gin: Int = 1_000) {
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

    /// How wide a window of the newest posts is, for a search with too many matches to rank
    /// them all: about `maxResults` / (the words' share of posts) posts, times `margin`.
    public struct Windowing: Sendable {
        /// The window is sized to hold this many times `maxResults` matches by the estimate, so
        /// that an estimate a little high rarely leaves it short (and widened).
        public var margin: Double
        /// Windows at least this wide are read in two halves at once, on two connections (two
        /// cores): each half's newest matches, merged. Measured at a million posts, the phrase's
        /// window of 206,000 posts: 28-33 ms of the database in one statement, 14-17 ms for each
        /// half, at once.
        public var halvingWidth: Int64

        public init(margin: Double = 1.25, halvingWidth: Int64 = 32_768) {
            self.margin = margin
            self.halvingWidth = halvingWidth
        }
    }

    let db: PostgresClient
    let exactRankLimits: ExactRankLimits
    let windowing: Windowing
    /// Recent results (nil: every search reads the database).
    let cache: SearchCache?
    /// Recent estimates (nil: every search reads the statistics).
    let estimates: SearchEstimates?

    public init(db: PostgresClient, exactRankLimits: ExactRankLimits = .init(), windowing: Windowing = .init(),
                cache: SearchCache? = nil, estimates: SearchEstimates? = nil) {
        self.db = db
        self.exactRankLimits = exactRankLimits
        self.windowing = windowing
        self.cache = cache
        self.estimates = estimates
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
    /// planner's statistics (0 when they have none yet: a new forum is small), out of how many
    /// posts, the newest of which has id `newestID`.
    struct Estimate: Sendable {
        var indexKind: SearchIndexKind
        var matches: Double
        var posts: Double
        var newestID: Int64
    }

    /// How one search runs: its plan, and how it finds the matches.
    struct Strategy: Equatable {
        enum Access: Equatable {
            /// As the planner sees fit (few matches: through the search index).
            case index
            /// The matches among the posts from this id on (nil: every post, as for a window
            /// that held too few matches, widened), through the window index.
            case window(from: Int64?)
        }

        var plan: Plan
        var access: Access
    }

    static func strategy(order: SearchQuery.Order, estimate: Estimate, exactRankLimits: ExactRankLimits,
                         windowing: Windowing) -> Strategy {
        let plan: Plan = order == .newest ? .newest : .rankedNewestCandidates
        if estimate.matches <= Double(exactRankLimits.limit(estimate.indexKind)) {
            switch order {
            case .newest: return Strategy(plan: .newest, access: .index)
            case .best: return Strategy(plan: estimate.indexKind == .rum ? .rankedInIndex : .rankedAll, access: .index)
            }
        }
        // Posts in a window holding about `margin` × (maxResults + 1) matches, if matches are
        // spread evenly.
        let width = windowing.margin * estimate.posts * Double(maxResults + 1) / estimate.matches
        // A window as wide as the table is none. (Also bounds the conversion, Int64(_:) traps,
        // and catches statistics that make no sense: NaN compares false.)
        guard width.isFinite, width < estimate.posts, width < Double(estimate.newestID) else {
            return Strategy(plan: plan, access: .window(from: nil))
        }
        return Strategy(plan: plan, access: .window(from: estimate.newestID - Int64(width.rounded(.up))))
    }

    /// The window index's keys (sql/101_search_window_levels.sql) for the posts from id `from`
    /// on: the blocks that cover it up to one block of 262,144 past the newest post's (posts
    /// written since `newestID` was read are in the window too).
    static func windowKeys(from: Int64, newestID: Int64) -> [Int64] {
        windowKeys(from: from, before: (min(max(newestID, 0), 1 << 60) / 262_144 + 2) * 262_144)
    }

    /// The keys for the ids from `from`'s block of 1,024 up to `end` (a multiple of 1,024), as the
    /// fewest whole blocks: smaller ones up to a boundary of the next size, then the largest that
    /// fit, then smaller again. The caller also asks for `id >= from`.
    static func windowKeys(from: Int64, before end: Int64) -> [Int64] {
        let sizes: [Int64] = [1_024, 16_384, 262_144], offsets: [Int64] = [0, 1 << 61, 1 << 62]
        // Ids are far below 2^60, and a window spans far fewer than 2^32 of them (16,384 blocks
        // of the largest size): the bounds keep odd input from trapping or running long.
        var start = min(max(from, 0), 1 << 60) / 1_024 * 1_024
        let end = min(end, start + (1 << 32))
        var keys: [Int64] = []
        func take(_ level: Int) {
            keys.append(offsets[level] + start / sizes[level])
            start += sizes[level]
        }
        for level in 0..<2 {
            while start % sizes[level + 1] != 0, start + sizes[level] <= end { take(level) }
        }
        for level in (0..<3).reversed() {
            while start + sizes[level] <= end { take(level) }
        }
        return keys
    }

    public func indexKind() async throws -> SearchIndexKind {
        let rows = try await db.query("SELECT index_kind FROM search_settings")
        return try rows.first.flatMap { SearchIndexKind(rawValue: try $0.decode("index_kind")) } ?? .gin
    }

    func estimate(_ text: String) async throws -> Estimate {
        if let kept = estimates?.estimate(for: text) { return kept }
        let estimate = try await readEstimate(text)
        estimates?.keep(estimate, for: text)
        return estimate
    }

    private func readEstimate(_ text: String) async throws -> Estimate {
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
                   (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'posts'::regclass)::float8 AS posts,
                   coalesce((SELECT max(id) FROM posts), 0) AS newest_id,
                   coalesce(CASE WHEN $2 THEN (SELECT max(share * posts) FROM frequencies)
                                 WHEN (SELECT min(share) FROM frequencies) = 0 THEN 0
                                 ELSE (SELECT exp(sum(ln(share))) * max(posts) FROM frequencies) END, 0)::float8 AS matches
            """, [required, disjunctive], planning: .forTheseValues)
        guard let row = rows.first else { return Estimate(indexKind: .gin, matches: 0, posts: 0, newestID: 0) }
        let kind = SearchIndexKind(rawValue: try row.decode("index_kind") as String? ?? "") ?? .gin
        return Estimate(indexKind: kind, matches: try row.decode("matches"), posts: try row.decode("posts"),
                        newestID: try row.decode("newest_id"))
    }

    /// The searched words as a tsquery. Written out wherever it is used (rather than read from a
    /// CTE) so that the planner sees its value and estimates how many posts match: that
    /// estimate is what picks the newest-first scan for a common word and the index for a rare one.
    static let tsquerySQL = "websearch_to_tsquery('english', $1)"

    /// The filters every variant applies, over `posts p` alone. Constant SQL; the values are
    /// parameters $1-$8, $12 (the journey element), $13 (the window's first post id, or NULL:
    /// planned with its value, a NULL drops the condition from the plan), $14 (the window
    /// index's keys for it, `windowKeys`) and $15 (the id the window ends before, or NULL: past
    /// the newest post). `+ 0` keeps the primary key out of the window,
    /// whose bitmap of a wide range costs more than the rest. Neither the visibility rule
    /// (`PostVisibility.listedPostSQL`) nor the category and journey filters (a scalar subquery
    /// per post, planned away when both are empty) join threads: so a scan of posts in rank
    /// order (RUM) can stop after a page instead of joining every match first.
    static let filterSQL = """
        p.search_vector @@ \(tsquerySQL)
          AND \(PostVisibility.listedPostSQL(moderator: "$2"))
          AND ($3 = '' AND $12 = '' OR coalesce((
                SELECT true FROM threads t JOIN categories c ON c.id = t.category_id
                WHERE t.id = p.thread_id AND ($3 = '' OR c.slug = $3)
                  AND ($12 = '' OR t.journey_element_id = (SELECT id FROM journey_elements WHERE slug = $12))), false))
          AND ($4 = '' OR p.author_id = (SELECT id FROM users WHERE lower(username) = lower($4)))
          AND ($5 = '' OR p.author_id IN (SELECT u.id FROM users u JOIN schools s ON s.id = u.school_id
                                          WHERE s.slug = $5))
          AND ($6::timestamptz IS NULL OR p.created_at >= $6::timestamptz)
          AND ($7::timestamptz IS NULL OR p.created_at < $7::timestamptz)
          AND ($8::bigint IS NULL OR p.thread_id = $8::bigint)
          AND ($13::bigint IS NULL OR (\(windowKeysSQL) && $14::bigint[] AND p.id + 0 >= $13::bigint))
          AND ($15::bigint IS NULL OR p.id + 0 < $15::bigint)
        """

    /// The window index's expression (sql/101_search_window_levels.sql), written as it is there.
    static let windowKeysSQL = "ARRAY[p.id / 1024, 2305843009213693952 + p.id / 16384, 4611686018427387904 + p.id / 262144]"

    static let matchesFrom = "FROM posts p"

    /// How one search finds its page of post ids, each with the key that orders them (smaller
    /// first, then newer), and its count (`counted`, at most `maxResults` + 1). Constant SQL;
    /// $9 is the page size, $10 the offset, $11 `maxResults` + 1 (and $1-$8, $12-$15 `filterSQL`'s).
    enum Plan {
        /// Newest first: the newest `maxResults` + 1 matches (of a window for a common word),
        /// both paged and counted.
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
        guard let cache else { return try await search(query, text: text, page: page, for: member) }
        var normalized = query
        normalized.text = text
        normalized.page = page.number
        let key = SearchCache.Key(query: normalized, moderator: member.role.canModerate)
        // Read before searching: a change committed meanwhile moves the counter past this value,
        // so what this search read is not kept as current.
        guard let generation = try await db.query("SELECT n FROM search_generation").first?.decode("n", as: Int64.self) else {
            return try await search(query, text: text, page: page, for: member)
        }
        if let kept = cache.results(for: key, at: generation) { return kept }
        let results = try await search(query, text: text, page: page, for: member)
        cache.keep(results, for: key, readAt: generation)
        return results
    }

    private func search(_ query: SearchQuery, text: String, page: Page, for member: Member) async throws -> Results {
        guard try await filtersCanMatch(query, for: member) else {
            return Results(hits: [], total: 0, isTotalALowerBound: false, page: 1, pageCount: 1)
        }
        let estimate = try await estimate(text)
        let strategy = Self.strategy(order: query.order, estimate: estimate, exactRankLimits: exactRankLimits,
                                     windowing: windowing)
        var rows = try await fetch(query, text: text, page: page, for: member, strategy, newestID: estimate.newestID)
        var counted = try rows.first?.decode("total", as: Int.self) ?? 0
        if case .window(from: .some) = strategy.access, counted <= Self.maxResults {
            // The window held fewer matches than can be shown (the estimate was high, or the
            // filters keep few): every post is searched.
            rows = try await fetch(query, text: text, page: page, for: member,
                                   Strategy(plan: strategy.plan, access: .window(from: nil)), newestID: estimate.newestID)
            counted = try rows.first?.decode("total", as: Int.self) ?? 0
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
        let lowerBound = counted > Self.maxResults
        let total = min(counted, Self.maxResults)
        return Results(hits: hits, total: total, isTotalALowerBound: lowerBound, page: page.number,
                       pageCount: Page.count(items: total, size: page.size))
    }

    /// Whether every filter names something that exists and the member may see. A filter that
    /// keeps none of a word's matches would otherwise read all of them, widening the window to
    /// every post (seconds for a common word at a million posts, for a mistyped address).
    private func filtersCanMatch(_ query: SearchQuery, for member: Member) async throws -> Bool {
        guard !query.categorySlug.isEmpty || !query.authorUsername.isEmpty || !query.schoolSlug.isEmpty
                || !query.elementSlug.isEmpty || query.threadID != nil else { return true }
        let rows = try await db.query("""
            SELECT ($2 = '' OR EXISTS (SELECT 1 FROM categories c
                                       WHERE c.slug = $2 AND \(PostVisibility.categoryListedSQL(moderator: "$1"))))
               AND ($3 = '' OR EXISTS (SELECT 1 FROM users WHERE lower(username) = lower($3)))
               AND ($4 = '' OR EXISTS (SELECT 1 FROM schools WHERE slug = $4))
               AND ($5 = '' OR EXISTS (SELECT 1 FROM journey_elements WHERE slug = $5))
               AND ($6::bigint IS NULL OR EXISTS (SELECT 1 FROM threads t JOIN categories c ON c.id = t.category_id
                                                  WHERE t.id = $6::bigint
                                                    AND \(PostVisibility.threadListedSQL(moderator: "$1"))))
                   AS can_match
            """, [member.role.canModerate, query.categorySlug, query.authorUsername, query.schoolSlug, query.elementSlug,
                  query.threadID])
        return try rows.first?.decode("can_match") ?? false
    }

    /// One page of a search and its count, as rows (see `Plan` and `resultsSQL`).
    private func fetch(_ query: SearchQuery, text: String, page: Page, for member: Member,
                       _ strategy: Strategy, newestID: Int64) async throws -> PostgresRows {
        // $1-$8 and $12-$15 (the window: from, its keys, the id it ends before) for `filterSQL`,
        // $9-$11 for `Plan`.
        func parameters(window: (from: Int64, end: Int64?)?) -> [(any PostgresEncodable)?] {
            var keysText: String?
            if let window {
                let keys = window.end.map { Self.windowKeys(from: window.from, before: $0) }
                    ?? Self.windowKeys(from: window.from, newestID: newestID)
                keysText = "{" + keys.map(String.init).joined(separator: ",") + "}"
            }
            return [text, member.role.canModerate, query.categorySlug, query.authorUsername, query.schoolSlug,
                    query.from, query.through.map { $0.addingTimeInterval(86_400) }, query.threadID,
                    page.size, page.offset, Self.maxResults + 1,
                    query.elementSlug, window?.from, keysText, window?.end]
        }
        var window: (from: Int64, end: Int64?)?
        if case .window(let from?) = strategy.access { window = (from, nil) }
        if let from = window?.from, newestID - from >= windowing.halvingWidth, strategy.plan != .rankedInIndex {
            // Halves end and start on a block of 1,024, so each is asked for in whole blocks.
            let middle = (from + (newestID - from) / 2) / 1_024 * 1_024
            if middle > from {
                return try await fetchInHalves(strategy.plan, text: text, page: page,
                                               newer: parameters(window: (middle, nil)),
                                               older: parameters(window: (from, middle)))
            }
        }
        let sql = "WITH \(strategy.plan.sql)\n\(Self.resultsSQL(snippetParameters: 16))"
        let values = parameters(window: window) + snippetParameters
        // The planner prices RUM's rank-ordered scan far above a bitmap scan and a sort, which
        // reads and ranks every match (0.8 s against 80 ms for a word in 36,000 posts, measured
        // at a million posts).
        guard strategy.plan == .rankedInIndex else { return try await db.query(sql, values, planning: .forTheseValues) }
        return try await db.withTransaction { connection in
            try connection.query("SET LOCAL enable_bitmapscan = off")
            return try connection.query(sql, values, planning: .forTheseValues)
        }
    }

    /// The newest matches of two halves of a window, read at once on two connections, merged
    /// (the newer half's all come first), then paged here and shown by one more statement.
    private func fetchInHalves(_ plan: Plan, text: String, page: Page, newer: [(any PostgresEncodable)?],
                               older: [(any PostgresEncodable)?]) async throws -> PostgresRows {
        // The plan's other CTEs (page, counted) go unused: PostgreSQL doesn't run them.
        let sql = """
            WITH \(plan.sql)
            SELECT id, \(plan == .newest ? "0::float8" : "sort_key") AS sort_key FROM candidates ORDER BY id DESC
            """
        async let newerRows = db.query(sql, newer, planning: .forTheseValues)
        async let olderRows = db.query(sql, older, planning: .forTheseValues)
        let (newerHalf, olderHalf) = try await (newerRows, olderRows)
        var candidates: [(id: Int64, sortKey: Double)] = try [newerHalf, olderHalf].joined().prefix(Self.maxResults + 1).map {
            (try $0.decode("id"), try $0.decode("sort_key"))
        }
        if plan != .newest {
            candidates.sort { $0.sortKey != $1.sortKey ? $0.sortKey < $1.sortKey : $0.id > $1.id }
        }
        let shown = candidates.dropFirst(page.offset).prefix(page.size).map { String($0.id) }
        return try await db.query("""
            WITH page AS (SELECT m.id, m.ordinal::float8 AS sort_key
                          FROM unnest($2::bigint[]) WITH ORDINALITY AS m(id, ordinal)),
            counted AS (SELECT $3::int AS total)
            \(Self.resultsSQL(snippetParameters: 4))
            """, [text, "{" + shown.joined(separator: ",") + "}", candidates.count] + snippetParameters)
    }

    /// Four parameters for ts_headline: characters removed from the text, the markers, how much
    /// text it reads.
    private var snippetParameters: [(any PostgresEncodable)?] {
        [Self.startMarker + Self.stopMarker, Self.startMarker, Self.stopMarker, Self.headlineSourceLimit]
    }

    /// The page as the results show it, from CTEs `page (id, sort_key)` and `counted (total)`:
    /// every row carries the count, and an empty page is one row of NULLs with it. $1 is the
    /// searched text; the snippet's four parameters start at `snippetParameters`. The post's
    /// text and the costly headline are read for one page only.
    static func resultsSQL(snippetParameters first: Int) -> String {
        """
        SELECT p.id, p.position, p.thread_id, p.created_at, t.slug, t.title, t.post_count,
               c.slug AS category_slug, c.name AS category_name, counted.total, u.username,
               s.name AS school_name,
               ts_headline('english', left(translate(p.body_source, $\(first), ''), $\(first + 3)), \(tsquerySQL),
                           'StartSel=' || $\(first + 1) || ', StopSel=' || $\(first + 2) || ', MaxWords=35, MinWords=12, MaxFragments=2')
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
