import Forum
import Postgres
import TestSupport
import Testing

/// `roundtable seed --scale N`, which the benchmarks stand on, loads searchable content in one
/// go: the search index it drops for the bulk insert is back, and search finds the words.
@Suite struct ScaleSeedTests {
    @Test func scaleContentIsLoadedOnceAndSearchable() async throws {
        try await TestDatabase.with { db in
            let services = makeTestServices(db)
            let before: Int64 = try await db.query("SELECT n FROM search_generation")[0].decode("n")
            let loaded = try #require(try await ScaleSeed(services: services).load(posts: 600))
            #expect(loaded.posts >= 600)  // whole threads of 20
            #expect(try await db.query("SELECT count(*) FROM posts")[0].decode(0, as: Int.self) == loaded.posts)
            let indexes = try await db.query(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'posts' AND indexdef LIKE '%(search_vector%'")
            #expect(!indexes.isEmpty)
            // Kept search results made before the load are not served after it.
            let after: Int64 = try await db.query("SELECT n FROM search_generation")[0].decode("n")
            #expect(after > before)
            let member = try #require(try await services.accounts.member(username: "scale1"))
            let results = try await services.search.run(.init(text: "students"), for: member)
            #expect(results.total > 10)
            #expect(try await ScaleSeed(services: services).load(posts: 600) == nil)
        }
    }
}
