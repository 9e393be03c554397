import Forum
import Foundation
import Postgres
import Testing

/// Helpers for conversation tests: start threads and read ids back as a user would see them.
extension Browser {
    /// Starts a thread through the form and returns its id.
    func startThread(_ category: String = "general", title: String, body: String, kind: String = "discussion") async throws -> Int {
        let page = try await post("/c/\(category)/new", ["title": title, "body": body, "kind": kind])
        #expect(page.status == .seeOther, "\(page.html)")
        let location = try #require(page.location)
        return try #require(Int(location.split(separator: "/")[1]))
    }

    /// Replies through the form and returns the new post's id (from the `#p{id}` fragment).
    func reply(to threadID: Int, _ body: String) async throws -> Int {
        let page = try await post("/t/\(threadID)/reply", ["body": body])
        #expect(page.status == .seeOther, "\(page.html)")
        let location = try #require(page.location)
        return try #require(Int(location.split(separator: "#p").last ?? ""))
    }
}

func firstPostID(_ services: ForumServices, thread: Int) async throws -> Int {
    try await services.db.query("SELECT id FROM posts WHERE thread_id = $1 AND position = 1", [thread])[0].decode(0)
}

func notifications(_ services: ForumServices, for username: String, kind: String) async throws -> Int {
    try await services.db.query("""
        SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE u.username = $1 AND n.kind = $2
        """, [username, kind])[0].decode(0)
}

@Suite struct MarkdownPostTests {
    @Test func hostileMarkdownIsStoredAndShownSafely() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            let hostile = """
                **bold** and *em*

                <script>alert(1)</script>
                <img src=x onerror=alert(2)>
                [click](javascript:alert(3)) [data](data:text/html;base64,PHNjcmlwdD4=)
                <div onmouseover="alert(4)">hover</div>

                > > > > nested <b onclick=x>quote</b>
                """
            let thread = try await sam.startThread(title: "Formatting", body: hostile)
            let postID = try await firstPostID(forum.services, thread: thread)
            let stored: String = try await forum.services.db.query("SELECT body_html FROM posts WHERE id = $1", [postID])[0].decode(0)
            for bad in ["<script", "onerror", "javascript:", "data:text", "onmouseover", "onclick", "<img", "<div"] {
                #expect(!stored.lowercased().contains(bad), "\(bad) in \(stored)")
            }
            #expect(stored.contains("<strong>bold</strong>"))
            #expect(stored.contains("<blockquote>"))
            let page = try await sam.get("/t/\(thread)")
            #expect(page.status == .ok)
            #expect(page.contains(#"<article id="p\#(postID)""#))
            #expect(page.contains("<strong>bold</strong>"))
            #expect(!page.contains("<script"))
            #expect(!page.contains("javascript:alert"))
        }
    }

    @Test func previewShowsTheRenderedPostAndKeepsTheFormWithoutSaving() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            let page = try await sam.post("/c/general/new", [
                "title": "Draft title", "body": "**bold** <script>x</script>", "kind": "feedback", "preview": "1",
            ])
            #expect(page.status == .ok)
            #expect(page.contains("<strong>bold</strong>"))
            #expect(page.contains(#"value="Draft title""#))
            #expect(page.contains("**bold** &lt;script&gt;x&lt;/script&gt;</textarea>"))
            #expect(page.contains(#"value="feedback" checked"#))
            #expect(!page.contains("<script>x"))
            let threads = try await forum.services.db.query("SELECT count(*) FROM threads")[0].decode(0, as: Int.self)
            #expect(threads == 0)

            let thread = try await sam.startThread(title: "Real", body: "first")
            let replyPreview = try await sam.post("/t/\(thread)/reply", ["body": "_draft_ reply", "preview": "1"])
            #expect(replyPreview.status == .ok)
            #expect(replyPreview.contains("<em>draft</em>"))
            #expect(replyPreview.contains("_draft_ reply</textarea>"))
            let posts = try await forum.services.db.query("SELECT count(*) FROM posts")[0].decode(0, as: Int.self)
            #expect(posts == 1)
        }
    }

    @Test func tooLongPostsAreRefusedWithTheFormKept() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            let thread = try await sam.startThread(title: "Long", body: "short")
            let page = try await sam.post("/t/\(thread)/reply", ["body": String(repeating: "x", count: 50_001)])
            #expect(page.status == .unprocessableContent)
            #expect(page.alerts.contains { $0.contains("50000 characters") })
        }
    }

    @Test func quoteLinkPrefillsTheReplyWithTheQuotedText() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            let thread = try await sam.startThread(title: "Quotes", body: "Line one\nLine two")
            let postID = try await firstPostID(forum.services, thread: thread)
            let lee = forum.browser()
            try await lee.signIn("lee@example.org")
            let threadPage = try await lee.get("/t/\(thread)")
            #expect(threadPage.contains(#"href="/t/\#(thread)/reply?quote=\#(postID)""#))
            let form = try await lee.get("/t/\(thread)/reply?quote=\(postID)")
            #expect(form.status == .ok)
            #expect(form.contains("@sam wrote:\n&gt; Line one\n&gt; Line two\n"))
            // A thread whose slug is "reply" is still reachable by its own link.
            let titledReply = try await sam.startThread(title: "Reply", body: "About replies")
            #expect(try await lee.get("/t/\(titledReply)/reply").contains("About replies"))
            let replyID = try await lee.reply(to: thread, "@sam wrote:\n> Line one\n\nAgreed.")
            let html: String = try await forum.services.db.query("SELECT body_html FROM posts WHERE id = $1", [replyID])[0].decode(0)
            #expect(html.contains("<blockquote>"))
            #expect(html.contains(#"<a href="/u/sam" class="mention">@sam</a>"#))
        }
    }
}

