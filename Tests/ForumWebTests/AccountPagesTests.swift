import Forum
import Foundation
import Postgres
import Testing

@Suite struct PasswordResetTests {
    @Test func theAnswerIsTheSameWhetherOrNotTheAccountExists() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let browser = forum.browser()
            try await browser.get("/password/forgot")
            let known = try await browser.post("/password/forgot", ["email": "sam@example.org"])
            let unknown = try await browser.post("/password/forgot", ["email": "nobody@example.org"])
            #expect(known.status == .ok && unknown.status == .ok)
            #expect(known.html.replacingOccurrences(of: "sam@example.org", with: "X")
                    == unknown.html.replacingOccurrences(of: "nobody@example.org", with: "X"))
            let mails = try await forum.services.db.query("SELECT recipient FROM mail_outbox").map { try $0.decode(0, as: String.self) }
            #expect(mails == ["sam@example.org"])
        }
    }

    @Test func resettingEndsEverySessionAndTheLinkWorksOnce() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let elsewhere = forum.browser()
            try await elsewhere.signIn("sam@example.org")
            #expect(try await elsewhere.get("/").status == .ok)

            let browser = forum.browser()
            try await browser.get("/password/forgot")
            try await browser.post("/password/forgot", ["email": "sam@example.org"])
            let path = try await mailedPath(forum.services, to: "sam@example.org", prefix: "/password/reset/")
            #expect(try await browser.get(path).status == .ok)
            let mismatch = try await browser.post(path, ["password": "brand-new-password", "password_confirm": "something-else-entirely"])
            #expect(mismatch.status == .unprocessableContent)
            #expect(!mismatch.alerts.isEmpty)
            let done = try await browser.post(path, ["password": "brand-new-password", "password_confirm": "brand-new-password"])
            #expect(done.status == .seeOther)

            #expect(try await elsewhere.get("/").status == .seeOther, "the old session ended")
            #expect(try await forum.browser().signIn("sam@example.org", password: "correct-horse-battery").status == .unprocessableContent)
            #expect(try await forum.browser().signIn("sam@example.org", password: "brand-new-password").status == .seeOther)

            let again = try await browser.post(path, ["password": "another-new-password", "password_confirm": "another-new-password"])
            #expect(again.status == .gone)
            #expect(try await forum.browser().signIn("sam@example.org", password: "brand-new-password").status == .seeOther)
        }
    }

    @Test func anExpiredLinkIsRefused() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let browser = forum.browser()
            try await browser.get("/password/forgot")
            try await browser.post("/password/forgot", ["email": "lee@example.org"])
            let path = try await mailedPath(forum.services, to: "lee@example.org", prefix: "/password/reset/")
            try await forum.services.db.query("UPDATE password_resets SET expires_at = now() - interval '1 second'")
            let page = try await browser.get(path)
            #expect(page.status == .gone)
            #expect(page.contains("expired"))
            #expect(try await browser.post(path, ["password": "brand-new-password", "password_confirm": "brand-new-password"]).status == .gone)
            #expect(try await forum.browser().signIn("lee@example.org").status == .seeOther)
        }
    }

    @Test func requestsAreRateLimitedPerAccount() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            var statuses: [Int] = []
            for _ in 1...4 {
                let browser = forum.browser()
                try await browser.get("/password/forgot")
                statuses.append(try await browser.post("/password/forgot", ["email": "sam@example.org"]).status.code)
            }
            #expect(statuses == [200, 200, 200, 429])
            #expect(try await forum.services.db.query("SELECT count(*) FROM mail_outbox")[0].decode(0, as: Int.self) == 3)
        }
    }
}

@Suite struct AdminPagesTests {
    @Test func adminsManageSchoolsAndCategoriesAndEveryChangeIsLogged() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let admin = forum.browser()
            try await admin.signIn("ada@example.org")
            try await admin.get("/admin/schools")
            #expect(try await admin.post("/admin/schools", ["name": "Lakeside Academy", "slug": "lakeside", "website": "https://lakeside.example"]).status == .seeOther)
            let duplicate = try await admin.post("/admin/schools", ["name": "Other", "slug": "lakeside"])
            #expect(duplicate.status == .unprocessableContent)
            #expect(duplicate.contains(#"value="Other""#))
            let id: Int = try await forum.services.db.query("SELECT id FROM schools WHERE slug = 'lakeside'")[0].decode(0)
            #expect(try await admin.get("/admin/schools/\(id)").contains("Lakeside Academy"))
            #expect(try await admin.post("/admin/schools/\(id)", ["name": "Lakeside Academy East", "slug": "lakeside"]).status == .seeOther)
            #expect(try await admin.get("/schools").contains("Lakeside Academy East"))
            #expect(try await admin.get("/s/lakeside").status == .ok)

