import Forum
import Testing

@Suite struct SignInTests {
    @Test func anonymousVisitorsAreSentToSignInAndBroughtBack() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let browser = forum.browser()
            let page = try await browser.get("/c/general?page=2")
            #expect(page.status == .seeOther)
            #expect(page.location == "/login?next=/c/general%3Fpage%3D2")
            let login = try await browser.get(page.location!)
            #expect(login.contains(#"name="next" value="/c/general?page=2""#))
            let signedIn = try await browser.post("/login", [
                "email": "sam@example.org", "password": "correct-horse-battery", "next": "/c/general?page=2",
            ])
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.location == "/c/general?page=2")
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.contains(#"class="username" href="/u/sam">sam</a>"#))
        }
    }

    @Test func signingInIssuesANewHttpOnlySameSiteSession() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let browser = forum.browser()
            browser.setCookie("rt_session", "planted-by-an-attacker")
            try await browser.get("/login")
            let response = try await browser.post("/login", ["email": "SAM@example.org", "password": "correct-horse-battery"])
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("rt_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("planted-by-an-attacker"))
            let first = try #require(browser.cookies["rt_session"])
            try await browser.get("/")  // as after the redirect: the page carries the session's token

            let out = try await browser.post("/logout")
            #expect(out.status == .seeOther, "\(out.headers)")
            #expect(browser.cookies["rt_session"] == nil)
            browser.setCookie("rt_session", first)  // the old cookie no longer works
            #expect(try await browser.get("/").status == .seeOther)
        }
    }

    @Test func wrongPasswordShowsTheFormAgainWithTheEmailKept() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let browser = forum.browser()
            try await browser.get("/login")
            let page = try await browser.post("/login", ["email": "sam@example.org", "password": "not-the-password"])
            #expect(page.status == .unprocessableContent)
            #expect(page.alerts.count == 1)
            #expect(page.contains(#"value="sam@example.org""#))
            #expect(!page.contains("not-the-password"))
            #expect(browser.cookies["rt_session"] == nil)
        }
    }

    /// Wrong passwords lock out the address that sent them, not the account's owner
    /// elsewhere; once an account is under attack from many addresses, each of them gets only
    /// a few guesses (`SignInThrottle`).
    @Test func failedSignInsAreLimitedPerAccountAndAddressWithoutLockingTheOwnerOut() async throws {
        try await withForum(signInLimit: 5, trustProxy: true) { forum in
            _ = try await Fixture.load(forum.services)
            func attempt(from address: String, password: String) async throws -> Page {
                let browser = forum.browser(address: address)
                try await browser.get("/login")
                return try await browser.post("/login", ["email": "sam@example.org", "password": password])
            }
            for number in 1...5 {
                #expect(try await attempt(from: "203.0.113.1", password: "wrong-\(number)").status == .unprocessableContent)
            }
            let limited = try await attempt(from: "203.0.113.1", password: "correct-horse-battery")
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(limited.alerts.count == 1)
            // The owner, at home, still gets in.
            #expect(try await attempt(from: "198.51.100.7", password: "correct-horse-battery").status == .seeOther)

            // Many addresses: past the account's limit, an address with its allowance spent waits...
            for host in 1...7 {
                for number in 1...SignInThrottle.allowance {
                    let page = try await attempt(from: "192.0.2.\(host)", password: "guess-\(host)-\(number)")
                    #expect(page.status == .unprocessableContent, "192.0.2.\(host) guess \(number): \(page.status)")
                }
            }
            #expect(try await attempt(from: "192.0.2.1", password: "correct-horse-battery").status == .tooManyRequests)
            // ...while an address that hasn't failed may still sign in.
            #expect(try await attempt(from: "198.51.100.8", password: "correct-horse-battery").status == .seeOther)
        }
    }

    @Test func nextMustStayInsideTheForum() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            for hostile in ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"] {
                let browser = forum.browser()
                try await browser.get("/login")
                let page = try await browser.post("/login", [
                    "email": "sam@example.org", "password": "correct-horse-battery", "next": hostile,
                ])
                #expect(page.location == "/", "next=\(hostile)")
            }
        }
    }

    @Test func suspendedMembersCannotSignInAndLoseTheirSessions() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let browser = forum.browser()
            try await browser.signIn("sam@example.org")
            #expect(try await browser.get("/").status == .ok)
            try await forum.services.db.query("""
                UPDATE users SET suspended_at = now(), suspended_until = now() + interval '3 days', suspension_reason = 'spam'
                WHERE id = $1
                """, [fixture.member.id])
            #expect(try await browser.get("/").status == .seeOther)
            let page = try await forum.browser().signIn("sam@example.org")
            #expect(page.status == .unprocessableContent)
            #expect(page.alerts.first?.contains("suspended until") == true)
        }
    }
}
