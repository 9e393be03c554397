import Forum
import ForumWeb
import Foundation
import HTTPTypes
import Hummingbird
import Testing
import TestSupport

/// Real ids for every path parameter the routes take, so each forged POST reaches a route that
/// would otherwise act on something that exists.
struct RouteTargets {
    var threadID: Int
    var postID: Int
    var flagID: Int
    var schoolID: Int
    var categoryID: Int
    var userID: Int
    var sessionID: Int
    var invitationID: Int
    var invitationToken: String
    var conversationID: Int = 0

    static func load(_ forum: TestForum, _ fixture: Fixture) async throws -> RouteTargets {
        let thread = try await startThread(forum, by: fixture.member, title: "Target thread")
        let reply = try await forum.services.discussions.reply(by: fixture.other, toThread: thread.threadID, body: "A reply")
        _ = try await forum.services.moderation.flag(reply.postID, by: fixture.member, reason: "Rude")
        let invitation = try await forum.services.invitations.create(
            email: "new@example.org", role: "member", schoolSlug: "harbor", invitedBy: fixture.admin.id,
            linkBase: "http://127.0.0.1:8080")
        let db = forum.services.db
        // A conversation the admin (the forging browser) takes part in, so its actions would act.
        let conversation = try await forum.services.messages.start(by: fixture.admin, to: "sam", subject: "Target", body: "Hi")
        var targets = RouteTargets(
            threadID: thread.threadID, postID: reply.postID,
            flagID: try await db.query("SELECT id FROM flags LIMIT 1")[0].decode(0),
            schoolID: try await db.query("SELECT id FROM schools WHERE slug = 'harbor'")[0].decode(0),
            categoryID: try await db.query("SELECT id FROM categories WHERE slug = 'general'")[0].decode(0),
            userID: fixture.other.id,
            sessionID: try await db.query("SELECT id FROM sessions ORDER BY id LIMIT 1")[0].decode(0),
            invitationID: invitation.id,
            invitationToken: String(invitation.url.split(separator: "/").last ?? ""))
        targets.conversationID = conversation.conversationID
        return targets
    }

    /// A route pattern such as `/t/:id/reply` with its parameters filled in.
    func fill(_ pattern: String) -> String {
        let parts = pattern.split(separator: "/").map(String.init)
        var filled: [String] = []
        for (index, part) in parts.enumerated() {
            guard part.hasPrefix(":") || part.hasPrefix("{") else { filled.append(part); continue }
            let name = part.trimmingCharacters(in: CharacterSet(charactersIn: ":{}"))
            let owner = parts.prefix(index).joined(separator: "/")
            switch (name, owner) {
            case ("id", "t"), ("id", "mod/threads"): filled.append(String(threadID))
            case ("id", "p"): filled.append(String(postID))
            case ("id", "mod/flags"): filled.append(String(flagID))
            case ("id", "admin/schools"): filled.append(String(schoolID))
            case ("id", "admin/categories"): filled.append(String(categoryID))
            case ("id", "admin/users"): filled.append(String(userID))
            case ("id", "admin/invitations"): filled.append(String(invitationID))
            case ("id", "settings/sessions"): filled.append(String(sessionID))
            case ("id", "messages"): filled.append(String(conversationID))
            // No file is attached in the fixture: the hostile values meet the id parsing and the 404.
            case ("id", "files"): filled.append("1")
            case ("filename", _): filled.append("notes.pdf")
            case ("username", _): filled.append("lee")
            case ("slug", _): filled.append("general")
            case ("token", _): filled.append(invitationToken)
            default:
                Issue.record("No fixture value for parameter \(part) in \(pattern)")
                filled.append("1")
            }
        }
        return "/" + filled.joined(separator: "/")
    }
}