@Suite struct MentionAndNotificationTests {
    @Test func mentionsNotifyKnownMembersWhoCanSeeTheThreadOncePerPost() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            let thread = try await sam.startThread(title: "Hello", body: "Hi @lee, @LEE and @maya, not @nobody, and me @sam")
            #expect(try await notifications(forum.services, for: "lee", kind: "mention") == 1)
            #expect(try await notifications(forum.services, for: "maya", kind: "mention") == 1)
            #expect(try await notifications(forum.services, for: "sam", kind: "mention") == 0)
            let page = try await sam.get("/t/\(thread)")
            #expect(page.contains(#"<a href="/u/lee" class="mention">@lee</a>"#))
            #expect(page.contains("@nobody") && !page.contains("/u/nobody"))

            // Editing the post and mentioning them again does not notify twice.
            let postID = try await firstPostID(forum.services, thread: thread)
            let edit = try await sam.post("/p/\(postID)/edit", ["body": "Hi again @lee and now @ada"])
            #expect(edit.status == .seeOther)
            #expect(try await notifications(forum.services, for: "lee", kind: "mention") == 1)
            #expect(try await notifications(forum.services, for: "ada", kind: "mention") == 1)

            // In a moderators-only category, members are not told (the thread doesn't exist for them).
            let maya = forum.browser()
            try await maya.signIn("maya@example.org")
            _ = try await maya.startThread("staff", title: "Private", body: "@lee @ada look at this")
            #expect(try await notifications(forum.services, for: "lee", kind: "mention") == 1)
            #expect(try await notifications(forum.services, for: "ada", kind: "mention") == 2)
        }
    }

    @Test func watchersHearOfRepliesAndTheHeaderCountsUnread() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            let lee = forum.browser()
            try await lee.signIn("lee@example.org")
            let thread = try await sam.startThread(title: "Watch me", body: "Start")
            _ = try await lee.reply(to: thread, "A reply from lee")
            #expect(try await notifications(forum.services, for: "sam", kind: "reply") == 1)
            #expect(try await notifications(forum.services, for: "lee", kind: "reply") == 0)
            let home = try await sam.get("/")
            #expect(home.contains("1 unread</span>"))
            let list = try await sam.get("/notifications")
            #expect(list.contains("lee replied in"))
            #expect(list.contains("notification-unread"))
            // Lee watches by replying; unwatching stops the notifications.
            _ = try await sam.reply(to: thread, "Thanks")
            #expect(try await notifications(forum.services, for: "lee", kind: "reply") == 1)
            #expect(try await lee.get("/t/\(thread)").contains("Stop watching"))
            #expect(try await lee.post("/t/\(thread)/unwatch").status == .seeOther)
            #expect(try await lee.get("/t/\(thread)").contains("Watch this thread"))
            _ = try await sam.reply(to: thread, "Anyone?")
            #expect(try await notifications(forum.services, for: "lee", kind: "reply") == 1)

            #expect(try await sam.post("/notifications/read").status == .seeOther)
            let after = try await sam.get("/notifications")
            #expect(!after.contains("notification-unread"))
            #expect(!after.contains(" unread</span>"))
        }
    }
}

