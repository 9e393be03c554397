import Forum
import Testing

@Suite struct CSRFCookieTests {
    /// A signed-in member's POST carries the session's token or nothing: the anonymous
    /// double-submit pair (`_csrf` equal to a cookie anyone able to plant cookies can set)
    /// once passed for signed-in members too.
    @Test func signedInPostsRefuseTheAnonymousDoubleSubmitToken() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let browser = forum.browser()
            try await browser.signIn("sam@example.org")
            for planted in ["x", String(repeating: "A", count: 43)] {
                browser.setCookie("rt_csrf", planted)
                let forged = try await browser.post("/settings/name", ["name": "Forged", "_csrf": planted])
                #expect(forged.status == .forbidden, "planted \(planted.count)-character token: \(forged.status)")
            }
            let name: String = try await forum.services.db.query("SELECT name FROM users WHERE id = $1", [fixture.member.id])[0].decode(0)
            #expect(name == "Sam")
            // The session's own token still works.
            browser.setCookie("rt_csrf", nil)
            try await browser.get("/settings")
            #expect(try await browser.post("/settings/name", ["name": "Samantha"]).status == .seeOther)
        }
    }

    /// Under https the session and CSRF cookies take the `__Host-` prefix (Secure, Path=/,
    /// no Domain), and the forum reads them under that name.
    @Test func underHttpsTheCookiesTakeTheHostPrefix() async throws {
        try await withForum(baseURL: "https://forum.example.org") { forum in
            _ = try await Fixture.load(forum.services)
            let browser = forum.browser()
            let login = try await browser.get("/login")
            let csrf = try #require(login.headers[values: .setCookie].first { $0.hasPrefix("__Host-rt_csrf=") })
            for attribute in ["Secure", "Path=/", "HttpOnly"] { #expect(csrf.contains(attribute)) }
            #expect(!csrf.lowercased().contains("domain="))
            let signedIn = try await browser.post("/login", ["email": "sam@example.org", "password": "correct-horse-battery"])
            #expect(signedIn.status == .seeOther)
            let session = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("__Host-rt_session=") })
            for attribute in ["Secure", "Path=/", "HttpOnly", "SameSite=Lax"] { #expect(session.contains(attribute)) }
            #expect(!session.lowercased().contains("domain="))
            #expect(browser.cookies["rt_session"] == nil)
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.contains(#"href="/u/sam""#))
            // An unprefixed cookie, as a sibling subdomain could plant, is not read.
            let planted = forum.browser()
            planted.setCookie("rt_session", try #require(browser.cookies["__Host-rt_session"]))
            #expect(try await planted.get("/").status == .seeOther)
            #expect(try await browser.post("/logout").status == .seeOther)
            #expect(browser.cookies["__Host-rt_session"] == nil)
        }
    }
}
