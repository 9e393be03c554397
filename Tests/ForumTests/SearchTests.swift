@testable import Forum
import Foundation
import Postgres
import TestSupport
import Testing

/// Search over both indexes the migrations can choose: RUM when the extension is installed,
/// GIN when it is not (or `roundtable.search_index = gin` says so). Each test runs on a
/// database migrated for that index.
@Suite struct SearchTests {
    /// A database migrated with the given search index, or nil when RUM was asked for and this
    /// server doesn't have the extension (then the GIN run covers the fallback).
    func withSearchDatabase(_ kind: SearchIndexKind, _ body: (PostgresClient) async throws -> Void) async throws {
        let conninfo = try await TestDatabase.makeEmptyDatabase()
        let setup = PostgresClient(configuration: .init(conninfo: conninfo, poolSize: 1))
        let name: String = try await setup.query("SELECT current_database()")[0].decode(0)
        let rumAvailable = try await setup.query("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'").count > 0
        if kind == .gin {
            // The same switch an operator has (PGOPTIONS='-c roundtable.search_index=gin').
            try await setup.query("ALTER DATABASE \"\(name)\" SET roundtable.search_index = 'gin'")
        }
        await setup.shutdown()
        guard kind == .gin || rumAvailable else { return }
        let db = PostgresClient(configuration: .init(conninfo: conninfo, poolSize: 2))
        do {
            try await Migrator(directory: TestDatabase.packageRoot.appendingPathComponent("sql")).migrate(db)
            try await body(db)
        } catch {
            await db.shutdown()
            throw error
        }
        await db.shutdown()
    }

    struct World {
        var services: ForumServices
        var sam: Member
        var ana: Member
        var maya: Member
    }

    func makeWorld(_ db: PostgresClient, exactRankLimits: Search.ExactRankLimits = .init()) async throws -> (World, Search) {
        let services = makeTestServices(db)
        _ = try await services.directory.createSchool(slug: "north", name: "North High")
        _ = try await services.directory.createSchool(slug: "south", name: "South Academy")
        try await services.directory.createCategory(slug: "general", name: "General")
        try await services.directory.createCategory(slug: "staff", name: "Staff", visibility: .moderators)
        let world = World(services: services,
                          sam: try await makeMember(services, username: "sam", school: "north"),
                          ana: try await makeMember(services, username: "ana", school: "south"),
                          maya: try await makeMember(services, username: "maya", role: .moderator, school: "north"))
        return (world, Search(db: db, exactRankLimits: exactRankLimits))
    }

    func titles(_ results: Search.Results) -> [String] { results.hits.map(\.threadTitle) }

    /// Writes `count` posts by `author` into `thread` after `position`, in one statement (through
    /// the services it would take minutes). `body` is constant SQL over `g`, 1 to `count`.
    func insertPosts(_ db: PostgresClient, thread: Int, author: Int, after position: Int = 1, count: Int,
                     body: String) async throws {
        try await db.query("""
            INSERT INTO posts (thread_id, author_id, position, body_source, body_html)
            SELECT $1, $2, $3 + g, \(body), '<p>' || \(body) || '</p>' FROM generate_series(1, $4) g
            """, [thread, author, position, count])
    }

