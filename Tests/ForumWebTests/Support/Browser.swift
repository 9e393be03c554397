import Forum
import ForumWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Hummingbird
import NIOCore
import Postgres
import Synchronization
import TestSupport

/// A page as a browser received it.
struct Page: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var html: String

    var location: String? { headers[.location] }

    /// The value of the first hidden `_csrf` field on the page.
    var csrfToken: String? { firstMatch(#"name="_csrf" value="([^"]+)""#) }

    /// The texts of every element with role="alert".
    var alerts: [String] { allMatches(#"role="alert"[^>]*>([^<]*)<"#) }

    func firstMatch(_ pattern: String) -> String? { allMatches(pattern).first }

    func allMatches(_ pattern: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(html.startIndex..., in: html)
        return regex.matches(in: html, range: range).compactMap { match in
            guard match.numberOfRanges > 1, let group = Range(match.range(at: 1), in: html) else { return nil }
            return String(html[group])
        }
    }

    func contains(_ text: String) -> Bool { html.contains(text) }
}

/// Drives the forum as a browser would: keeps cookies, echoes the CSRF token of the last page
/// it saw, and follows nothing by itself so tests can check each 303.
final class Browser: Sendable {
    private let client: any TestClientProtocol
    private let state = Mutex<(cookies: [String: String], csrf: String?)>(([:], nil))
    /// Sent as `X-Forwarded-For`, for forums that trust a proxy: a browser at another address.
    private let address: String?

    init(_ client: any TestClientProtocol, address: String? = nil) {
        self.client = client
        self.address = address
    }

    var cookies: [String: String] { state.withLock { $0.cookies } }

    /// The CSRF token of the last page seen.
    var csrf: String? { state.withLock { $0.csrf } }

    func setCookie(_ name: String, _ value: String?) {
        state.withLock { $0.cookies[name] = value }
    }

    @discardableResult
    func get(_ path: String) async throws -> Page {
        try await send(path, method: .get, body: nil, contentType: nil)
    }

    /// Posts a form. `_csrf` is added from the last page seen unless `fields` sets it (or
    /// `withCSRF` is false); a page is fetched first when none was seen yet.
    @discardableResult
    func post(_ path: String, _ fields: [String: String] = [:], withCSRF: Bool = true) async throws -> Page {
        var fields = fields
        if withCSRF, fields["_csrf"] == nil {
            if state.withLock({ $0.csrf }) == nil { try await get("/login") }
            fields["_csrf"] = state.withLock { $0.csrf }
        }
        let body = fields.map { key, value in "\(Self.encode(key))=\(Self.encode(value))" }.joined(separator: "&")
        return try await send(path, method: .post, body: ByteBuffer(string: body), contentType: "application/x-www-form-urlencoded")
    }

    /// Posts a raw body with the page's CSRF token in a multipart form.
    func postMultipart(_ path: String, fields: [String: String], file: (name: String, filename: String, content: String)) async throws -> Page {
        if state.withLock({ $0.csrf }) == nil { try await get("/login") }
        let boundary = "----roundtable-test-boundary"
        var fields = fields
        if fields["_csrf"] == nil { fields["_csrf"] = state.withLock { $0.csrf } }
        var body = ""
        for (name, value) in fields {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\n"
        body += "Content-Type: text/csv\r\n\r\n\(file.content)\r\n--\(boundary)--\r\n"
        return try await send(path, method: .post, body: ByteBuffer(string: body), contentType: "multipart/form-data; boundary=\(boundary)")
    }

    func send(_ path: String, method: HTTPRequest.Method, body: ByteBuffer?, contentType: String?) async throws -> Page {
        var headers = HTTPFields()
        let cookieHeader = state.withLock { $0.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if !cookieHeader.isEmpty { headers[.cookie] = cookieHeader }
        if let contentType { headers[.contentType] = contentType }
        if let address { headers[HTTPField.Name("X-Forwarded-For")!] = address }
        let response = try await client.executeRequest(uri: path, method: method, headers: headers, body: body)
        let page = Page(status: response.status, headers: response.headers, html: String(buffer: response.body))
        state.withLock { state in
            for header in response.headers[values: .setCookie] {
                let pair = header.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard pair.count == 2 else { continue }
                let name = String(pair[0]), value = String(pair[1])
                if value.isEmpty || header.contains("Max-Age=0") {
                    state.cookies[name] = nil
                } else {
                    state.cookies[name] = value
                }
            }
            if let token = page.csrfToken { state.csrf = token }
        }
        return page
    }

    /// Signs in through the form, as a person would.
    @discardableResult
    func signIn(_ email: String, password: String = "correct-horse-battery") async throws -> Page {
        try await get("/login")
        let page = try await post("/login", ["email": email, "password": password, "next": "/"])
        if page.status == .seeOther { try await get("/") }  // pick up the signed-in CSRF token
        return page
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// A forum on a database of its own, served through Hummingbird's test client.
struct TestForum: Sendable {
    let services: ForumServices
    let client: any TestClientProtocol

    /// A new browser with its own cookies (at its own address, when the forum trusts a proxy).
    func browser(address: String? = nil) -> Browser { Browser(client, address: address) }
}

/// Runs `body` against a fresh forum: its own database, real routes, real templates.
func withForum<T: Sendable>(
    signInLimit: Int = 10, postLimit: Int = 10, baseURL: String = "http://127.0.0.1:8080", trustProxy: Bool = false,
    _ body: @escaping @Sendable (TestForum) async throws -> T
) async throws -> T {
    try await TestDatabase.with(poolSize: 4) { db in
        let services = makeTestServices(db)
        let configuration = WebConfiguration(
            baseURL: baseURL, rootDirectory: TestDatabase.packageRoot,
            signInLimit: signInLimit, postLimit: postLimit, trustProxy: trustProxy)
        let renderer = Renderer()
        let router = buildRouter(services: services, configuration: configuration, renderer: renderer)
        let app = Application(router: router)
        return try await app.test(.router) { client in
            try await body(TestForum(services: services, client: client))
        }
    }
}

/// Demo-like content most tests start from: two schools, a public and a private category,
/// a member, a moderator and an admin.
struct Fixture: Sendable {
    var member: Member
    var other: Member
    var moderator: Member
    var admin: Member

    static func load(_ services: ForumServices) async throws -> Fixture {
        try await services.directory.createSchool(slug: "harbor", name: "Harbor Middle School")
        try await services.directory.createSchool(slug: "riverbend", name: "Riverbend High")
        try await services.directory.createCategory(slug: "general", name: "General", position: 1)
        try await services.directory.createCategory(slug: "staff", name: "Staff Room", position: 2, visibility: .moderators)
        return Fixture(
            member: try await makeMember(services, username: "sam", school: "harbor"),
            other: try await makeMember(services, username: "lee", school: "riverbend"),
            moderator: try await makeMember(services, username: "maya", role: .moderator, school: "riverbend"),
            admin: try await makeMember(services, username: "ada", role: .admin, school: "harbor"))
    }
}