@Suite struct ReactionAndEditTests {
    @Test func reactionsToggleAndAuthorsCantReactToThemselves() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            let thread = try await sam.startThread(title: "React", body: "Useful tip")
            let postID = try await firstPostID(forum.services, thread: thread)
            #expect(try await sam.post("/p/\(postID)/react", ["reaction": "helpful"]).status == .forbidden)

            let lee = forum.browser()
            try await lee.signIn("lee@example.org")
            let first = try await lee.post("/p/\(postID)/react", ["reaction": "helpful"])
            #expect(first.status == .seeOther)
            #expect(first.location?.hasSuffix("#p\(postID)") == true)
            let page = try await sam.get("/t/\(thread)")
            #expect(page.contains("1 person found this helpful: lee"))
            #expect(try await notifications(forum.services, for: "sam", kind: "reaction") == 1)
            #expect(try await lee.post("/p/\(postID)/react", ["reaction": "helpful"]).status == .seeOther)
            #expect(!(try await sam.get("/t/\(thread)").contains("found this helpful")))
            #expect(try await lee.post("/p/\(postID)/react", ["reaction": "angry"]).status == .unprocessableContent)
        }
    }

    @Test func editsKeepHistoryAndShowWhoEdited() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            let thread = try await sam.startThread(title: "Edits", body: "Version one")
            let postID = try await firstPostID(forum.services, thread: thread)
            let form = try await sam.get("/p/\(postID)/edit")
            #expect(form.status == .ok)
            #expect(form.contains("Version one</textarea>"))
            #expect(try await sam.post("/p/\(postID)/edit", ["body": "Version two"]).status == .seeOther)

            let lee = forum.browser()
            try await lee.signIn("lee@example.org")
            #expect(try await lee.get("/p/\(postID)/edit").status == .forbidden)
            #expect(try await lee.post("/p/\(postID)/edit", ["body": "Vandal"]).status == .forbidden)
            let empty = try await sam.post("/p/\(postID)/edit", ["body": "  "])
            #expect(empty.status == .unprocessableContent)
            #expect(!empty.alerts.isEmpty)

            let maya = forum.browser()
            try await maya.signIn("maya@example.org")
            #expect(try await maya.post("/p/\(postID)/edit", ["body": "Version three"]).status == .seeOther)

            let page = try await lee.get("/t/\(thread)")
            #expect(page.contains("Version three"))
            #expect(page.contains("(edited)"))
            let history = try await lee.get("/p/\(postID)/history")
            #expect(history.status == .ok)
            #expect(history.contains("Current version, edited by maya"))
            #expect(history.contains("replaced by maya"))
            #expect(history.contains("Original, written by sam"))
            #expect(history.contains("replaced by sam"))
            let three = try #require(history.html.range(of: "Version three"))
            let two = try #require(history.html.range(of: "Version two"))
            let one = try #require(history.html.range(of: "Version one"))
            #expect(three.lowerBound < two.lowerBound && two.lowerBound < one.lowerBound)
        }
    }

    @Test func authorsDeleteAndModeratorsRestore() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            let lee = forum.browser()
            try await lee.signIn("lee@example.org")
            let thread = try await sam.startThread(title: "Deleting", body: "Opening")
            let replyID = try await lee.reply(to: thread, "Regrettable reply")
            #expect(try await sam.post("/p/\(replyID)/delete").status == .forbidden)
            #expect(try await lee.post("/p/\(replyID)/delete").status == .seeOther)
            let page = try await sam.get("/t/\(thread)")
            #expect(page.contains("This post was deleted."))
            #expect(!page.contains("Regrettable reply"))
            #expect(try await lee.post("/p/\(replyID)/restore").status == .forbidden)
            let maya = forum.browser()
            try await maya.signIn("maya@example.org")
            #expect(try await maya.get("/t/\(thread)").contains("Regrettable reply"))
            #expect(try await maya.post("/p/\(replyID)/restore").status == .seeOther)
            #expect(try await sam.get("/t/\(thread)").contains("Regrettable reply"))
        }
    }
}

