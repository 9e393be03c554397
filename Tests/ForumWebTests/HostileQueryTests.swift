import Forum
import ForumWeb
import Foundation
import Testing
import TestSupport

/// No path or query value, however large, odd or malformed, answers 5xx or stops the server:
/// a huge `?page=` once trapped on overflow and ended the whole process; `%00` in a filter
/// answered 500 (PostgreSQL text holds no NUL). Routes come from the router itself, so a GET
/// route added tomorrow is covered without touching this file.
@Suite struct HostileQueryTests {
    /// Every query parameter any handler reads (see `RequestInput` and `formQuery`).
    static let parameters = ["page", "quote", "q", "category", "author", "actor", "action", "next", "kind", "to",
                             "element", "stage"]

    /// Already percent-encoded, as they would appear in a URL.
    static let hostileValues = [
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "99999999999999999999999999",
        "-1", "0", "1e400", "0x10", "+5", "%00", "a%00b", "%ff%fe", "%C0%80", "%", "%zz",
        String(repeating: "9", count: 5_000), String(repeating: "x", count: 5_000),
    ]

    @Test func hostileValuesInEveryGetRouteNeverAnswer5xx() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            var browsers: [(email: String, browser: Browser)] = []
            for email in ["sam@example.org", "maya@example.org", "ada@example.org"] {
                let browser = forum.browser()
                try await browser.signIn(email)
                browsers.append((email, browser))
            }
            // After signing in: the targets include a session id.
            let targets = try await RouteTargets.load(forum, fixture)
            let getRoutes = try await allRoutes(forum).filter { $0.method == .get }.map(\.path)
            #expect(getRoutes.count >= 20, "\(getRoutes)")
            #expect(getRoutes.contains("/notifications") && getRoutes.contains("/t/{id}"))

            for (email, browser) in browsers {
                for pattern in getRoutes {
                    let path = targets.fill(pattern)
                    for value in Self.hostileValues {
                        let query = Self.parameters.map { "\($0)=\(value)" }.joined(separator: "&")
                        let page = try await browser.get(path + "?" + query)
                        #expect(page.status.code < 500, "\(email) GET \(path)?…=\(value.prefix(30)): \(page.status)")
                    }
                    for hostilePath in Self.withHostileParameters(pattern) {
                        let page = try await browser.get(hostilePath)
                        #expect(page.status.code < 500, "\(email) GET \(hostilePath.prefix(80)): \(page.status)")
                    }
                }
            }
            let health = try await forum.browser().get("/healthz")
            #expect(health.status == .ok)
        }
    }

    /// The pattern with each of its parameters in turn replaced by each hostile value.
    static func withHostileParameters(_ pattern: String) -> [String] {
        let parts = pattern.split(separator: "/").map(String.init)
        var paths: [String] = []
        for (index, part) in parts.enumerated() where part.hasPrefix(":") || part.hasPrefix("{") {
            for value in hostileValues {
                var replaced = parts
                replaced[index] = value
                // The other parameters keep a plain, valid-looking value.
                paths.append("/" + replaced.map { $0.hasPrefix("{") || $0.hasPrefix(":") ? "1" : $0 }.joined(separator: "/"))
            }
        }
        return paths
    }

    @Test func hugePageNumbersShowAPageInsteadOfTrapping() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let thread = try await startThread(forum, by: fixture.member, title: "Paged thread")
            let browser = forum.browser()
            try await browser.signIn("ada@example.org")
            for path in ["/notifications", "/c/general", "/t/\(thread.threadID)", "/mod/log", "/admin/users",
                         "/admin/invitations", "/search?q=paged"] {
                let separator = path.contains("?") ? "&" : "?"
                let page = try await browser.get(path + separator + "page=9223372036854775807")
                #expect(page.status == .ok || page.status == .notFound, "\(path): \(page.status)")
            }
            #expect(try await browser.get("/healthz").status == .ok)
        }
    }

    @Test func nulInFiltersIsDroppedNotSentToPostgreSQL() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let browser = forum.browser()
            try await browser.signIn("ada@example.org")
            for path in ["/mod/log?actor=%00", "/mod/log?action=a%00b", "/mod/members?q=%00", "/admin/users?q=%00",
                         "/search?q=x&author=%00&category=%00", "/login?next=%00", "/admin/users?q=%ff%fe"] {
                let page = try await browser.get(path)
                #expect(page.status == .ok || page.status == .seeOther, "\(path): \(page.status)")
            }
        }
    }

    /// Handlers read the query string only through `formQuery` and `RequestInput`, which
    /// clean and bound what they hand out; a direct `uri.queryParameters` would bypass both.
    @Test func noHandlerReadsTheRawQueryString() throws {
        let sources = TestDatabase.packageRoot.appendingPathComponent("Sources/ForumWeb")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        #expect(files.count > 10)
        for file in files where file.lastPathComponent != "QueryForm.swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.contains("queryParameters"), "\(file.lastPathComponent) reads uri.queryParameters")
            #expect(!text.contains("Int(try context.parameters"), "\(file.lastPathComponent) parses a path id by hand")
        }
    }
}
