import Forum
import Foundation
import Postgres
import Testing

/// The root-relative path of the newest link to `prefix` mailed to `recipient` (through the outbox).
func mailedPath(_ services: ForumServices, to recipient: String, prefix: String) async throws -> String {
    let body: String = try #require(try await services.db.query("""
        SELECT body FROM mail_outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1
        """, [recipient]).first).decode("body")
    let base = "http://127.0.0.1:8080"
    let line = try #require(body.split(separator: "\n").first { $0.hasPrefix(base + prefix) })
    return String(line.dropFirst(base.count))
}

@Suite struct InvitationFeatureTests {
    @Test func anInvitedPersonJoinsAndIsSignedIn() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let admin = forum.browser()
            try await admin.signIn("ada@example.org")
            try await admin.get("/admin/invitations")
            let created = try await admin.post("/admin/invitations", ["email": "newcomer@example.org", "role": "member", "school": "riverbend"])
            #expect(created.status == .seeOther)
            let list = try await admin.get("/admin/invitations")
            #expect(list.contains("newcomer@example.org"))
            #expect(list.contains("pending"))

            let path = try await mailedPath(forum.services, to: "newcomer@example.org", prefix: "/invite/")
            let visitor = forum.browser()
            let form = try await visitor.get(path)
            #expect(form.status == .ok)
            #expect(form.contains("newcomer@example.org"))
            #expect(form.contains("Riverbend High"))

            let weak = try await visitor.post(path, ["username": "newcomer", "name": "New Comer", "password": "short", "password_confirm": "short"])
            #expect(weak.status == .unprocessableContent)
            #expect(!weak.alerts.isEmpty)
            #expect(weak.contains(#"value="newcomer""#))
            #expect(!weak.contains(#"value="short""#))

            let joined = try await visitor.post(path, [
                "username": "newcomer", "name": "New Comer", "password": "a-long-good-password", "password_confirm": "a-long-good-password",
            ])
            #expect(joined.status == .seeOther)
            #expect(joined.location == "/")
            let home = try await visitor.get("/")
            #expect(home.status == .ok)
            #expect(home.contains(#"class="username" href="/u/newcomer">newcomer</a>"#))

            let reused = try await forum.browser().get(path)
            #expect(reused.status == .gone)
            #expect(reused.contains("already been used"))
            #expect(try await admin.get("/admin/invitations").contains("accepted"))
        }
    }

    @Test func expiredRevokedAndUnknownLinksAreRefused() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let expired = try await forum.services.invitations.create(
                email: "late@example.org", role: "member", schoolSlug: nil, invitedBy: fixture.admin.id, linkBase: "http://127.0.0.1:8080")
            try await forum.services.db.query("UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1", [expired.id])
            let visitor = forum.browser()
            let expiredPath = String(expired.url.dropFirst("http://127.0.0.1:8080".count))
            let page = try await visitor.get(expiredPath)
            #expect(page.status == .gone)
            #expect(page.contains("expired"))
            let attempt = try await visitor.post(expiredPath, [
                "username": "late", "name": "Late", "password": "a-long-good-password", "password_confirm": "a-long-good-password",
            ])
            #expect(attempt.status == .gone)
            #expect(visitor.cookies["rt_session"] == nil)

            let admin = forum.browser()
            try await admin.signIn("ada@example.org")
            try await admin.get("/admin/invitations")
            #expect(try await admin.post("/admin/invitations", ["email": "gone@example.org", "role": "member", "school": ""]).status == .seeOther)
            let revokedPath = try await mailedPath(forum.services, to: "gone@example.org", prefix: "/invite/")
            let id: Int = try await forum.services.db.query("SELECT id FROM invitations WHERE email = 'gone@example.org'")[0].decode(0)
            try await admin.get("/admin/invitations")
            #expect(try await admin.post("/admin/invitations/\(id)/revoke").status == .seeOther)
            #expect(try await admin.get("/admin/invitations").contains("revoked"))
            let revoked = try await forum.browser().get(revokedPath)
            #expect(revoked.status == .gone)
            #expect(revoked.contains("withdrawn"))

            // Resending gives a new link that works; the old one stays dead.
            try await admin.get("/admin/invitations")
            #expect(try await admin.post("/admin/invitations/\(id)/resend").status == .seeOther)
            let freshPath = try await mailedPath(forum.services, to: "gone@example.org", prefix: "/invite/")
            #expect(freshPath != revokedPath)
            #expect(try await forum.browser().get(freshPath).status == .ok)
            #expect(try await forum.browser().get(revokedPath).status == .notFound)

            #expect(try await forum.browser().get("/invite/made-up-token").status == .notFound)
        }
    }

    @Test func inviteFormProblemsAre422WithValuesKept() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let admin = forum.browser()
            try await admin.signIn("ada@example.org")
            try await admin.get("/admin/invitations")
            let page = try await admin.post("/admin/invitations", ["email": "someone@example.org", "role": "member", "school": "atlantis"])
            #expect(page.status == .unprocessableContent)
            #expect(page.alerts.contains { $0.contains("atlantis") })
            #expect(page.contains(#"value="someone@example.org""#))
            let member = try await admin.post("/admin/invitations", ["email": "lee@example.org", "role": "member", "school": ""])
            #expect(member.status == .unprocessableContent)
        }
    }

    @Test func bulkUploadReportsEveryRow() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let admin = forum.browser()
            try await admin.signIn("ada@example.org")
            try await admin.get("/admin/invitations")
            let csv = "\u{FEFF}email,name,role,school\r\nfirst@example.org,\"Smith, Ann\",member,harbor\r\nbad-address,X,member,harbor\r\nsam@example.org,Sam,member,harbor\r\nsecond@example.org,B,teacher,harbor\r\n"
            let report = try await admin.postMultipart("/admin/invitations/bulk", fields: [:], file: ("file", "people.csv", csv))
            #expect(report.status == .ok)
            #expect(report.contains("1 invited, 1 skipped, 2 refused"))
            #expect(report.contains("already a member"))
            #expect(report.contains("unknown role"))
            #expect(try await mailedPath(forum.services, to: "first@example.org", prefix: "/invite/").hasPrefix("/invite/"))

            try await admin.get("/admin/invitations")
            let broken = try await admin.postMultipart("/admin/invitations/bulk", fields: [:], file: ("file", "x.csv", "email\n\"unterminated\n"))
            #expect(broken.status == .unprocessableContent)
            #expect(!broken.alerts.isEmpty)
        }
    }
}

@Suite struct BulkUploadTimingTests {
    @Test func aThousandRowUploadThroughThePage() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let admin = forum.browser()
            try await admin.signIn("ada@example.org")
            try await admin.get("/admin/invitations")
            var csv = "email,name,role,school\r\n"
            for index in 1...1000 { csv += "person\(index)@example.org,\"Person, \(index)\",member,harbor\r\n" }
            let started = ContinuousClock.now
            let report = try await admin.postMultipart("/admin/invitations/bulk", fields: [:], file: ("file", "people.csv", csv))
            print("BULK-UPLOAD-TIMING: 1,000-row CSV upload answered in \(ContinuousClock.now - started)")
            #expect(report.status == .ok)
            #expect(report.contains("1000 invited, 0 skipped, 0 refused"))
        }
    }
}

@Suite struct AdminAccessTests {
    static let adminPages = ["/admin/users", "/admin/invitations", "/admin/schools", "/admin/categories"]

    @Test(arguments: ["sam@example.org", "maya@example.org"])
    func adminPagesAreNotFoundForMembersAndModerators(email: String) async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let browser = forum.browser()
            try await browser.signIn(email)
            for path in Self.adminPages {
                #expect(try await browser.get(path).status == .notFound, "\(path)")
            }
            try await browser.get("/")
            #expect(try await browser.post("/admin/invitations", ["email": "x@example.org", "role": "admin", "school": ""]).status == .notFound)
            #expect(try await browser.post("/admin/schools", ["name": "Evil", "slug": "evil"]).status == .notFound)
            #expect(try await forum.services.db.query("SELECT count(*) FROM invitations")[0].decode(0, as: Int.self) == 0)
        }
    }

    @Test func anonymousVisitorsAreSentToSignIn() async throws {
        try await withForum { forum in
            let page = try await forum.browser().get("/admin/users")
            #expect(page.location == "/login?next=/admin/users")
        }
    }
}
