import Forum
import Foundation
import HTTPTypes
import Testing
import TestSupport

/// Sends a new message through the form and returns the conversation's id.
private func send(_ browser: Browser, to: String, subject: String, body: String = "Hello there") async throws -> Int {
    try await browser.get("/messages/new")
    let page = try await browser.post("/messages/new", ["to": to, "subject": subject, "body": body])
    #expect(page.status == .seeOther, "\(page.status): \(page.alerts)")
    let location = page.location ?? ""
    #expect(location.hasPrefix("/messages/"))
    return Int(location.dropFirst("/messages/".count)) ?? 0
}

private func notificationCount(_ forum: TestForum, _ member: Member, kind: String = "message") async throws -> Int {
    try await forum.services.db.query("SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = $2",
                                      [member.id, kind])[0].decode(0)
}

/// Private messages: only participants read them; moderators see one only as a flag's text.
@Suite struct MessagesTests {
    @Test func onlyParticipantsSeeAConversationNotModeratorsNorAdmins() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            try await makeMember(forum.services, username: "kim", school: "harbor")
            let sam = forum.browser(), lee = forum.browser(), kim = forum.browser()
            let maya = forum.browser(), ada = forum.browser()
            try await sam.signIn("sam@example.org")
            try await lee.signIn("lee@example.org")
            try await kim.signIn("kim@example.org")
            try await maya.signIn("maya@example.org")
            try await ada.signIn("ada@example.org")
            let id = try await send(sam, to: "lee", subject: "Rubric question", body: "Is your **rubric** shared?")
            let page = try await lee.get("/messages/\(id)")
            #expect(page.status == .ok)
            #expect(page.contains("Rubric question"))
            #expect(page.contains("<strong>rubric</strong>"))
            #expect(page.html.range(of: #"<article id="m\d+""#, options: .regularExpression) != nil)
            for outsider in [kim, maya, ada] {
                #expect(try await outsider.get("/messages/\(id)").status == .notFound)
                #expect(try await outsider.post("/messages/\(id)/reply", ["body": "let me in"]).status == .notFound)
                #expect(try await outsider.post("/messages/\(id)/flag", ["reason": "curious"]).status == .notFound)
                #expect(try await outsider.post("/messages/\(id)/leave").status == .notFound)
                #expect(!(try await outsider.get("/messages").contains("Rubric question")))
            }
            #expect(try await lee.get("/messages/999999").status == .notFound)
            #expect(try await lee.get("/messages/abc").status == .notFound)
            let reply = try await lee.post("/messages/\(id)/reply", ["body": "Yes, **shared**."])
            #expect(reply.status == .seeOther)
            #expect(reply.location?.range(of: #"^/messages/\#(id)#m\d+$"#, options: .regularExpression) != nil)
            #expect(try await sam.get("/messages/\(id)").contains("<strong>shared</strong>"))
            // Nobody wrote to kim, and the outsider's attempt left nothing behind.
            let count: Int = try await forum.services.db.query("SELECT count(*) FROM messages WHERE conversation_id = $1", [id])[0].decode(0)
            #expect(count == 2)
            _ = fixture
        }
    }

    @Test func leavingHidesTheConversationFromTheLeaverOnly() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            try await makeMember(forum.services, username: "kim", school: "harbor")
            let sam = forum.browser(), lee = forum.browser()
            try await sam.signIn("sam@example.org")
            try await lee.signIn("lee@example.org")
            let id = try await send(sam, to: "lee, kim", subject: "Planning day")
            try await lee.get("/messages/\(id)")
            let left = try await lee.post("/messages/\(id)/leave")
            #expect(left.status == .seeOther)
            #expect(left.location == "/messages")
            #expect(try await lee.get("/messages/\(id)").status == .notFound)
            #expect(!(try await lee.get("/messages").contains("Planning day")))
            #expect(try await lee.post("/messages/\(id)/reply", ["body": "back again"]).status == .notFound)
            #expect(try await lee.post("/messages/\(id)/leave").status == .notFound)
            // The others carry on; the leaver hears nothing more.
            let samPage = try await sam.get("/messages/\(id)")
            #expect(samPage.contains("(left)"))
            #expect(try await sam.post("/messages/\(id)/reply", ["body": "Still here"]).status == .seeOther)
            #expect(try await notificationCount(forum, fixture.other) == 1)
            #expect(!(try await lee.get("/notifications").contains("Planning day")))
        }
    }

    @Test func unreadConversationsComeFirstAndAreCountedInTheHeader() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let sam = forum.browser(), lee = forum.browser()
            try await sam.signIn("sam@example.org")
            try await lee.signIn("lee@example.org")
            let older = try await send(sam, to: "lee", subject: "Older subject")
            let newer = try await send(sam, to: "lee", subject: "Newer subject")
            var list = try await lee.get("/messages")
            #expect(list.contains(#"Messages <span class="badge badge-unread">2 unread</span>"#))
            // Sending marks nothing unread for the sender.
            #expect(!(try await sam.get("/messages").contains(#"Messages <span class="badge"#)))
            try await lee.get("/messages/\(newer)")
            list = try await lee.get("/messages")
            #expect(list.contains(#"Messages <span class="badge badge-unread">1 unread</span>"#))
            let olderAt = list.html.range(of: "Older subject")?.lowerBound
            let newerAt = list.html.range(of: "Newer subject")?.lowerBound
            #expect(olderAt != nil && newerAt != nil)
            if let olderAt, let newerAt { #expect(olderAt < newerAt, "the unread, older conversation comes first") }
            try await lee.get("/messages/\(older)")
            list = try await lee.get("/messages")
            #expect(!list.contains(#"Messages <span class="badge"#))
            // Once everything is read, the latest activity leads.
            if let olderAt = list.html.range(of: "Older subject")?.lowerBound,
               let newerAt = list.html.range(of: "Newer subject")?.lowerBound {
                #expect(newerAt < olderAt)
            }
        }
    }

    @Test func recipientsAreValidatedWithTheFormKept() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            try await makeMember(forum.services, username: "gone", school: "harbor")
            try await makeMember(forum.services, username: "paused", school: "harbor")
            try await forum.services.db.query("UPDATE users SET deactivated_at = now() WHERE username = 'gone'")
            try await forum.services.db.query("UPDATE users SET suspended_at = now(), suspension_reason = 'x' WHERE username = 'paused'")
            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            try await sam.get("/messages/new")
            func attempt(_ to: String) async throws -> Page {
                try await sam.post("/messages/new", ["to": to, "subject": "Kept subject", "body": "Kept body"])
            }
            let unknown = try await attempt("lee, nobody_here")
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.alerts.contains { $0.contains("nobody_here") })
            #expect(unknown.contains("Kept subject") && unknown.contains("Kept body"))
            let many = try await attempt((1...21).map { "user\($0)" }.joined(separator: " "))
            #expect(many.status == .unprocessableContent)
            #expect(many.alerts.contains { $0.contains("at most 20") })
            let suspended = try await attempt("lee paused")
            #expect(suspended.status == .unprocessableContent)
            #expect(suspended.alerts.contains { $0.contains("paused") })
            let deactivated = try await attempt("gone")
            #expect(deactivated.status == .unprocessableContent)
            #expect(deactivated.alerts.contains { $0.contains("gone") })
            let yourself = try await attempt("sam")
            #expect(yourself.status == .unprocessableContent)
            #expect(try await attempt("").status == .unprocessableContent)
            let noSubject = try await sam.post("/messages/new", ["to": "lee", "subject": " ", "body": "x"])
            #expect(noSubject.status == .unprocessableContent)
            let longSubject = try await sam.post("/messages/new", ["to": "lee", "subject": String(repeating: "s", count: 201), "body": "x"])
            #expect(longSubject.status == .unprocessableContent)
            let count: Int = try await forum.services.db.query("SELECT count(*) FROM conversations")[0].decode(0)
            #expect(count == 0)
            // Duplicates (any case, with @) and the sender in the list are dropped.
            let id = try await send(sam, to: "lee, @LEE lee sam", subject: "Once each")
            let members: Int = try await forum.services.db.query(
                "SELECT count(*) FROM conversation_members WHERE conversation_id = $1", [id])[0].decode(0)
            #expect(members == 2)
            // `?to=` prefills the form.
            #expect(try await sam.get("/messages/new?to=lee,maya").contains(#"value="lee,maya""#))
            _ = fixture
        }
    }

    @Test func suspendedMembersCannotSend() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let lee = forum.browser()
            try await lee.signIn("lee@example.org")
            try await lee.get("/messages/new")
            try await forum.services.db.query("UPDATE users SET suspended_at = now(), suspension_reason = 'spam' WHERE id = $1",
                                              [fixture.other.id])
            let page = try await lee.post("/messages/new", ["to": "sam", "subject": "Hi", "body": "Hi"])
            #expect(page.status != .seeOther || page.location?.hasPrefix("/login") == true)
            // A member object still marked active (loaded before the suspension) is refused too.
            await #expect(throws: Forbidden.self) {
                try await forum.services.messages.start(by: fixture.other, to: "sam", subject: "Hi", body: "Hi")
            }
            var suspended = fixture.other
            suspended.standing = .suspended
            await #expect(throws: Forbidden.self) {
                try await forum.services.messages.start(by: suspended, to: "sam", subject: "Hi", body: "Hi")
            }
            let count: Int = try await forum.services.db.query("SELECT count(*) FROM conversations")[0].decode(0)
            #expect(count == 0)
        }
    }

    @Test func messagesAndRepliesShareThePostingLimit() async throws {
        try await withForum(postLimit: 3) { forum in
            let fixture = try await Fixture.load(forum.services)
            let thread = try await startThread(forum, by: fixture.other, title: "Limit thread")
            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            let id = try await send(sam, to: "lee", subject: "First")
            #expect(try await sam.post("/messages/\(id)/reply", ["body": "second"]).status == .seeOther)
            try await sam.get("/t/\(thread.threadID)")
            #expect(try await sam.post("/t/\(thread.threadID)/reply", ["body": "third, in a thread"]).status == .seeOther)
            try await sam.get("/messages/new")
            let limited = try await sam.post("/messages/new", ["to": "lee", "subject": "Fourth subject", "body": "Fourth body"])
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(limited.contains("Fourth subject") && limited.contains("Fourth body"))
            #expect(limited.alerts.contains { $0.contains("too quickly") })
            let limitedReply = try await sam.post("/messages/\(id)/reply", ["body": "Fifth body"])
            #expect(limitedReply.status == .tooManyRequests)
            #expect(limitedReply.contains("Fifth body"))
            let count: Int = try await forum.services.db.query("SELECT count(*) FROM messages")[0].decode(0)
            #expect(count == 2)
        }
    }

    @Test func aFlagCarriesTheTextToTheModeratorsQueue() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let sam = forum.browser(), lee = forum.browser(), maya = forum.browser()
            try await sam.signIn("sam@example.org")
            try await lee.signIn("lee@example.org")
            try await maya.signIn("maya@example.org")
            let id = try await send(sam, to: "lee", subject: "Suspicious offer", body: "Buy <my> course now")
            try await lee.get("/messages/\(id)")
            #expect(try await lee.post("/messages/\(id)/flag", ["reason": ""]).status == .unprocessableContent)
            let flagged = try await lee.post("/messages/\(id)/flag", ["reason": "Spam pitch"])
            #expect(flagged.status == .seeOther)
            #expect(try await lee.get("/messages/\(id)").contains("You flagged this conversation"))
            let queue = try await maya.get("/mod/flags")
            #expect(queue.contains("Suspicious offer"))
            #expect(queue.contains("Buy &lt;my&gt; course now"))
            #expect(queue.contains("Spam pitch"))
            #expect(queue.contains("(1 open)"))
            // The flag shows the text; the conversation itself stays closed to moderators.
            #expect(try await maya.get("/messages/\(id)").status == .notFound)
            guard let flagID = queue.firstMatch(#"action="/mod/flags/(\d+)/resolve""#) else {
                Issue.record("no resolve form")
                return
            }
            let resolved = try await maya.post("/mod/flags/\(flagID)/resolve", ["action": "dismiss"])
            #expect(resolved.status == .seeOther)
            #expect(!(try await maya.get("/mod/flags").contains("Suspicious offer")))
        }
    }

    @Test func notificationsGoToTheOthersOnly() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let kimMember = try await makeMember(forum.services, username: "kim", school: "harbor")
            let sam = forum.browser(), lee = forum.browser()
            try await sam.signIn("sam@example.org")
            try await lee.signIn("lee@example.org")
            let id = try await send(sam, to: "lee kim", subject: "Field trip")
            #expect(try await notificationCount(forum, fixture.member) == 0)
            #expect(try await notificationCount(forum, fixture.other) == 1)
            #expect(try await notificationCount(forum, kimMember) == 1)
            let notifications = try await lee.get("/notifications")
            #expect(notifications.contains("sam sent you a message:"))
            #expect(notifications.contains("Field trip"))
            #expect(notifications.contains("/messages/\(id)#m"))
            #expect(try await lee.post("/messages/\(id)/reply", ["body": "Count me in"]).status == .seeOther)
            #expect(try await notificationCount(forum, fixture.member) == 1)
            #expect(try await notificationCount(forum, fixture.other) == 1)
            #expect(try await notificationCount(forum, kimMember) == 2)
            // Reading the conversation marks its notifications read.
            try await lee.get("/messages/\(id)")
            let unread: Int = try await forum.services.db.query(
                "SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL", [fixture.other.id])[0].decode(0)
            #expect(unread == 0)
        }
    }

    @Test func quoteLinksFillTheReplyForm() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let sam = forum.browser(), lee = forum.browser()
            try await sam.signIn("sam@example.org")
            try await lee.signIn("lee@example.org")
            let id = try await send(sam, to: "lee", subject: "Quotes", body: "Line one")
            let page = try await lee.get("/messages/\(id)")
            guard let messageID = page.firstMatch(#"<article id="m(\d+)""#) else {
                Issue.record("no message")
                return
            }
            let quoted = try await lee.get("/messages/\(id)?quote=\(messageID)")
            #expect(quoted.contains("@sam wrote:\n&gt; Line one"))
            // A message from another conversation is not quoted.
            let other = try await send(sam, to: "maya", subject: "Private to maya", body: "Secret line")
            let otherMessage: Int = try await forum.services.db.query(
                "SELECT id FROM messages WHERE conversation_id = $1", [other])[0].decode(0)
            #expect(!(try await lee.get("/messages/\(id)?quote=\(otherMessage)").contains("Secret line")))
        }
    }

    @Test func profilesAndSchoolsLinkToANewMessage() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            #expect(try await sam.get("/u/lee").contains(#"href="/messages/new?to=lee""#))
            #expect(!(try await sam.get("/u/sam").contains("/messages/new")))
            let school = try await sam.get("/s/harbor")
            #expect(school.contains(#"href="/messages/new?to=ada""#))
        }
    }
}
