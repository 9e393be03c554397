import Forum
import Postgres
import TestSupport
import Testing

@Suite struct DiscussionTests {
    func setUp(_ db: PostgresClient) async throws -> (ForumServices, Member, Member) {
        let services = makeTestServices(db)
        try await services.directory.createCategory(slug: "general", name: "General")
        try await services.directory.createCategory(slug: "staff", name: "Staff", visibility: .moderators)
        return (services, try await makeMember(services, username: "sam"),
                try await makeMember(services, username: "maya", role: .moderator))
    }

    @Test func repliesAreNumberedWithoutGapsUnderConcurrency() async throws {
        try await TestDatabase.with(poolSize: 4) { db in
            let (services, sam, _) = try await setUp(db)
            let thread = try await services.discussions.startThread(
                by: sam, inCategory: "general", title: "  Grading: what now?  ", body: "First", kind: .discussion)
            #expect(thread.slug == "grading-what-now")
            let discussions = services.discussions
            let positions = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 1...20 {
                    group.addTask { try await discussions.reply(by: sam, toThread: thread.threadID, body: "Reply \(index)").position }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(positions.sorted() == Array(2...21))
            let page = try await services.threads.thread(id: thread.threadID, for: sam, page: 1)
            #expect(page.thread.title == "Grading: what now?")
            #expect(page.thread.postCount == 21)
            #expect(page.posts.map(\.position) == Array(1...21))
        }
    }

    @Test func threadPagesHoldFiftyPostsAndRepliesLandOnTheirPage() async throws {
        try await TestDatabase.with { db in
            let (services, sam, _) = try await setUp(db)
            let thread = try await services.discussions.startThread(by: sam, inCategory: "general", title: "Long", body: "1", kind: .discussion)
            var last = thread
            for index in 2...51 { last = try await services.discussions.reply(by: sam, toThread: thread.threadID, body: "\(index)") }
            #expect(ThreadQueries.page(ofPosition: last.position) == 2)
            let second = try await services.threads.thread(id: thread.threadID, for: sam, page: 2)
            #expect(second.pageCount == 2)
            #expect(second.posts.map(\.position) == [51])
            #expect(second.posts.first?.id == last.postID)
        }
    }

    @Test func badInputChangesNothing() async throws {
        try await TestDatabase.with { db in
            let (services, sam, _) = try await setUp(db)
            await #expect(throws: ValidationError.self) {
                try await services.discussions.startThread(by: sam, inCategory: "general", title: "   ", body: "", kind: .discussion)
            }
            await #expect(throws: ValidationError.self) {
                try await services.discussions.startThread(
                    by: sam, inCategory: "general", title: String(repeating: "t", count: 201), body: "x", kind: .discussion)
            }
            #expect(try await db.query("SELECT count(*) FROM threads")[0].decode(0, as: Int.self) == 0)
        }
    }

    @Test func privateCategoriesAreInvisibleToMembers() async throws {
        try await TestDatabase.with { db in
            let (services, sam, maya) = try await setUp(db)
            await #expect(throws: NotFound.self) {
                try await services.discussions.startThread(by: sam, inCategory: "staff", title: "Hi", body: "x", kind: .discussion)
            }
            let secret = try await services.discussions.startThread(by: maya, inCategory: "staff", title: "Secret", body: "x", kind: .discussion)
            await #expect(throws: NotFound.self) { try await services.threads.thread(id: secret.threadID, for: sam, page: 1) }
            await #expect(throws: NotFound.self) { try await services.discussions.reply(by: sam, toThread: secret.threadID, body: "x") }
            let home = try await services.threads.home(for: sam)
            #expect(home.categories.map(\.slug) == ["general"])
            #expect(home.recentThreads.isEmpty)
            let moderatorHome = try await services.threads.home(for: maya)
            #expect(moderatorHome.recentThreads.map(\.title) == ["Secret"])
        }
    }

    @Test func lockedThreadsAndClosedRequestsRefuseMemberReplies() async throws {
        try await TestDatabase.with { db in
            let (services, sam, maya) = try await setUp(db)
            let thread = try await services.discussions.startThread(by: sam, inCategory: "general", title: "T", body: "x", kind: .discussion)
            try await db.query("UPDATE threads SET locked_at = now() WHERE id = $1", [thread.threadID])
            await #expect(throws: Forbidden.self) { try await services.discussions.reply(by: sam, toThread: thread.threadID, body: "x") }
            _ = try await services.discussions.reply(by: maya, toThread: thread.threadID, body: "Moderators may still reply")

            let request = try await services.discussions.startThread(by: sam, inCategory: "general", title: "R", body: "x", kind: .feedback)
            try await db.query("UPDATE threads SET feedback_status = 'closed' WHERE id = $1", [request.threadID])
            await #expect(throws: Forbidden.self) { try await services.discussions.reply(by: sam, toThread: request.threadID, body: "x") }
        }
    }

    @Test func categoryListsPinnedFirstThenLatestActivity() async throws {
        try await TestDatabase.with { db in
            let (services, sam, _) = try await setUp(db)
            let old = try await services.discussions.startThread(by: sam, inCategory: "general", title: "Old", body: "x", kind: .discussion)
            let pinned = try await services.discussions.startThread(by: sam, inCategory: "general", title: "Pinned", body: "x", kind: .discussion)
            _ = try await services.discussions.startThread(by: sam, inCategory: "general", title: "New", body: "x", kind: .discussion)
            try await db.query("UPDATE threads SET pinned = true WHERE id = $1", [pinned.threadID])
            _ = try await services.discussions.reply(by: sam, toThread: old.threadID, body: "bump")
            let listing = try await services.threads.category(slug: "general", for: sam, page: 1)
            #expect(listing.threads.map(\.title) == ["Pinned", "Old", "New"])
        }
    }
}