@Suite struct FeedbackRequestTests {
    @Test func requesterAcceptsFeedbackClosesTheRequestAndIsNotified() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            let lee = forum.browser()
            try await lee.signIn("lee@example.org")
            let thread = try await sam.startThread(title: "My unit plan", body: "Please comment", kind: "feedback")
            #expect(try await sam.post("/t/\(thread)/unwatch").status == .seeOther)
            let home = try await lee.get("/")
            #expect(home.contains("Open feedback requests"))
            #expect(home.contains("My unit plan"))

            let replyID = try await lee.reply(to: thread, "Try shorter tasks")
            // The requester hears of feedback even without watching.
            #expect(try await notifications(forum.services, for: "sam", kind: "reply") == 1)

            #expect(try await lee.post("/p/\(replyID)/accept").status == .forbidden)
            #expect(try await sam.post("/p/\(replyID)/accept").status == .seeOther)
            var page = try await sam.get("/t/\(thread)")
            #expect(page.contains("Feedback taken up"))
            #expect(page.contains("1 reply, 1 taken up"))
            #expect(try await notifications(forum.services, for: "lee", kind: "accepted") == 1)
            #expect(try await sam.post("/p/\(replyID)/accept").status == .seeOther)
            page = try await sam.get("/t/\(thread)")
            #expect(page.contains("1 reply, 0 taken up"))

            #expect(try await lee.post("/t/\(thread)/feedback", ["status": "closed"]).status == .forbidden)
            #expect(try await sam.post("/t/\(thread)/feedback", ["status": "maybe"]).status == .unprocessableContent)
            #expect(try await sam.post("/t/\(thread)/feedback", ["status": "closed"]).status == .seeOther)
            #expect(try await lee.post("/t/\(thread)/reply", ["body": "Late feedback"]).status == .forbidden)
            #expect(!(try await lee.get("/").contains("My unit plan</a>\n    <span class=\"badge badge-feedback\">Feedback request · open")))
            #expect(try await sam.post("/t/\(thread)/feedback", ["status": "open"]).status == .seeOther)
            #expect(try await lee.post("/t/\(thread)/reply", ["body": "Late feedback"]).status == .seeOther)
        }
    }
}

@Suite struct UnreadTests {
    @Test func listsShowNewPostsAndLinkToTheFirstUnread() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            let lee = forum.browser()
            try await lee.signIn("lee@example.org")
            let thread = try await sam.startThread(title: "Unread things", body: "Start")
            #expect(try await lee.get("/c/general").contains(">New<"))
            _ = try await lee.get("/t/\(thread)")
            #expect(!(try await lee.get("/c/general").contains("badge-unread")))
            let firstNew = try await sam.reply(to: thread, "One")
            _ = try await sam.reply(to: thread, "Two")
            let category = try await lee.get("/c/general")
            #expect(category.contains(">2 new<"))
            #expect(category.contains("#p\(firstNew)\""))
            #expect(try await lee.get("/").contains(">2 new<"))
            _ = try await lee.get("/t/\(thread)")
            #expect(!(try await lee.get("/").contains(">2 new<")))
            // Reading the thread also settles the notifications about the posts seen.
            _ = try await lee.reply(to: thread, "Three")
            _ = try await sam.reply(to: thread, "Four")
            #expect(try await lee.get("/").contains("1 unread</span>"))
            _ = try await lee.get("/t/\(thread)")
            #expect(!(try await lee.get("/").contains(" unread</span>")))
        }
    }
}

