import Forum
import Foundation
import Postgres
import Testing
import TestSupport

/// Every place in the database where `needle` still appears in text, as "table.column".
/// Reads `information_schema.columns`, so tables added later are searched too.
func textColumnsContaining(_ needle: String, db: PostgresClient) async throws -> [String] {
    let columns = try await db.query("""
        SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'character', 'USER-DEFINED')
          AND (data_type <> 'USER-DEFINED' OR udt_name = 'citext')
        ORDER BY table_name, column_name
        """)
    #expect(columns.count > 20)
    var found: [String] = []
    for column in columns {
        let table: String = try column.decode("table_name")
        let name: String = try column.decode("column_name")
        // Identifiers from the catalog, quoted; the needle is a parameter.
        let count: Int = try await db.query("""
            SELECT count(*) FROM public."\(table)" WHERE strpos(lower("\(name)"::text), lower($1)) > 0
            """, [needle])[0].decode(0)
        if count > 0 { found.append("\(table).\(name)") }
    }
    return found
}

@Suite struct AccountDataTests {
    @Test func theExportHoldsTheMembersOwnDataOnly() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let services = forum.services
            let thread = try await startThread(forum, by: fixture.other, title: "Lee's thread about rubrics", body: "leesownwords")
            let reply = try await services.discussions.reply(by: fixture.member, toThread: thread.threadID, body: "samsvisiblewords")
            let hidden = try await services.discussions.reply(by: fixture.member, toThread: thread.threadID, body: "samshiddenwords")
            _ = try await services.moderation.hidePost(hidden.postID, by: fixture.moderator, reason: "Off topic")
            let othersHidden = try await services.discussions.reply(by: fixture.other, toThread: thread.threadID, body: "leeshiddenwords")
            _ = try await services.moderation.hidePost(othersHidden.postID, by: fixture.moderator, reason: "Off topic")
            _ = try await services.posts.toggleReaction("helpful", on: thread.postID, by: fixture.member)
            _ = try await services.posts.toggleReaction("helpful", on: reply.postID, by: fixture.other)

