import Forum
import Foundation
import HTTPTypes
import NIOCore
import Testing
import TestSupport

/// `/settings/email` and RFC 8058 one-click unsubscribe.
@Suite struct MemberMailPagesTests {
    func setting(_ forum: TestForum, _ username: String) async throws -> String {
        try await forum.services.db.query("SELECT email_notifications FROM users WHERE username = $1", [username])[0].decode(0)
    }

    @Test func theSettingDefaultsToDailyAndChangesThroughTheForm() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            let settings = try await sam.get("/settings")
            #expect(settings.contains(#"href="/settings/email""#))
            let page = try await sam.get("/settings/email")
            #expect(page.status == .ok)
            #expect(page.contains(#"value="daily" aria-describedby="email-daily-help" checked"#))
            let saved = try await sam.post("/settings/email", ["email_notifications": "immediately"])
            #expect(saved.status == .seeOther)
            #expect(try await setting(forum, "sam") == "immediately")
            let bad = try await sam.post("/settings/email", ["email_notifications": "hourly"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.alerts.contains("Choose immediately, daily, weekly or never."))
            #expect(try await setting(forum, "sam") == "immediately")
            let forged = try await sam.post("/settings/email", ["email_notifications": "never"], withCSRF: false)
            #expect(forged.status == .forbidden)
            #expect(try await setting(forum, "sam") == "immediately")
        }
    }

    /// A digest's unsubscribe token, as the mail carries it in `List-Unsubscribe`.
    func mailedToken(_ forum: TestForum, _ fixture: Fixture) async throws -> String {
        _ = try await forum.services.discussions.startThread(
            by: fixture.other, inCategory: "general", title: "News", body: "Hello @sam", kind: .discussion)
        try await forum.services.db.query("UPDATE users SET digest_due_at = now() - interval '1 minute' WHERE username = 'sam'")
        let report = try await DigestMailer(db: forum.services.db, configuration: .init(baseURL: "http://127.0.0.1:8080")).sendDue()
        #expect(report.sent == 1)
        let headers: String = try await forum.services.db.query(
            "SELECT headers FROM mail_outbox WHERE recipient = 'sam@example.org'")[0].decode(0)
        let line = try #require(headers.split(separator: "\n").first { $0.hasPrefix("List-Unsubscribe: <http://127.0.0.1:8080/unsubscribe/") })
        return String(line.dropLast().split(separator: "/").last ?? "")
    }

    @Test func aOneClickPostWithoutCSRFOrSessionUnsubscribesThatMemberOnly() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let token = try await mailedToken(forum, fixture)
            let client = forum.browser()
            // Opening the link changes nothing (mail scanners open links).
            let page = try await client.get("/unsubscribe/\(token)")
            #expect(page.status == .ok)
            #expect(page.contains("sam"))
            #expect(try await setting(forum, "sam") == "daily")
            // What a mail client sends: no cookie, no _csrf.
            let body = ByteBuffer(string: "List-Unsubscribe=One-Click")
            let done = try await client.send("/unsubscribe/\(token)", method: .post, body: body,
                                             contentType: "application/x-www-form-urlencoded")
            #expect(done.status == .seeOther)
            #expect(try await setting(forum, "sam") == "never")
            #expect(try await setting(forum, "lee") == "daily")
            #expect(try await client.get("/unsubscribe/\(token)").contains("You are unsubscribed"))
            // Without the one-click field, or with a token that isn't one, nothing happens.
            try await forum.services.db.query("UPDATE users SET email_notifications = 'weekly' WHERE username = 'sam'")
            let empty = try await client.send("/unsubscribe/\(token)", method: .post, body: ByteBuffer(string: "x=1"),
                                              contentType: "application/x-www-form-urlencoded")
            #expect(empty.status == .badRequest)
            for wrong in [String(repeating: "0", count: 40), "nothex", token.uppercased() + "0"] {
                let refused = try await client.send("/unsubscribe/\(wrong)", method: .post, body: body,
                                                    contentType: "application/x-www-form-urlencoded")
                #expect(refused.status == .notFound, "\(wrong)")
                #expect(try await client.get("/unsubscribe/\(wrong)").status == .notFound)
            }
            #expect(try await setting(forum, "sam") == "weekly")
        }
    }

    @Test func onlyTheUnsubscribeRouteTakesAPostWithoutCSRF() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let routes = try await allRoutes(forum).filter { $0.method == .post }.map(\.path)
            #expect(routes.contains("/unsubscribe/{token}"))
            // The middleware's exception is exactly that path's shape.
            let client = forum.browser()
            for path in ["/unsubscribe", "/unsubscribe/", "/unsubscribe/a/b", "/settings/email"] {
                let page = try await client.send(path, method: .post, body: ByteBuffer(string: "List-Unsubscribe=One-Click"),
                                                 contentType: "application/x-www-form-urlencoded")
                #expect(page.status == .forbidden, "\(path): \(page.status)")
            }
        }
    }
}