@Suite struct SearchTests {
    @Test func searchFindsOnlyWhatTheMemberMaySee() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            let maya = forum.browser()
            try await maya.signIn("maya@example.org")
            _ = try await sam.startThread(title: "Photosynthesis lab", body: "Students measured oxygen bubbles & <b>counted</b>")
            _ = try await maya.startThread("staff", title: "Staffing", body: "Confidential photosynthesis budget")
            let deleted = try await sam.startThread(title: "Old", body: "Obsolete photosynthesis notes")
            let deletedPost = try await firstPostID(forum.services, thread: deleted)
            #expect(try await sam.post("/p/\(deletedPost)/delete").status == .seeOther)

            let found = try await sam.get("/search?q=photosynthesis")
            #expect(found.status == .ok)
            #expect(found.contains("Photosynthesis lab"))
            #expect(!found.contains("Confidential"))
            #expect(!found.contains("Obsolete"))
            #expect(found.contains("1 result"))
            let titleOnly = try await sam.get("/search?q=oxygen")
            #expect(titleOnly.contains("<mark>oxygen</mark>"))
            #expect(titleOnly.contains("&amp;"))
            #expect(!titleOnly.contains("<b>"))
            #expect(!titleOnly.contains("<mark> unread"))

            let moderator = try await maya.get("/search?q=photosynthesis")
            #expect(moderator.contains("Confidential"))
            #expect(moderator.contains("2 results"))
            #expect(try await maya.get("/search?q=photosynthesis&category=general").contains("1 result"))
            #expect(try await maya.get("/search?q=photosynthesis&author=maya").contains("Confidential"))
            #expect(try await maya.get("/search?q=photosynthesis&author=sam").contains("1 result"))
        }
    }

    @Test func searchShowsWhereEachPostIsAndAWayOutOfNothing() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            let thread = try await sam.startThread(title: "Transcripts", body: "Transcript redesign notes")
            _ = try await sam.reply(to: thread, "A second transcript thought")
            _ = try await sam.startThread(title: "Elsewhere", body: "Another transcript elsewhere")

            let threadPage = try await sam.get("/t/\(thread)")
            #expect(threadPage.contains(#"<input type="hidden" name="thread" value="\#(thread)">"#))
            let scoped = try await sam.get("/search?q=transcript&thread=\(thread)")
            #expect(scoped.contains("Searching in the thread <strong>Transcripts</strong>"))
            #expect(scoped.contains("2 results"))
            #expect(scoped.contains("post 2 of 2"))
            #expect(!scoped.contains("Elsewhere"))
            let newest = try await sam.get("/search?q=transcript&order=newest")
            #expect(newest.contains(#"<option value="newest" selected>"#))
            let titles = newest.allMatches(#"class="thread-title" href="[^"]*">([^<]*)<"#)
            #expect(titles.first == "Elsewhere")

            let nothing = try await sam.get("/search?q=transcript&author=nobody&from=2020-01-01")
            #expect(nothing.contains("No posts match this search."))
            #expect(nothing.contains(#"href="/search?q=transcript&amp;from=2020-01-01">Search by any author"#))
            #expect(nothing.contains(#"href="/search?q=transcript&amp;author=nobody">Search without the start date"#))
            // A day that doesn't exist, or a thread id that is no number, narrows nothing.
            #expect(try await sam.get("/search?q=transcript&from=2026-02-31&thread=abc").contains("3 results"))
        }
    }

    @Test func hostileQueriesNeverFail() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            _ = try await sam.startThread(title: "Something", body: "Searchable words here")
            let queries = [
                "%27%3B%20DROP%20TABLE%20posts%3B--", "%22unbalanced", "a%20%26%20%7C%20!%20(%20)", "or%20or%20-", "%3A*%3A*",
                "%00", "%E0%A4%A", "%FF%FE", "<script>", "the", "", String(repeating: "word%20", count: 1500),
                "searchable&page=999999", "searchable&page=-1", "searchable&category=%27", "x&author=%00",
            ]
            for query in queries {
                let page = try await sam.get("/search?q=\(query)")
                #expect(page.status == .ok, "\(query.prefix(40))")
                #expect(!page.contains("<script>"))
            }
            #expect(try await sam.get("/search?q=searchable").contains("1 result"))
        }
    }
}
