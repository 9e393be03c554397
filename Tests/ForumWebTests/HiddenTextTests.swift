import Forum
import ForumWeb
import Foundation
import Testing
import TestSupport

/// What a moderator hid, or anyone deleted, reaches no member through any page that shows
/// post text; moderators still read it. Each reader is a row of the table below, so a page
/// that shows post text is covered by adding it here.
@Suite struct HiddenTextTests {
    struct Removed {
        var word: String
        var postID: Int
        var threadID: Int
    }

    /// Every page a member could read a post's text on.
    static func readers(_ post: Removed) -> [String] {
        [
            "/t/\(post.threadID)",
            "/p/\(post.postID)/history",
            "/t/\(post.threadID)/reply?quote=\(post.postID)",
            "/p/\(post.postID)/edit",
            "/p/\(post.postID)/flag",
            "/search?q=quokkaplanet",
            "/u/lee",
            "/notifications",
            "/settings/export",
        ]
    }

    @Test func hiddenAndDeletedTextReachesNoMemberAnywhere() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let services = forum.services
            let thread = try await startThread(forum, by: fixture.member, title: "Hidden text thread")
            // A mention and a watched thread: sam gets notifications about both posts.
            let hiddenReply = try await services.discussions.reply(
                by: fixture.other, toThread: thread.threadID, body: "@sam quokkaplanet zanzibarwombat first version")
            try await services.posts.edit(hiddenReply.postID, by: fixture.other, body: "@sam quokkaplanet zanzibarwombat second version")
            _ = try await services.moderation.hidePost(hiddenReply.postID, by: fixture.moderator, reason: "Off topic")
            let deletedReply = try await services.discussions.reply(
                by: fixture.other, toThread: thread.threadID, body: "@sam quokkaplanet marmotcathedral")
            try await services.posts.delete(deletedReply.postID, by: fixture.moderator)
            let removed = [Removed(word: "zanzibarwombat", postID: hiddenReply.postID, threadID: thread.threadID),
                           Removed(word: "marmotcathedral", postID: deletedReply.postID, threadID: thread.threadID)]

            // sam is any member; lee wrote the posts and may not edit or read them back either.
            for email in ["sam@example.org", "lee@example.org"] {
                let browser = forum.browser()
                try await browser.signIn(email)
                for post in removed {
                    for path in Self.readers(post) {
                        let page = try await browser.get(path)
                        #expect(page.status.code < 500, "\(email) GET \(path): \(page.status)")
                        #expect(!page.html.lowercased().contains(post.word), "\(email) reads \(post.word) at \(path)")
                    }
                }
                // The author of a hidden post may not edit it: its text would come back.
                let edit = try await browser.get("/p/\(hiddenReply.postID)/edit")
                #expect(edit.status == .forbidden || edit.status == .notFound, "edit form: \(edit.status)")
                let history = try await browser.get("/p/\(hiddenReply.postID)/history")
                #expect(history.status == .notFound)
            }

            let moderator = forum.browser()
            try await moderator.signIn("maya@example.org")
            for post in removed {
                for path in ["/t/\(post.threadID)", "/p/\(post.postID)/history", "/p/\(post.postID)/edit"] {
                    let page = try await moderator.get(path)
                    #expect(page.status == .ok, "moderator GET \(path): \(page.status)")
                    #expect(page.html.contains(post.word), "moderator can't read \(post.word) at \(path)")
                }
            }
            let quote = try await moderator.get("/t/\(thread.threadID)/reply?quote=\(hiddenReply.postID)")
            #expect(quote.html.contains("zanzibarwombat"))
        }
    }

    /// The header's unread badge counts only what the notifications list shows.
    @Test func unreadBadgeCountsOnlyNotificationsTheMemberCanStillSee() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let services = forum.services
            let thread = try await startThread(forum, by: fixture.member, title: "Badge thread")
            let reply = try await services.discussions.reply(by: fixture.other, toThread: thread.threadID, body: "@sam have a look")
            let browser = forum.browser()
            try await browser.signIn("sam@example.org")
            let token = try #require(browser.cookies["rt_session"])
            #expect(try await services.sessions.find(token: token)?.unreadNotifications ?? 0 > 0)

            _ = try await services.moderation.hidePost(reply.postID, by: fixture.moderator, reason: "Spam")
            #expect(try await services.sessions.find(token: token)?.unreadNotifications == 0)
            let home = try await browser.get("/")
            #expect(!home.contains("Notifications <span"), "badge still shown for a hidden post")
            let listing = try await services.notifications.list(for: fixture.member, page: 1)
            #expect(listing.items.isEmpty && listing.unreadCount == 0)

            // A reply in a thread later moved out of the member's sight stops counting too.
            let second = try await startThread(forum, by: fixture.member, title: "Moved thread")
            _ = try await services.discussions.reply(by: fixture.other, toThread: second.threadID, body: "Reply to move")
            #expect(try await services.sessions.find(token: token)?.unreadNotifications ?? 0 > 0)
            try await services.db.query("""
                UPDATE threads SET category_id = (SELECT id FROM categories WHERE slug = 'staff') WHERE id = $1
                """, [second.threadID])
            #expect(try await services.sessions.find(token: token)?.unreadNotifications == 0)
            // Moderators still count what they can see: the badge and their list agree.
            let moderatorBrowser = forum.browser()
            try await moderatorBrowser.signIn("maya@example.org")
            let moderatorToken = try #require(moderatorBrowser.cookies["rt_session"])
            let moderatorListing = try await services.notifications.list(for: fixture.moderator, page: 1)
            #expect(moderatorListing.unreadCount == (try await services.sessions.find(token: moderatorToken)?.unreadNotifications))
        }
    }
}