            try await admin.get("/admin/categories")
            #expect(try await admin.post("/admin/categories", [
                "name": "Heads", "slug": "heads", "description": "For heads", "position": "5", "visibility": "moderators",
            ]).status == .seeOther)
            let member = forum.browser()
            try await member.signIn("sam@example.org")
            #expect(try await member.get("/c/heads").status == .notFound)
            let bad = try await admin.post("/admin/categories", ["name": "", "slug": "Bad Slug", "visibility": "everyone"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.alerts.count >= 3)

            let actions = try await forum.services.db.query("SELECT action FROM mod_log ORDER BY id").map { try $0.decode(0, as: String.self) }
            #expect(actions == ["school.create", "school.update", "category.create"])
        }
    }

    @Test func deactivatingEndsSessionsAndSignInButKeepsPosts() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            _ = try await forum.services.discussions.startThread(by: fixture.member, inCategory: "general", title: "Hello", body: "Still here", kind: .discussion)
            let member = forum.browser()
            try await member.signIn("sam@example.org")
            let admin = forum.browser()
            try await admin.signIn("ada@example.org")
            let list = try await admin.get("/admin/users?q=sam")
            #expect(list.contains("sam@example.org"))
            #expect(!list.contains("lee@example.org"))
            #expect(try await admin.post("/admin/users/\(fixture.member.id)/deactivate").status == .seeOther)
            #expect(try await member.get("/").status == .seeOther)
            let refused = try await forum.browser().signIn("sam@example.org")
            #expect(refused.status == .unprocessableContent)
            #expect(refused.alerts.contains { $0.contains("deactivated") })
            let other = forum.browser()
            try await other.signIn("lee@example.org")
            #expect(try await other.get("/").contains("Hello"))

            try await admin.get("/admin/users")
            #expect(try await admin.post("/admin/users/\(fixture.member.id)/reactivate").status == .seeOther)
            #expect(try await forum.browser().signIn("sam@example.org").status == .seeOther)
            #expect(try await admin.post("/admin/users/\(fixture.member.id)/role", ["role": "moderator"]).status == .seeOther)
            let staff = forum.browser()
            try await staff.signIn("sam@example.org")
            #expect(try await staff.get("/c/staff").status == .ok)
        }
    }
}

@Suite struct ProfileAndSettingsTests {
    @Test func profilesShowOnlyPostsTheViewerMaySee() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            _ = try await forum.services.discussions.startThread(by: fixture.moderator, inCategory: "general", title: "Open topic", body: "public words", kind: .discussion)
            _ = try await forum.services.discussions.startThread(by: fixture.moderator, inCategory: "staff", title: "Staff secret", body: "private words", kind: .discussion)
            let member = forum.browser()
            try await member.signIn("sam@example.org")
            let profile = try await member.get("/u/maya")
            #expect(profile.status == .ok)
            #expect(profile.contains("Riverbend High"))
            #expect(profile.contains("Open topic"))
            #expect(!profile.contains("Staff secret"))
            #expect(!(try await member.get("/s/riverbend").contains("Staff secret")))
            let moderator = forum.browser()
            try await moderator.signIn("maya@example.org")
            #expect(try await moderator.get("/u/maya").contains("Staff secret"))
            #expect(try await member.get("/u/nobody").status == .notFound)
        }
    }

    @Test func changingThePasswordEndsOtherSessions() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let other = forum.browser()
            try await other.signIn("sam@example.org")
            let browser = forum.browser()
            try await browser.signIn("sam@example.org")
            let settings = try await browser.get("/settings")
            #expect(settings.contains("(this browser)"))
            let wrong = try await browser.post("/settings/password", [
                "current_password": "not-it", "password": "brand-new-password", "password_confirm": "brand-new-password",
            ])
            #expect(wrong.status == .unprocessableContent)
            let changed = try await browser.post("/settings/password", [
                "current_password": "correct-horse-battery", "password": "brand-new-password", "password_confirm": "brand-new-password",
            ])
            #expect(changed.status == .seeOther)
            #expect(try await browser.get("/").status == .ok)
            #expect(try await other.get("/").status == .seeOther)
            #expect(try await browser.post("/settings/name", ["name": "Samuel"]).status == .seeOther)
            #expect(try await browser.get("/u/sam").contains("Samuel"))
        }
    }

    @Test func endingAnotherSession() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let other = forum.browser()
            try await other.signIn("sam@example.org")
            let browser = forum.browser()
            try await browser.signIn("sam@example.org")
            let sessions = try await forum.services.profiles.sessions(of: fixture.member)
            #expect(sessions.count == 2)
            let otherID = sessions.map(\.id).min()!
            try await browser.get("/settings")
            #expect(try await browser.post("/settings/sessions/\(otherID)/end").status == .seeOther)
            #expect(try await other.get("/").status == .seeOther)
            #expect(try await browser.get("/").status == .ok)
            // Someone else's session id is not found.
            let lee = forum.browser()
            try await lee.signIn("lee@example.org")
            let leeSession = try await forum.services.profiles.sessions(of: fixture.other)[0].id
            try await browser.get("/settings")
            #expect(try await browser.post("/settings/sessions/\(leeSession)/end").status == .notFound)
            #expect(try await lee.get("/").status == .ok)
        }
    }
}