/// Everything a forged request could change, as one comparable value: the whole content of
/// every table except the bookkeeping that reading pages updates (sessions' last-seen time).
func databaseFingerprint(_ forum: TestForum) async throws -> [String: String] {
    let tables = ["schools", "users", "categories", "threads", "posts", "mod_log", "mail_outbox", "invitations",
                  "password_resets", "post_revisions", "post_reactions", "notifications", "thread_watches", "flags",
                  "mail_tokens", "conversations", "conversation_members", "messages"]
    var fingerprint: [String: String] = [:]
    for table in tables {
        // Table names come from the fixed list above, never from input.
        let row = try await forum.services.db.query(
            "SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM \(table) t")
        fingerprint[table] = try row[0].decode(0, as: String.self)
    }
    fingerprint["sessions"] = try await forum.services.db.query(
        "SELECT string_agg(id::text || user_id::text, ',' ORDER BY id) FROM sessions")[0].decode(0, as: String?.self) ?? ""
    return fingerprint
}

/// Every route the router knows, read from the router itself so a route added tomorrow is
/// covered without touching this file.
func allRoutes(_ forum: TestForum) async throws -> [(method: HTTPRequest.Method, path: String)] {
    let configuration = WebConfiguration(baseURL: "http://127.0.0.1:8080", rootDirectory: TestDatabase.packageRoot)
    let renderer = Renderer()
    let router = buildRouter(services: forum.services, configuration: configuration, renderer: renderer)
    return router.routes.map { (method: $0.method, path: $0.path.description) }
}

@Suite struct RouteSecurityTests {
    @Test func everyPostRouteRefusesAMissingOrWrongCSRFTokenAndChangesNothing() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            // The admin may do everything, so a 403 here can only come from the token check.
            let browser = forum.browser()
            try await browser.signIn("ada@example.org")
            let targets = try await RouteTargets.load(forum, fixture)
            // The one exception, one-click unsubscribe, has tests of its own (MemberMailPagesTests).
            let postRoutes = try await allRoutes(forum).filter { $0.method == .post && $0.path != "/unsubscribe/{token}" }.map(\.path)
            // A sanity floor: the router listing must really be the forum's routes.
            #expect(postRoutes.count >= 40, "\(postRoutes)")
            #expect(postRoutes.contains("/t/{id}/reply"))

            let before = try await databaseFingerprint(forum)
            let fields = ["title": "Forged", "body": "Forged", "reason": "Forged", "action": "hide", "category": "general",
                          "status": "closed", "reaction": "helpful", "email": "x@example.org", "role": "admin",
                          "name": "Forged", "slug": "forged", "password": "correct-horse-battery"]
            for pattern in postRoutes {
                let path = targets.fill(pattern)
                let missing = try await browser.post(path, fields, withCSRF: false)
                #expect(missing.status == .forbidden, "POST \(path) without _csrf answered \(missing.status)")
                var wrong = fields
                wrong["_csrf"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                let forged = try await browser.post(path, wrong)
                #expect(forged.status == .forbidden, "POST \(path) with a wrong _csrf answered \(forged.status)")
            }
            #expect(try await databaseFingerprint(forum) == before)
            // Still signed in: the forged logout did not end the session.
            #expect(try await browser.get("/").status == .ok)
        }
    }
}

