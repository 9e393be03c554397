@testable import Forum
import Foundation
import Postgres
import TestSupport
import Testing

/// Kept search results are served only while nothing they show has changed: every change a
/// member could notice in a result drops them, at once.
@Suite struct SearchCacheTests {
    struct World {
        var services: ForumServices
        var cache: SearchCache
        var search: Search
        var sam: Member
        var ana: Member
        var maya: Member
        var threadID: Int
    }

    func withWorld(_ body: (World) async throws -> Void) async throws {
        try await TestDatabase.with { db in
            let cache = SearchCache()
            let services = makeTestServices(db)
            _ = try await services.directory.createSchool(slug: "north", name: "North High")
            _ = try await services.directory.createSchool(slug: "south", name: "South Academy")
            try await services.directory.createCategory(slug: "general", name: "General")
            try await services.directory.createCategory(slug: "staff", name: "Staff", visibility: .moderators)
            let sam = try await makeMember(services, username: "sam", school: "north")
            let ana = try await makeMember(services, username: "ana", school: "south")
            let maya = try await makeMember(services, username: "maya", role: .moderator, school: "north")
            let thread = try await services.discussions.startThread(
                by: sam, inCategory: "general", title: "Exhibitions", body: "Our exhibition night plan.", kind: .discussion)
            try await body(World(services: services, cache: cache, search: Search(db: db, cache: cache),
                                 sam: sam, ana: ana, maya: maya, threadID: thread.threadID))
        }
    }

    /// A result really is served from memory while nothing changes: a change made behind the
    /// counter's back (its trigger disabled) is not seen until something moves the counter.
    @Test func keptResultsAreServedUntilTheCounterMoves() async throws {
        try await withWorld { w in
            #expect(try await w.search.run(.init(text: "night"), for: w.sam).total == 1)
            #expect(w.cache.count == 1)
            try await w.services.db.query("ALTER TABLE posts DISABLE TRIGGER posts_search_generation")
            try await w.services.db.query("UPDATE posts SET body_source = 'Nothing to see.' WHERE thread_id = $1", [w.threadID])
            try await w.services.db.query("ALTER TABLE posts ENABLE TRIGGER posts_search_generation")
            #expect(try await w.search.run(.init(text: "night"), for: w.sam).total == 1)
            _ = try await w.services.discussions.reply(by: w.ana, toThread: w.threadID, body: "Unrelated words.")
            #expect(try await w.search.run(.init(text: "night"), for: w.sam).total == 0)
        }
    }

    @Test func aHiddenOrDeletedPostLeavesKeptResultsAtOnce() async throws {
        try await withWorld { w in
            let reply = try await w.services.discussions.reply(by: w.ana, toThread: w.threadID, body: "Exhibition rubric, draft two.")
            let other = try await w.services.discussions.reply(by: w.ana, toThread: w.threadID, body: "Exhibition timing.")
            #expect(try await w.search.run(.init(text: "exhibition"), for: w.sam).total == 3)
            _ = try await w.services.moderation.hidePost(reply.postID, by: w.maya, reason: "off topic")
            let afterHiding = try await w.search.run(.init(text: "exhibition"), for: w.sam)
            #expect(afterHiding.total == 2)
            #expect(!afterHiding.hits.contains { $0.postID == reply.postID })
            _ = try await w.services.posts.delete(other.postID, by: w.ana)
            #expect(try await w.search.run(.init(text: "exhibition"), for: w.sam).total == 1)
        }
    }

    @Test func newPostsEditsAndRenamesShowAtOnce() async throws {
        try await withWorld { w in
            #expect(try await w.search.run(.init(text: "portfolio"), for: w.sam).total == 0)
            let reply = try await w.services.discussions.reply(by: w.ana, toThread: w.threadID, body: "Portfolio night.")
            #expect(try await w.search.run(.init(text: "portfolio"), for: w.sam).total == 1)
            _ = try await w.services.posts.edit(reply.postID, by: w.ana, body: "Gallery night.")
            #expect(try await w.search.run(.init(text: "portfolio"), for: w.sam).total == 0)
            #expect(try await w.search.run(.init(text: "gallery"), for: w.sam).hits.first?.authorUsername == "ana")
            try await w.services.db.query("UPDATE users SET username = 'anabel' WHERE id = $1", [w.ana.id])
            #expect(try await w.search.run(.init(text: "gallery"), for: w.sam).hits.first?.authorUsername == "anabel")
        }
    }

    /// What a moderator may see is kept apart from what a member may: a thread in a
    /// moderators' category found by a moderator is not served to a member, and a thread moved
    /// there leaves the member's kept results.
    @Test func readersWhoSeeDifferentPostsNeverShareResults() async throws {
        try await withWorld { w in
            _ = try await w.services.discussions.startThread(
                by: w.maya, inCategory: "staff", title: "Exhibition staffing", body: "Exhibition rota.", kind: .discussion)
            #expect(try await w.search.run(.init(text: "exhibition"), for: w.maya).total == 2)
            #expect(try await w.search.run(.init(text: "exhibition"), for: w.sam).total == 1)
            _ = try await w.services.moderation.moderate(.move, thread: w.threadID, by: w.maya, destination: "staff")
            #expect(try await w.search.run(.init(text: "exhibition"), for: w.sam).total == 0)
            #expect(try await w.search.run(.init(text: "exhibition"), for: w.maya).total == 2)
        }
    }

    /// A search that began before a change (its counter value is older than the cache's) is
    /// not kept; a full cache starts over rather than growing.
    @Test func staleOrSurplusResultsAreNotKept() {
        let cache = SearchCache(capacity: 2)
        let results = Search.Results(hits: [], total: 0, isTotalALowerBound: false, page: 1, pageCount: 1)
        func key(_ text: String) -> SearchCache.Key { .init(query: .init(text: text), moderator: false) }
        #expect(cache.results(for: key("a"), at: 5) == nil)
        cache.keep(results, for: key("a"), readAt: 4)
        #expect(cache.count == 0)
        cache.keep(results, for: key("a"), readAt: 5)
        cache.keep(results, for: key("b"), readAt: 5)
        #expect(cache.count == 2)
        #expect(cache.results(for: key("a"), at: 5) != nil)
        #expect(cache.results(for: key("a"), at: 4) == nil)
        cache.keep(results, for: key("c"), readAt: 5)
        #expect(cache.count == 1)
        #expect(cache.results(for: key("a"), at: 6) == nil)
        #expect(cache.count == 0)
    }
}