            let browser = forum.browser()
            try await browser.signIn("sam@example.org")
            let download = try await browser.get("/settings/export")
            #expect(download.status == .ok)
            #expect(download.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"roundtable-sam-") == true)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(download.html.utf8)) as? [String: Any])
            let profile = try #require(json["profile"] as? [String: Any])
            #expect(profile["username"] as? String == "sam" && profile["email"] as? String == "sam@example.org")
            let posts = try #require(json["posts"] as? [[String: Any]])
            #expect(posts.count == 2)
            let visible = try #require(posts.first { $0["id"] as? Int == reply.postID })
            #expect(visible["text"] as? String == "samsvisiblewords")
            #expect(visible["thread"] as? String == "Lee's thread about rubrics")
            #expect(visible["link"] as? String == "/t/\(thread.threadID)/\(thread.slug)#p\(reply.postID)")
            let hiddenEntry = try #require(posts.first { $0["id"] as? Int == hidden.postID })
            #expect(hiddenEntry["hidden"] as? Bool == true && hiddenEntry["text"] == nil)
            let reactions = try #require(json["reactions"] as? [[String: Any]])
            #expect(reactions.count == 1 && reactions[0]["post"] as? String == "/t/\(thread.threadID)/\(thread.slug)#p\(thread.postID)")
            // Nothing of anyone else's: not their posts, hidden or not, nor their email.
            for foreign in ["leesownwords", "leeshiddenwords", "samshiddenwords", "lee@example.org"] {
                #expect(!download.html.contains(foreign), "\(foreign)")
            }
        }
    }

    @Test func erasingAnAccountLeavesNothingOfTheIdentityAndKeepsThePosts() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let services = forum.services
            // An account with a history: invited, reset its password, was suspended and
            // lifted, had a post hidden, was mentioned, posted, reacted, turned on 2FA.
            let email = "Quentin.Zephyr@example.org", username = "quentinzeph"
            let invitation = try await services.invitations.create(email: email, role: "member", schoolSlug: "harbor",
                                                                   invitedBy: fixture.admin.id, linkBase: "http://x")
            let token = try #require(invitation.url.split(separator: "/").last.map(String.init))
            let quentin = try await services.invitations.accept(token: token, username: username, name: "Quentin Zephyrine",
                                                                password: "correct-horse-battery", passwordConfirm: "correct-horse-battery",
                                                                ip: nil, userAgent: nil).member
            _ = try await services.passwordResets.request(email: email, ip: "10.0.0.9", linkBase: "http://x")
            try await services.suspensions.suspend(username: username, by: fixture.moderator, reason: "Cool off, quentinzeph", until: "")
            try await services.suspensions.unsuspend(username: username, by: fixture.moderator)
            let thread = try await startThread(forum, by: quentin, title: "Quentin's question", body: "Where do rubrics go?")
            let hidden = try await services.discussions.reply(by: quentin, toThread: thread.threadID, body: "Off-topic words")
            _ = try await services.moderation.hidePost(hidden.postID, by: fixture.moderator, reason: "Off topic")
            let mention = try await services.discussions.reply(by: fixture.member, toThread: thread.threadID, body: "Thanks @quentinzeph, see above.")
            _ = try await services.posts.toggleReaction("helpful", on: mention.postID, by: quentin)

            let browser = forum.browser()
            try await browser.get("/login")
            _ = try await browser.post("/login", ["email": email, "password": "wrong-password-here"])
            try await browser.signIn(email)
            _ = try await enrol(browser)

            try await browser.get("/settings/delete")
            let wrong = try await browser.post("/settings/delete", ["password": "not-it-at-all"])
            #expect(wrong.status == .unprocessableContent && !wrong.alerts.isEmpty)
            let erased = try await browser.post("/settings/delete", ["password": "correct-horse-battery"])
            #expect(erased.status == .seeOther && erased.location == "/login")
            #expect(try await browser.get("/").status == .seeOther)

            for needle in [email, username, "Quentin Zephyrine"] {
                let left = try await textColumnsContaining(needle, db: services.db)
                #expect(left.isEmpty, "\(needle) is still in \(left)")
            }
            // The posts stay, by "former member"; the thread page still shows them.
            #expect(try await services.db.query("SELECT count(*) FROM posts WHERE author_id = $1", [quentin.id])[0].decode(0, as: Int.self) == 2)
            let reader = forum.browser()
            try await reader.signIn("lee@example.org")
            let page = try await reader.get("/t/\(thread.threadID)")
            #expect(page.status == .ok && page.contains("Where do rubrics go?") && page.contains("former member"))
            // Nobody can sign in as the erased account, and the address can be invited again.
            #expect(try await forum.browser().signIn(email).status == .unprocessableContent)
            _ = try await services.invitations.create(email: email, role: "member", schoolSlug: nil, invitedBy: fixture.admin.id, linkBase: "http://x")
        }
    }

    @Test func adminsCanEraseAnAccountAndItIsLogged() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            _ = try await startThread(forum, by: fixture.other, title: "A thread by lee", body: "Text that stays")
            let admin = forum.browser()
            try await admin.signIn("ada@example.org")
            let list = try await admin.get("/admin/users")
            #expect(list.contains("/admin/users/\(fixture.other.id)/erase"))
            #expect(!list.contains("/admin/users/\(fixture.admin.id)/erase"))
            #expect(try await admin.post("/admin/users/\(fixture.admin.id)/erase").status == .forbidden)
            #expect(try await admin.post("/admin/users/\(fixture.other.id)/erase").status == .seeOther)
            #expect(try await logCount(forum, action: "erase_account") == 1)
            #expect(try await textColumnsContaining("lee@example.org", db: forum.services.db).isEmpty)
            #expect(try await admin.post("/admin/users/\(fixture.other.id)/erase").status == .notFound)
            // Not an admin: not found.
            let member = forum.browser()
            try await member.signIn("sam@example.org")
            #expect(try await member.post("/admin/users/\(fixture.moderator.id)/erase").status == .notFound)
        }
    }
}