@Suite struct CrossSiteScriptingTests {
    static let corpus = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "\"><svg onload=alert(1)>",
        "[click](javascript:alert(1)) javascript:alert(1)",
        "[click](data:text/html,<script>alert(1)</script>) data:text/html,<b>x</b>",
        "{{7*7}} {{{layout}}}",
        "'><iframe src=javascript:alert(1)>",
    ]

    /// Markup that would run script or open a script URL if any of the corpus got through.
    static let dangerous = ["<script>alert", "<img src=x", "<svg onload", "<iframe",
                            "href=\"javascript:", "href=\"data:", "src=\"javascript:", "src=\"data:", "<b>x</b>"]

    static func expectSafe(_ page: Page, _ where_: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for marker in dangerous {
            #expect(!page.html.contains(marker), "\(where_) shows unescaped \(marker)", sourceLocation: sourceLocation)
        }
    }

    @Test func everyFieldAMemberFillsIsShownEscapedEverywhere() async throws {
        try await withForum(postLimit: 1000) { forum in
            let fixture = try await Fixture.load(forum.services)
            let sam = forum.browser(), maya = forum.browser(), lee = forum.browser()
            try await sam.signIn("sam@example.org")
            try await maya.signIn("maya@example.org")
            try await lee.signIn("lee@example.org")
            for (index, payload) in Self.corpus.enumerated() {
                let target = try await startThread(forum, by: fixture.other, title: "Lee asks \(index)", body: "Hello @sam")
                var pages: [(String, Page)] = []

                let name = try await sam.post("/settings/name", ["name": payload])
                #expect(name.status == .seeOther || name.status == .unprocessableContent, "\(name.status)")
                pages.append(("settings answer", name))
                let created = try await sam.post("/c/general/new", ["title": payload, "body": payload, "kind": "discussion"])
                #expect(created.status == .seeOther)
                let reply = try await sam.post("/t/\(target.threadID)/reply", ["body": "@lee " + payload])
                #expect(reply.status == .seeOther)
                let flag = try await sam.post("/p/\(target.postID)/flag", ["reason": payload])
                #expect(flag.status == .seeOther, "\(flag.status)")
                let lock = try await maya.post("/t/\(target.threadID)/lock", ["reason": payload])
                #expect(lock.status == .seeOther, "\(lock.status)")

                let query = Browser.encode(payload)
                let threadPath = created.location ?? "/"
                for path in ["/", "/c/general", threadPath, "/t/\(target.threadID)", "/search?q=\(query)", "/u/sam", "/settings",
                             "/c/general/new?title=\(query)"] {
                    pages.append(("sam \(path)", try await sam.get(path)))
                }
                for path in ["/mod/flags", "/mod/log", "/u/sam", "/search?q=\(query)"] {
                    pages.append(("maya \(path)", try await maya.get(path)))
                }
                pages.append(("lee /notifications", try await lee.get("/notifications")))
                for (where_, page) in pages { Self.expectSafe(page, "\(payload) on \(where_)") }

                let thread = try await sam.get(threadPath)
                #expect(thread.status == .ok)
                if payload.hasPrefix("{{") {
                    // Shown literally, never evaluated as a template.
                    #expect(thread.contains("{{7*7}}") && !thread.contains(">49<"))
                } else if payload.hasPrefix("<script>") {
                    #expect(thread.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                }
            }
        }
    }
}

/// Who may do what, written out as a table: one row per route, one column per role.
/// `login` means 303 to /login?next=<path>; a suspended member is sent to sign in again.
@Suite struct AuthorizationMatrixTests {
    enum Answer: Equatable, CustomStringConvertible {
        case ok, login, seeOther, forbidden, notFound
        var description: String {
            switch self {
            case .ok: "200"; case .login: "303 /login"; case .seeOther: "303"; case .forbidden: "403"; case .notFound: "404"
            }
        }
    }

    //                         anonymous  member      moderator  admin      suspended
    static let pages: [(String, [Answer])] = [
        ("/",                   [.login, .ok,        .ok,       .ok,       .login]),
        ("/c/general",          [.login, .ok,        .ok,       .ok,       .login]),
        ("/c/general/new",      [.login, .ok,        .ok,       .ok,       .login]),
        ("/c/staff",            [.login, .notFound,  .ok,       .ok,       .login]),
        ("/c/staff/new",        [.login, .notFound,  .ok,       .ok,       .login]),
        ("/t/{thread}",         [.login, .ok,        .ok,       .ok,       .login]),
        ("/t/{staffThread}",    [.login, .notFound,  .ok,       .ok,       .login]),
        ("/p/{post}/edit",      [.login, .ok,        .ok,       .ok,       .login]),
        ("/p/{otherPost}/edit", [.login, .forbidden, .ok,       .ok,       .login]),
        ("/p/{post}/history",   [.login, .ok,        .ok,       .ok,       .login]),
        ("/search?q=rubric",    [.login, .ok,        .ok,       .ok,       .login]),
        ("/u/sam",              [.login, .ok,        .ok,       .ok,       .login]),
        ("/notifications",      [.login, .ok,        .ok,       .ok,       .login]),
        ("/settings",           [.login, .ok,        .ok,       .ok,       .login]),
        ("/settings/2fa",       [.login, .ok,        .ok,       .ok,       .login]),
        ("/settings/export",    [.login, .ok,        .ok,       .ok,       .login]),
        ("/settings/delete",    [.login, .ok,        .ok,       .ok,       .login]),
        ("/mod/flags",          [.login, .notFound,  .ok,       .ok,       .login]),
        ("/mod/log",            [.login, .notFound,  .ok,       .ok,       .login]),
        ("/mod/members",        [.login, .notFound,  .ok,       .ok,       .login]),
        ("/admin/users",        [.login, .notFound,  .notFound, .ok,       .login]),
        ("/admin/invitations",  [.login, .notFound,  .notFound, .ok,       .login]),
        ("/admin/schools",      [.login, .notFound,  .notFound, .ok,       .login]),
        ("/admin/categories",   [.login, .notFound,  .notFound, .ok,       .login]),
        ("/admin/security",     [.login, .notFound,  .notFound, .ok,       .login]),
    ]

