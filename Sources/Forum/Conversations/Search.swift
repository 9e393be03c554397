import Foundation
import Postgres

public struct SearchHit: Sendable {
    public var postID: Int
    public var position: Int
    public var threadID: Int
    public var threadSlug: String
    public var threadTitle: String
    public var categorySlug: String
    public var categoryName: String
    public var authorUsername: String
    public var createdAt: Date
    /// The snippet around the matches, as plain text runs; `matched` ones are what was searched.
    public var snippet: [SnippetPart]
}

public struct SnippetPart: Sendable, Equatable {
    public var text: String
    public var matched: Bool
}

/// Full-text search over the posts a member may see, through `posts.search_vector`.
public struct Search: Sendable {
    public static let perPage = 20
    public static let maxQueryLength = 200
    // Private-use characters: ts_headline puts them around matches, and they are stripped from
    // the text first, so only ts_headline can produce them.
    static let startMarker = "\u{E000}"
    static let stopMarker = "\u{E001}"

    let db: PostgresClient

    public init(db: PostgresClient) {
        self.db = db
    }

    public struct Query: Sendable {
        public var text: String
        public var categorySlug: String
        public var authorUsername: String
        public var page: Int

        public init(text: String, categorySlug: String = "", authorUsername: String = "", page: Int = 1) {
            self.text = text
            // Filters are compared, never parsed; PostgreSQL text just can't hold NUL.
            self.categorySlug = String(categorySlug.filter { $0 != "\0" }.prefix(100))
            self.authorUsername = String(authorUsername.filter { $0 != "\0" }.prefix(100))
            self.page = page
        }

        /// Bounded and free of what PostgreSQL text can't hold; websearch syntax never fails.
        var cleanedText: String {
            var kept = String.UnicodeScalarView()
            var count = 0
            for scalar in text.unicodeScalars where scalar != "\0" && !(0xE000...0xE001).contains(scalar.value) {
                guard count < Search.maxQueryLength else { break }
                kept.append(scalar)
                count += 1
            }
            return String(kept).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    public struct Results: Sendable {
        public var hits: [SearchHit]
        public var total: Int
        public var page: Int
        public var pageCount: Int
    }

    public func run(_ query: Query, for member: Member) async throws -> Results {
        let text = query.cleanedText
        let page = Page(number: min(query.page, 500), size: Self.perPage)
        guard !text.isEmpty else { return Results(hits: [], total: 0, page: 1, pageCount: 1) }
        // Ranking and counting run over narrow rows (id, date, rank); the post's text and the costly
        // headline are read for one page only.
        let rows = try await db.query("""
            WITH q AS (SELECT websearch_to_tsquery('english', $1) AS query),
            matches AS MATERIALIZED (
                SELECT p.id, p.created_at, ts_rank(p.search_vector, q.query) AS rank
                FROM q, posts p
                JOIN threads t ON t.id = p.thread_id
                JOIN categories c ON c.id = t.category_id
                WHERE p.search_vector @@ q.query
                  AND \(PostVisibility.listedSQL(moderator: "$2"))
                  AND ($3 = '' OR c.slug = $3)
                  AND ($4 = '' OR p.author_id = (SELECT id FROM users WHERE lower(username) = lower($4)))
            ),
            -- Materialized once (it's read twice), with narrow rows, so counting doesn't rank twice.
            page AS (
                SELECT m.*, (SELECT count(*) FROM matches) AS total FROM matches m
                ORDER BY m.rank DESC, m.created_at DESC, m.id DESC
                LIMIT $5 OFFSET $6
            )
            SELECT p.id, p.position, p.thread_id, p.created_at, t.slug, t.title, c.slug AS category_slug,
                   c.name AS category_name, m.total, u.username,
                   ts_headline('english', translate(p.body_source, $7, ''), q.query,
                               'StartSel=' || $8 || ', StopSel=' || $9 || ', MaxWords=35, MinWords=12, MaxFragments=2')
                       AS snippet
            FROM page m
            JOIN posts p ON p.id = m.id
            JOIN threads t ON t.id = p.thread_id
            JOIN categories c ON c.id = t.category_id
            JOIN users u ON u.id = p.author_id
            CROSS JOIN q
            ORDER BY m.rank DESC, m.created_at DESC, m.id DESC
            """, [text, member.role.canModerate, query.categorySlug, query.authorUsername, page.size, page.offset,
                  Self.startMarker + Self.stopMarker, Self.startMarker, Self.stopMarker])
        let hits = try rows.map { row in
            SearchHit(
                postID: try row.decode("id"), position: try row.decode("position"), threadID: try row.decode("thread_id"),
                threadSlug: try row.decode("slug"), threadTitle: try row.decode("title"),
                categorySlug: try row.decode("category_slug"), categoryName: try row.decode("category_name"),
                authorUsername: try row.decode("username"), createdAt: try row.decode("created_at"),
                snippet: Self.highlight(try row.decode("snippet")))
        }
        let total = try rows.first?.decode("total", as: Int.self) ?? 0
        return Results(hits: hits, total: total, page: page.number, pageCount: Page.count(items: total, size: page.size))
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
