import Forum
import Foundation
import NIOCore
import Testing

@Suite struct SecurityTests {
    @Test func postsWithoutAValidCSRFTokenAreRefusedAndChangeNothing() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let browser = forum.browser()
            try await browser.signIn("sam@example.org")
            let fields = ["title": "Forged", "body": "Posted by another site", "kind": "discussion"]
            let missing = try await browser.post("/c/general/new", fields, withCSRF: false)
            #expect(missing.status == .forbidden)
            var wrong = fields
            wrong["_csrf"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            #expect(try await browser.post("/c/general/new", wrong).status == .forbidden)
            #expect(try await browser.post("/login", ["email": "a@b.c", "password": "x"], withCSRF: false).status == .forbidden)
            let count = try await forum.services.db.query("SELECT count(*) FROM threads")[0].decode(0, as: Int.self)
            #expect(count == 0)
            // The same token keeps working for the whole session (several tabs).
            #expect(try await browser.post("/c/general/new", fields).status == .seeOther)
            #expect(try await browser.post("/c/general/new", ["title": "Again", "body": "Second tab"]).status == .seeOther)
        }
    }

    @Test func everyResponseCarriesStrictHeaders() async throws {
        try await withForum { forum in
            let browser = forum.browser()
            for path in ["/login", "/", "/no-such-page", "/static/roundtable.css", "/healthz"] {
                let page = try await browser.get(path)
                let policy = page.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("frame-ancestors 'none'"), "\(path)")
                #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), "\(path)")
                #expect(page.headers[.xContentTypeOptions] == "nosniff", "\(path)")
                #expect(page.headers[values: .init("Referrer-Policy")!].first == "same-origin", "\(path)")
            }
        }
    }

    @Test func oversizedBodiesAre413AndMalformedInputNever500() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let browser = forum.browser()
            try await browser.signIn("sam@example.org")
            let huge = String(repeating: "a", count: 2 * 1024 * 1024 + 10)
            let tooLarge = try await browser.send("/c/general/new", method: .post, body: ByteBuffer(string: "body=" + huge),
                                                  contentType: "application/x-www-form-urlencoded")
            #expect(tooLarge.status == .contentTooLarge)
            for body in ["%%%", "&&&==", "title=%ZZ&body=%", "\u{0}\u{1}", String(repeating: "=", count: 5000)] {
                let page = try await browser.send("/c/general/new", method: .post, body: ByteBuffer(string: body),
                                                  contentType: "application/x-www-form-urlencoded")
                #expect(page.status != .internalServerError)
            }
            let multipart = try await browser.send("/c/general/new", method: .post, body: ByteBuffer(string: "garbage"),
                                                   contentType: "multipart/form-data; boundary=x")
            #expect(multipart.status == .forbidden)
            #expect(try await browser.get("/t/99999999999999999999").status == .notFound)
            #expect(try await browser.get("/t/abc").status == .notFound)
            #expect(try await browser.get("/c/general?page=-5").status == .ok)
        }
    }

    @Test func stylesheetIsServedToEveryone() async throws {
        try await withForum { forum in
            let css = try await forum.browser().get("/static/roundtable.css")
            #expect(css.status == .ok)
            #expect(css.headers[.contentType]?.hasPrefix("text/css") == true)
            #expect(css.contains(".skip-link"))
            #expect(try await forum.browser().get("/static/nope.css").status == .notFound)
            for path in ["/static/../Package.swift", "/static/%2e%2e/Package.swift", "/static/..%2fPackage.swift"] {
                let page = try await forum.browser().get(path)
                #expect(!page.contains("swift-tools-version"), "\(path) answered \(page.status)")
            }
        }
    }

    @Test func healthReportsTheDatabase() async throws {
        try await withForum { forum in
            let page = try await forum.browser().get("/healthz")
            #expect(page.status == .ok)
            #expect(page.html.hasPrefix("ok"))
        }
    }
}
