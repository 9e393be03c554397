import Forum
import Testing

@Suite struct ThreadFlowTests {
    @Test func aMemberStartsAThreadAndOthersReply() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            let form = try await sam.get("/c/general/new")
            #expect(form.status == .ok)
            #expect(form.contains(#"<label for="title">"#))
            let created = try await sam.post("/c/general/new", [
                "title": "Mastery <b>transcripts</b>", "body": "Line one\nLine <script>alert(1)</script>", "kind": "feedback",
            ])
            #expect(created.status == .seeOther)
            let location = try #require(created.location)
            #expect(location.hasPrefix("/t/") && location.hasSuffix("/mastery-b-transcripts-b"))
            let thread = try await sam.get(location)
            #expect(thread.contains("<h1>Mastery &lt;b&gt;transcripts&lt;/b&gt;</h1>"))
            #expect(thread.contains("<p>Line one\nLine"))  // Markdown (issue 4): a single newline is a soft break
            #expect(!thread.contains("<script>alert(1)"))
            #expect(thread.contains("Feedback request · open"))
            #expect(thread.contains("Harbor Middle School"))

            let lee = forum.browser()
            try await lee.signIn("lee@example.org")
            let threadID = location.split(separator: "/")[1]
            let reply = try await lee.post("/t/\(threadID)/reply", ["body": "Looks good"])
            #expect(reply.status == .seeOther)
            let replyLocation = try #require(reply.location)
            let fragment = try #require(replyLocation.split(separator: "#").last)
            let page = try await lee.get(String(replyLocation.split(separator: "#")[0]))
            #expect(page.contains(#"<article id="\#(fragment)""#))
            #expect(page.contains("Riverbend High"))

            let category = try await lee.get("/c/general")
            #expect(category.contains("1 reply"))
            let home = try await lee.get("/")
            #expect(home.contains("Mastery &lt;b&gt;transcripts&lt;/b&gt;"))
            #expect(home.contains("1 thread"))
        }
    }

    @Test func aReplyLandsOnThePageThatShowsIt() async throws {
        try await withForum(postLimit: 100) { forum in
            let fixture = try await Fixture.load(forum.services)
            let thread = try await forum.services.discussions.startThread(
                by: fixture.member, inCategory: "general", title: "Busy", body: "start", kind: .discussion)
            for index in 2...50 {
                _ = try await forum.services.discussions.reply(by: fixture.other, toThread: thread.threadID, body: "reply \(index)")
            }
            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            let reply = try await sam.post("/t/\(thread.threadID)/reply", ["body": "the fifty-first"])
            let location = try #require(reply.location)
            #expect(location.hasPrefix("/t/\(thread.threadID)/busy?page=2#p"))
            let page = try await sam.get(String(location.split(separator: "#")[0]))
            #expect(page.contains("the fifty-first"))
            #expect(!page.contains("reply 49"))
            #expect(page.contains(#"rel="prev""#))
        }
    }

    @Test func badInputIs422WithTheFormKept() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            let page = try await sam.post("/c/general/new", ["title": "", "body": "My draft text", "kind": "discussion"])
            #expect(page.status == .unprocessableContent)
            #expect(page.alerts == ["Give the thread a title."])
            #expect(page.contains("My draft text</textarea>"))
            let strange = try await sam.post("/c/general/new", ["title": "T", "body": "B", "kind": "poll"])
            #expect(strange.status == .unprocessableContent)

            let thread = try await forum.services.discussions.startThread(
                by: fixture.member, inCategory: "general", title: "T", body: "B", kind: .discussion)
            let empty = try await sam.post("/t/\(thread.threadID)/reply", ["body": "   "])
            #expect(empty.status == .unprocessableContent)
            #expect(empty.alerts.count == 1)
            #expect(try await forum.services.db.query("SELECT count(*) FROM posts")[0].decode(0, as: Int.self) == 1)
        }
    }

    @Test func hiddenAndForbiddenThingsAnswer404And403() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let secret = try await forum.services.discussions.startThread(
                by: fixture.moderator, inCategory: "staff", title: "Staff only", body: "x", kind: .discussion)
            let open = try await forum.services.discussions.startThread(
                by: fixture.moderator, inCategory: "general", title: "Open", body: "x", kind: .discussion)
            try await forum.services.db.query("UPDATE threads SET locked_at = now(), lock_reason = 'heated' WHERE id = $1", [open.threadID])

            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            #expect(try await sam.get("/c/staff").status == .notFound)
            #expect(try await sam.get("/c/staff/new").status == .notFound)
            #expect(try await sam.get("/t/\(secret.threadID)").status == .notFound)
            #expect(try await sam.post("/t/\(secret.threadID)/reply", ["body": "hi"]).status == .notFound)
            #expect(try await sam.get("/c/nope").status == .notFound)
            #expect(!(try await sam.get("/").contains("Staff only")))

            let locked = try await sam.get("/t/\(open.threadID)")
            #expect(locked.contains("This thread is locked: heated."))
            #expect(!locked.contains(#"action="/t/\#(open.threadID)/reply""#))
            #expect(try await sam.post("/t/\(open.threadID)/reply", ["body": "hi"]).status == .forbidden)

            let maya = forum.browser()
            try await maya.signIn("maya@example.org")
            #expect(try await maya.get("/t/\(secret.threadID)").status == .ok)
            #expect(try await maya.post("/t/\(open.threadID)/reply", ["body": "Moderator note"]).status == .seeOther)
        }
    }

    @Test func postingTooFastIs429WithTheFormKept() async throws {
        try await withForum(postLimit: 2) { forum in
            _ = try await Fixture.load(forum.services)
            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            for index in 1...2 {
                #expect(try await sam.post("/c/general/new", ["title": "T\(index)", "body": "B"]).status == .seeOther)
            }
            let limited = try await sam.post("/c/general/new", ["title": "Third", "body": "Keep this text"])
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
            #expect(limited.contains("Keep this text</textarea>"))
            #expect(limited.alerts.count == 1)
        }
    }
}