    @Test(arguments: [SearchIndexKind.rum, .gin])
    func theMigrationRecordsWhichIndexItChose(_ kind: SearchIndexKind) async throws {
        try await withSearchDatabase(kind) { db in
            #expect(try await Search(db: db).indexKind() == kind)
            let names = try await db.query("SELECT indexname FROM pg_indexes WHERE tablename = 'posts'").map { try $0.decode(0, as: String.self) }
            #expect(names.contains("posts_search_window_idx"))
            #expect(!names.contains("posts_id_brin_idx") && !names.contains("posts_search_idx"))
            // The search writes the window index's expression exactly as the migration did (else
            // no window would be read through it): compared as PostgreSQL prints both.
            let indexed: String = try await db.query(
                "SELECT pg_get_indexdef('posts_search_window_idx'::regclass, 2, true)")[0].decode(0)
            let searched = try await db.withTransaction { connection in
                try connection.query("CREATE TEMP VIEW window_keys AS SELECT \(Search.windowKeysSQL) AS keys FROM posts p")
                defer { _ = try? connection.query("DROP VIEW window_keys") }
                return try connection.query("SELECT pg_get_viewdef('window_keys'::regclass, true)")[0].decode(0, as: String.self)
            }
            #expect(indexed.hasPrefix("(ARRAY[id / 1024,"))
            #expect(searched.replacingOccurrences(of: "p.id", with: "id").contains(indexed.dropFirst().dropLast()),
                    "\(searched) against \(indexed)")
            let indexes = try await db.query("SELECT indexdef FROM pg_indexes WHERE tablename = 'posts'")
                .map { try $0.decode("indexdef", as: String.self) }
            #expect(indexes.contains { $0.contains("USING \(kind.rawValue)") && $0.contains("search_vector") })
        }
    }

    @Test(arguments: [SearchIndexKind.rum, .gin])
    func filtersNarrowWhatIsFound(_ kind: SearchIndexKind) async throws {
        try await withSearchDatabase(kind) { db in
            let (w, search) = try await makeWorld(db)
            let d = w.services.discussions
            let grading = try await d.startThread(by: w.sam, inCategory: "general", title: "Standards-based grading",
                                                  body: "We moved our transcript to standards.", kind: .discussion)
            _ = try await d.reply(by: w.ana, toThread: grading.threadID, body: "Our transcript kept letter grades too.")
            let other = try await d.startThread(by: w.ana, inCategory: "general", title: "Pacing guides",
                                                body: "The transcript question came up again.", kind: .feedback)
            _ = try await d.startThread(by: w.maya, inCategory: "staff", title: "Staff only",
                                        body: "Confidential transcript budget.", kind: .discussion)

            #expect(try await search.run(.init(text: "transcript"), for: w.sam).total == 3)
            #expect(try await search.run(.init(text: "transcript"), for: w.maya).total == 4)
            let bySchool = try await search.run(.init(text: "transcript", schoolSlug: "south"), for: w.sam)
            #expect(bySchool.total == 2)
            #expect(bySchool.hits.allSatisfy { $0.authorUsername == "ana" && $0.authorSchool == "South Academy" })
            #expect(try await search.run(.init(text: "transcript", authorUsername: "SAM"), for: w.sam).total == 1)
            let inThread = try await search.run(.init(text: "transcript", threadID: grading.threadID), for: w.sam)
            #expect(inThread.hits.map(\.position).sorted() == [1, 2])
            #expect(inThread.hits.allSatisfy { $0.threadPostCount == 2 })
            #expect(try await search.run(.init(text: "transcript", threadID: other.threadID + 1_000), for: w.sam).total == 0)
            #expect(try await search.run(.init(text: "transcript", categorySlug: "staff"), for: w.sam).total == 0)
            #expect(try await search.run(.init(text: "transcript", categorySlug: "staff"), for: w.maya).total == 1)

            // Days as the search form gives them: midnight UTC, `through` meaning to the end of that day.
            let today = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
            let tomorrow = today.addingTimeInterval(86_400)
            let yesterday = today.addingTimeInterval(-86_400)
            #expect(try await search.run(.init(text: "transcript", from: tomorrow), for: w.sam).total == 0)
            #expect(try await search.run(.init(text: "transcript", through: yesterday), for: w.sam).total == 0)
            #expect(try await search.run(.init(text: "transcript", from: yesterday, through: today), for: w.sam).total == 3)
            #expect(try await search.run(.init(text: "transcript", from: today, through: today), for: w.sam).total == 3)

            try await db.query("INSERT INTO journey_elements (slug, name) VALUES ('reporting', 'Transcripts and reporting')")
            _ = try await d.startThread(by: w.sam, inCategory: "general", title: "Tagged", body: "A tagged transcript plan.",
                                        kind: .discussion, element: "reporting")
            let tagged = try await search.run(.init(text: "transcript", elementSlug: "reporting"), for: w.sam)
            #expect(titles(tagged) == ["Tagged"])
            #expect(try await search.run(.init(text: "transcript", elementSlug: "unknown"), for: w.sam).total == 0)
            #expect(try await search.run(.init(text: "transcript -letter -tagged"), for: w.sam).total == 2)
            #expect(titles(try await search.run(.init(text: "\"letter grades\""), for: w.sam)) == ["Standards-based grading"])
            let newest = try await search.run(.init(text: "transcript", order: .newest), for: w.sam)
            #expect(newest.hits.map(\.postID) == newest.hits.map(\.postID).sorted(by: >))
            #expect(newest.hits.first?.threadTitle == "Tagged")
        }
    }

    @Test(arguments: [SearchIndexKind.rum, .gin])
    func hiddenAndDeletedTextIsNeverFound(_ kind: SearchIndexKind) async throws {
        try await withSearchDatabase(kind) { db in
            let (w, search) = try await makeWorld(db)
            let thread = try await w.services.discussions.startThread(
                by: w.sam, inCategory: "general", title: "Rubrics", body: "A rubric for essays.", kind: .discussion)
            let hidden = try await w.services.discussions.reply(by: w.ana, toThread: thread.threadID, body: "zanzibarian rubric secret")
            let deleted = try await w.services.discussions.reply(by: w.ana, toThread: thread.threadID, body: "quixotical rubric notes")
            _ = try await w.services.moderation.hidePost(hidden.postID, by: w.maya, reason: "spam")
            _ = try await w.services.posts.delete(deleted.postID, by: w.ana)
            for reader in [w.sam, w.ana, w.maya] {
                #expect(try await search.run(.init(text: "zanzibarian"), for: reader).total == 0)
                #expect(try await search.run(.init(text: "quixotical"), for: reader).total == 0)
                #expect(try await search.run(.init(text: "rubric", order: .newest), for: reader).total == 1)
            }
            // A deleted thread's posts are found by no one, through the index or a window,
            // and again once it is restored.
            let windowed = Search(db: db, exactRankLimits: .init(rum: 0, gin: 0))
            _ = try await w.services.moderation.moderate(.delete, thread: thread.threadID, by: w.maya, reason: nil)
            for reader in [w.sam, w.maya] {
                for search in [search, windowed] {
                    for order in SearchQuery.Order.allCases {
                        #expect(try await search.run(.init(text: "rubric", order: order), for: reader).total == 0)
                    }
                }
            }
            _ = try await w.services.moderation.moderate(.restore, thread: thread.threadID, by: w.maya, reason: nil)
            #expect(try await windowed.run(.init(text: "rubric"), for: w.sam).total == 1)
        }
    }

    /// With an exact-rank limit below the number of matches, a common word ranks the newest
    /// matches instead of all of them: the strongest match among them still comes first, and
    /// the pages hold every candidate once.
    @Test(arguments: [SearchIndexKind.rum, .gin])
    func aCommonWordRanksTheNewestMatches(_ kind: SearchIndexKind) async throws {
        try await withSearchDatabase(kind) { db in
            let (w, search) = try await makeWorld(db, exactRankLimits: .init(rum: 5, gin: 5))
            let thread = try await w.services.discussions.startThread(
                by: w.sam, inCategory: "general", title: "Portfolio reviews", body: "portfolio", kind: .discussion)
            for index in 1...44 {
                _ = try await w.services.discussions.reply(by: w.ana, toThread: thread.threadID, body: "Reply \(index) about the portfolio.")
            }
            _ = try await w.services.discussions.reply(
                by: w.sam, toThread: thread.threadID, body: "Portfolio, portfolio, portfolio: the portfolio is the transcript.")
            try await db.query("ANALYZE posts")
            let first = try await search.run(.init(text: "portfolio"), for: w.sam)
            #expect(first.total == 46)
            #expect(first.pageCount == 3)
            #expect(first.hits.first?.position == 46 || first.hits.first?.position == 1)
            var seen = Set(first.hits.map(\.postID))
            for page in 2...3 {
                seen.formUnion(try await search.run(.init(text: "portfolio", page: page), for: w.sam).hits.map(\.postID))
            }
            #expect(seen.count == 46)
            let exact = try await Search(db: db).run(.init(text: "portfolio"), for: w.sam)
            #expect(exact.total == 46)
        }
    }

    /// Windows of the newest posts of a word too common to rank every match: as sized by
    /// default, sized for exactly the matches needed, wide (blocks of every size), and read in
    /// two halves at once.
    static let windowings: [(name: String, windowing: Search.Windowing)] = [
        ("chosen", .init()), ("exact", .init(margin: 1)), ("wide", .init(margin: 2.5)),
        ("exact, in halves", .init(margin: 1, halvingWidth: 1_024)),
    ]

    @Test(arguments: [SearchIndexKind.rum, .gin], [0, 1, 2, 3])
    func countsStopAtTheLastPageThatCanBeShown(_ kind: SearchIndexKind, _ windowing: Int) async throws {
        try await withSearchDatabase(kind) { db in
            let (w, _) = try await makeWorld(db)
            let search = Search(db: db, exactRankLimits: .init(rum: 5, gin: 5), windowing: Self.windowings[windowing].windowing)
            let thread = try await w.services.discussions.startThread(
                by: w.sam, inCategory: "general", title: "Attendance", body: "attendance", kind: .discussion)
            // 2,000 older posts without the word, then 1,010 more matches, written in one statement
            // each (through the services it would take minutes): a window of the newest ~3,000
            // posts holds every match.
            try await insertPosts(db, thread: thread.threadID, author: w.ana.id, count: 2000, body: "'punctuality note ' || g")
            try await insertPosts(db, thread: thread.threadID, author: w.ana.id, after: 2001, count: 1010,
                                  body: "'attendance note ' || g")
            try await db.query("ANALYZE posts")
            for order in SearchQuery.Order.allCases {
                let results = try await search.run(.init(text: "attendance", order: order, page: 999), for: w.sam)
                #expect(results.total == Search.maxResults, "\(Self.windowings[windowing].name), \(order)")
                #expect(results.isTotalALowerBound)
                #expect(results.page == Search.maxResults / Search.perPage)
                #expect(results.hits.count == Search.perPage)
                // Newest first means newest first, whichever way the matches were found.
                let first = try await search.run(.init(text: "attendance", order: .newest), for: w.sam)
                #expect(first.hits.first?.position == 3011)
            }
        }
    }

    /// A window read in two halves at once gives the same count and pages, in the same order,
    /// as one statement over it, with the matches spread over both halves.
    @Test(arguments: [SearchIndexKind.rum, .gin])
    func halvesOfAWindowGiveTheSamePages(_ kind: SearchIndexKind) async throws {
        try await withSearchDatabase(kind) { db in
            let (w, _) = try await makeWorld(db)
            let thread = try await w.services.discussions.startThread(
                by: w.sam, inCategory: "general", title: "Advisory", body: "advisory", kind: .discussion)
            // Every other post matches, some more strongly (ranks differ), one is hidden.
            try await insertPosts(db, thread: thread.threadID, author: w.ana.id, count: 3000,
                                  body: "CASE WHEN g % 2 = 0 THEN repeat('advisory ', 1 + g % 3) ELSE 'other ' END || 'note ' || g")
            try await db.query("UPDATE posts SET hidden_at = now() WHERE thread_id = $1 AND position = 2001", [thread.threadID])
            try await db.query("ANALYZE posts")
            let whole = Search(db: db, exactRankLimits: .init(rum: 5, gin: 5), windowing: .init(margin: 1, halvingWidth: .max))
            let halves = Search(db: db, exactRankLimits: .init(rum: 5, gin: 5), windowing: .init(margin: 1, halvingWidth: 512))
            for order in SearchQuery.Order.allCases {
                for page in [1, 2, 26, 50, 51] {
                    let one = try await whole.run(.init(text: "advisory", order: order, page: page), for: w.sam)
                    let two = try await halves.run(.init(text: "advisory", order: order, page: page), for: w.sam)
                    #expect(one.total == two.total && one.isTotalALowerBound == two.isTotalALowerBound)
                    #expect(one.hits.map(\.postID) == two.hits.map(\.postID), "\(order), page \(page)")
                    #expect(two.hits.map(\.snippet) == one.hits.map(\.snippet))
                    #expect(!two.hits.contains { $0.position == 2001 })
                }
                #expect(try await halves.run(.init(text: "advisory", order: order), for: w.sam).isTotalALowerBound)
            }
        }
    }

    /// A window too narrow for the page (the estimate was high) is widened to every post: the
    /// count and the pages come out as if every match had been read.
    @Test(arguments: [SearchIndexKind.rum, .gin])
    func aWindowThatHoldsTooFewMatchesIsWidened(_ kind: SearchIndexKind) async throws {
        try await withSearchDatabase(kind) { db in
            let (w, _) = try await makeWorld(db)
            let narrow = Search(db: db, exactRankLimits: .init(rum: 5, gin: 5), windowing: .init(margin: 0.01))
            let thread = try await w.services.discussions.startThread(
                by: w.sam, inCategory: "general", title: "Rubrics", body: "rubric", kind: .discussion)
            try await insertPosts(db, thread: thread.threadID, author: w.ana.id, count: 300,
                                  body: "CASE WHEN g % 3 = 0 THEN 'rubric draft ' ELSE 'other draft ' END || g")
            // A hidden match stays hidden on every path.
            try await db.query("UPDATE posts SET hidden_at = now() WHERE thread_id = $1 AND position = 301", [thread.threadID])
            try await db.query("ANALYZE posts")
            for order in SearchQuery.Order.allCases {
                let results = try await narrow.run(.init(text: "rubric", order: order), for: w.sam)
                #expect(results.total == 100)
                #expect(!results.isTotalALowerBound)
                #expect(results.pageCount == 5)
                var seen = Set<Int>()
                for page in 1...5 {
                    seen.formUnion(try await narrow.run(.init(text: "rubric", order: order, page: page), for: w.sam).hits.map(\.postID))
                }
                #expect(seen.count == 100)
            }
        }
    }
}