    //                                    anonymous  member      moderator  admin      suspended
    static let actions: [(String, [String: String], [Answer])] = [
        ("/p/{modPost}/hide",              [:], [.login, .forbidden, .seeOther, .seeOther, .login]),
        ("/mod/flags/{flag}/resolve",      ["action": "dismiss"], [.login, .notFound, .seeOther, .seeOther, .login]),
        ("/u/{target}/suspend",            ["reason": "spam"], [.login, .forbidden, .seeOther, .seeOther, .login]),
        ("/admin/invitations",             ["email": "x{n}@example.org", "role": "member"],
                                                [.login, .notFound, .notFound, .seeOther, .login]),
        ("/admin/schools",                 ["name": "School {n}", "slug": "school-{n}"],
                                                [.login, .notFound, .notFound, .seeOther, .login]),
    ]

    func answer(_ page: Page, path: String) -> Answer? {
        switch page.status {
        case .ok: return .ok
        case .forbidden: return .forbidden
        case .notFound: return .notFound
        case .seeOther: return page.location?.hasPrefix("/login") == true ? .login : .seeOther
        default: return nil
        }
    }

    @Test func everyRoleGetsTheAnswerTheTableSays() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let thread = try await startThread(forum, by: fixture.member, title: "Rubric talk")
            let other = try await forum.services.discussions.reply(by: fixture.moderator, toThread: thread.threadID, body: "Reply")
            let staff = try await startThread(forum, by: fixture.moderator, in: "staff", title: "Staff only")
            let cast = try await Cast.load(forum, fixture)
            let roles = [cast.anonymous, cast.member, cast.moderator, cast.admin, cast.suspended]
            let roleNames = ["anonymous", "member", "moderator", "admin", "suspended"]

            func fill(_ pattern: String) -> String {
                pattern.replacingOccurrences(of: "{thread}", with: String(thread.threadID))
                    .replacingOccurrences(of: "{staffThread}", with: String(staff.threadID))
                    .replacingOccurrences(of: "{post}", with: String(thread.postID))
                    .replacingOccurrences(of: "{otherPost}", with: String(other.postID))
            }
            for (pattern, expected) in Self.pages {
                let path = fill(pattern)
                for (index, browser) in roles.enumerated() {
                    let page = try await browser.get(path)
                    let got = answer(page, path: path)
                    #expect(got == expected[index], "GET \(path) as \(roleNames[index]): \(page.status) \(page.location ?? "")")
                    if index == 0 { #expect(page.location?.hasPrefix("/login?next=") == true, "\(path)") }
                }
            }

            // Each role acts on targets of its own, so one role's success cannot change another's answer.
            for (index, browser) in roles.enumerated() {
                let target = try await makeMember(forum.services, username: "target\(index)", school: "harbor")
                let modThread = try await startThread(forum, by: fixture.moderator, title: "Moderator thread \(index)")
                _ = try await forum.services.moderation.flag(modThread.postID, by: fixture.member, reason: "Check")
                let flagID: Int = try await forum.services.db.query(
                    "SELECT id FROM flags WHERE post_id = $1", [modThread.postID])[0].decode(0)
                for (pattern, fields, expected) in Self.actions {
                    let path = pattern.replacingOccurrences(of: "{modPost}", with: String(modThread.postID))
                        .replacingOccurrences(of: "{flag}", with: String(flagID))
                        .replacingOccurrences(of: "{target}", with: target.username)
                    let filled = fields.mapValues { $0.replacingOccurrences(of: "{n}", with: String(index)) }
                    let page = try await browser.post(path, filled)
                    #expect(answer(page, path: path) == expected[index],
                            "POST \(path) as \(roleNames[index]): \(page.status) \(page.location ?? "")")
                    if index == 0 { #expect(page.location == "/login?next=" + path) }
                }
            }
        }
    }
}

/// What SignInTests leaves out: the Secure flag behind TLS, the cookie an accepted invitation
/// issues, and `next` values that only look local.
@Suite struct SessionHardeningTests {
    @Test func behindTLSEveryCookieIsSecure() async throws {
        try await withForum(baseURL: "https://forum.example") { forum in
            _ = try await Fixture.load(forum.services)
            let browser = forum.browser()
            let form = try await browser.get("/login")
            #expect(form.headers[values: .setCookie].contains { $0.hasPrefix("__Host-rt_csrf=") })
            for cookie in form.headers[values: .setCookie] {
                #expect(cookie.contains("; Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "\(cookie)")
            }
            let signedIn = try await browser.post("/login", ["email": "sam@example.org", "password": "correct-horse-battery"])
            let session = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("__Host-rt_session=") })
            #expect(session.contains("; Secure") && session.contains("HttpOnly") && session.contains("SameSite=Lax"))
        }
    }

    @Test func acceptingAnInvitationIgnoresAPlantedSessionAndIssuesAHardenedOne() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let invitation = try await forum.services.invitations.create(
                email: "newcomer@example.org", role: "member", schoolSlug: "harbor", invitedBy: fixture.admin.id,
                linkBase: "http://127.0.0.1:8080")
            let path = String(invitation.url.dropFirst("http://127.0.0.1:8080".count))
            let visitor = forum.browser()
            visitor.setCookie("rt_session", "planted-by-an-attacker")
            try await visitor.get(path)
            let joined = try await visitor.post(path, [
                "username": "newcomer", "name": "New Comer", "password": "a-long-good-password",
                "password_confirm": "a-long-good-password",
            ])
            #expect(joined.status == .seeOther)
            let cookie = try #require(joined.headers[values: .setCookie].first { $0.hasPrefix("rt_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("planted-by-an-attacker"))
            #expect(visitor.cookies["rt_session"] != "planted-by-an-attacker")
            #expect(try await visitor.get("/").status == .ok)
        }
    }

    @Test func nextThatOnlyLooksLocalNeverLeavesTheForum() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let hostile = ["/\t/evil.example", "/\n/evil.example", "\\\\evil.example", " //evil.example", "https:evil.example",
                           "//evil.example/%2F..", "/\\/evil.example", "%2F%2Fevil.example", "data:text/html,x"]
            for next in hostile {
                let form = try await forum.browser().get("/login?next=" + Browser.encode(next))
                #expect(form.status == .ok)
                #expect(!form.contains("evil.example") && !form.contains("data:text"), "login form kept next=\(next)")
                let browser = forum.browser()
                try await browser.get("/login")
                let page = try await browser.post("/login", [
                    "email": "sam@example.org", "password": "correct-horse-battery", "next": next,
                ])
                #expect(page.status == .seeOther)
                let location = page.location ?? ""
                #expect(location.hasPrefix("/") && !location.hasPrefix("//") && !location.hasPrefix("/\\")
                        && !location.contains("evil.example"), "next=\(next) sent the member to \(location)")
            }
        }
    }
}
