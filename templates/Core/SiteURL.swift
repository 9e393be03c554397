/// A path parameter: `.key` when the router registers the route (`:id`), `.value(x)` when a view
/// links to it. One case per page or action, so both come from the same line and a renamed route
/// is a build error everywhere it is linked (as the Swift Package Index server's `SiteURL`).
public enum Parameter<Value: Sendable & CustomStringConvertible>: Sendable {
    case key
    case value(Value)

    func segment(_ name: String) -> SiteURL.Segment {
        switch self {
        case .key: .parameter(name)
        case .value(let value): .value(value.description)
        }
    }
}

/// Every page and action of the forum. The contract's paths, exactly.
public enum SiteURL: Sendable {
    case home
    case healthz
    case login
    case logout
    case invitation(token: Parameter<String>)
    case passwordForgot
    case passwordReset(token: Parameter<String>)

    case category(Parameter<String>)
    case newThread(category: Parameter<String>)
    case thread(Parameter<Int>)
    case threadWithSlug(Parameter<Int>, slug: Parameter<String>)
    case threadAction(Parameter<Int>, ThreadAction)
    case post(Parameter<Int>, PostAction)
    case moveThreadForm(Parameter<Int>)

    case search
    case notifications
    case notificationsRead
    case profile(Parameter<String>)
    case suspend(Parameter<String>)
    case unsuspend(Parameter<String>)
    case schools
    case school(Parameter<String>)
    case settings
    case settingsName
    case settingsPassword
    case settingsEmail
    case unsubscribe(token: Parameter<String>)
    case endSession(Parameter<Int>)
    case loginTwoFactor
    case settingsTwoFactor
    case settingsTwoFactorDisable
    case settingsExport
    case settingsDelete
    case adminSecurity

    case modFlags
    case resolveFlag(Parameter<Int>)
    case modLog
    case modMembers
    case modMember(Parameter<String>)

    case adminUsers
    case adminUserAction(Parameter<Int>, UserAction)
    case adminInvitations
    case adminInvitationsBulk
    case adminInvitationAction(Parameter<Int>, InvitationAction)
    case adminSchools
    case adminSchool(Parameter<Int>)
    case adminCategories
    case adminCategory(Parameter<Int>)

    case messages
    case newMessage
    case message(Parameter<Int>)
    case messageAction(Parameter<Int>, MessageAction)
    case schoolJourney(Parameter<String>)
    case journeys
    case adminJourney
    case adminSchoolLeaders(Parameter<String>)

    case staticFile(String)
    /// An attachment; the name is only for the browser's save dialog and the address bar.
    case file(Parameter<Int>, name: Parameter<String>)

    public enum ThreadAction: String, Sendable, CaseIterable {
        case reply, watch, unwatch, feedback, lock, unlock, pin, unpin, delete, restore, move
    }

    public enum PostAction: String, Sendable, CaseIterable {
        case edit, history, delete, restore, react, accept, flag, hide, unhide
    }

    public enum UserAction: String, Sendable, CaseIterable {
        case role, deactivate, reactivate
        case erase
        case resetTwoFactor = "reset-2fa"
    }

    public enum InvitationAction: String, Sendable, CaseIterable {
        case revoke, resend
    }

    public enum MessageAction: String, Sendable, CaseIterable {
        case reply, leave, flag
    }

    enum Segment {
        case literal(String)
        case parameter(String)
        case value(String)
    }

    /// Calls `visit` with each segment of the path in turn: the one place a route's shape is
    /// written, read by `path`, `pattern` and the views' byte writer alike.
    func forEachSegment(_ visit: (Segment) -> Void) {
        switch self {
        case .home: break
        case .healthz:
            visit(.literal("healthz"))
        case .login:
            visit(.literal("login"))
        case .logout:
            visit(.literal("logout"))
        case .invitation(let token):
            visit(.literal("invite"))
            visit(token.segment("token"))
        case .passwordForgot:
            visit(.literal("password"))
            visit(.literal("forgot"))
        case .passwordReset(let token):
            visit(.literal("password"))
            visit(.literal("reset"))
            visit(token.segment("token"))
        case .category(let slug):
            visit(.literal("c"))
            visit(slug.segment("slug"))
        case .newThread(let slug):
            visit(.literal("c"))
            visit(slug.segment("slug"))
            visit(.literal("new"))
        case .thread(let id):
            visit(.literal("t"))
            visit(id.segment("id"))
        case .threadWithSlug(let id, let slug):
            visit(.literal("t"))
            visit(id.segment("id"))
            visit(slug.segment("slug"))
        case .threadAction(let id, let action):
            visit(.literal("t"))
            visit(id.segment("id"))
            visit(.literal(action.rawValue))
        case .post(let id, let action):
            visit(.literal("p"))
            visit(id.segment("id"))
            visit(.literal(action.rawValue))
        case .moveThreadForm(let id):
            visit(.literal("mod"))
            visit(.literal("threads"))
            visit(id.segment("id"))
            visit(.literal("move"))
        case .search:
            visit(.literal("search"))
        case .notifications:
            visit(.literal("notifications"))
        case .notificationsRead:
            visit(.literal("notifications"))
            visit(.literal("read"))
        case .profile(let username):
            visit(.literal("u"))
            visit(username.segment("username"))
        case .suspend(let username):
            visit(.literal("u"))
            visit(username.segment("username"))
            visit(.literal("suspend"))
        case .unsuspend(let username):
            visit(.literal("u"))
            visit(username.segment("username"))
            visit(.literal("unsuspend"))
        case .schools:
            visit(.literal("schools"))
        case .school(let slug):
            visit(.literal("s"))
            visit(slug.segment("slug"))
        case .settings:
            visit(.literal("settings"))
        case .settingsName:
            visit(.literal("settings"))
            visit(.literal("name"))
        case .settingsPassword:
            visit(.literal("settings"))
            visit(.literal("password"))
        case .settingsEmail:
            visit(.literal("settings"))
            visit(.literal("email"))
        case .unsubscribe(let token):
            visit(.literal("unsubscribe"))
            visit(token.segment("token"))
        case .endSession(let id):
            visit(.literal("settings"))
            visit(.literal("sessions"))
            visit(id.segment("id"))
            visit(.literal("end"))
        case .loginTwoFactor:
            visit(.literal("login"))
            visit(.literal("2fa"))
        case .settingsTwoFactor:
            visit(.literal("settings"))
            visit(.literal("2fa"))
        case .settingsTwoFactorDisable:
            visit(.literal("settings"))
            visit(.literal("2fa"))
            visit(.literal("disable"))
        case .settingsExport:
            visit(.literal("settings"))
            visit(.literal("export"))
        case .settingsDelete:
            visit(.literal("settings"))
            visit(.literal("delete"))
        case .adminSecurity:
            visit(.literal("admin"))
            visit(.literal("security"))
        case .modFlags:
            visit(.literal("mod"))
            visit(.literal("flags"))
        case .resolveFlag(let id):
            visit(.literal("mod"))
            visit(.literal("flags"))
            visit(id.segment("id"))
            visit(.literal("resolve"))
        case .modLog:
            visit(.literal("mod"))
            visit(.literal("log"))
        case .modMembers:
            visit(.literal("mod"))
            visit(.literal("members"))
        case .modMember(let username):
            visit(.literal("mod"))
            visit(.literal("members"))
            visit(username.segment("username"))
        case .adminUsers:
            visit(.literal("admin"))
            visit(.literal("users"))
        case .adminUserAction(let id, let action):
            visit(.literal("admin"))
            visit(.literal("users"))
            visit(id.segment("id"))
            visit(.literal(action.rawValue))
        case .adminInvitations:
            visit(.literal("admin"))
            visit(.literal("invitations"))
        case .adminInvitationsBulk:
            visit(.literal("admin"))
            visit(.literal("invitations"))
            visit(.literal("bulk"))
        case .adminInvitationAction(let id, let action):
            visit(.literal("admin"))
            visit(.literal("invitations"))
            visit(id.segment("id"))
            visit(.literal(action.rawValue))
        case .adminSchools:
            visit(.literal("admin"))
            visit(.literal("schools"))
        case .adminSchool(let id):
            visit(.literal("admin"))
            visit(.literal("schools"))
            visit(id.segment("id"))
        case .adminCategories:
            visit(.literal("admin"))
            visit(.literal("categories"))
        case .adminCategory(let id):
            visit(.literal("admin"))
            visit(.literal("categories"))
            visit(id.segment("id"))
        case .messages:
            visit(.literal("messages"))
        case .newMessage:
            visit(.literal("messages"))
            visit(.literal("new"))
        case .message(let id):
            visit(.literal("messages"))
            visit(id.segment("id"))
        case .messageAction(let id, let action):
            visit(.literal("messages"))
            visit(id.segment("id"))
            visit(.literal(action.rawValue))
        case .schoolJourney(let slug):
            visit(.literal("s"))
            visit(slug.segment("slug"))
            visit(.literal("journey"))
        case .journeys:
            visit(.literal("journeys"))
        case .adminJourney:
            visit(.literal("admin"))
            visit(.literal("journey"))
        case .adminSchoolLeaders(let slug):
            visit(.literal("admin"))
            visit(.literal("schools"))
            // The router's node for this segment is `/admin/schools/:id`'s: one name, so
            // both routes share it (the value here is the school's slug).
            visit(slug.segment("id"))
            visit(.literal("leaders"))
        case .staticFile(let name):
            visit(.literal("static"))
            visit(.literal(name))
        case .file(let id, let name):
            visit(.literal("files"))
            visit(id.segment("id"))
            visit(name.segment("filename"))
        }
    }

    /// The root-relative path a link or form action uses, values percent-encoded.
    public var path: String {
        var path = ""
        forEachSegment { segment in
            path += "/"
            switch segment {
            case .literal(let text): path += text
            case .parameter(let name): path += ":" + name
            case .value(let value): path += Self.encode(value)
            }
        }
        return path.isEmpty ? "/" : path
    }

    /// The path's bytes appended straight to a page, without building a `String`.
    func write(to bytes: HTMLBytes) {
        var wrote = false
        forEachSegment { segment in
            wrote = true
            bytes.append(0x2F)
            switch segment {
            case .literal(let text): HTML.appendUTF8(text, to: bytes)
            case .parameter(let name): bytes.append(0x3A); HTML.appendUTF8(name, to: bytes)
            case .value(let value): Self.percentEncode(value, allowed: Self.pathAllowed, to: bytes)
            }
        }
        if !wrote { bytes.append(0x2F) }
    }

    /// The router's pattern for this route (`/t/:id/reply`); build the case with `.key`.
    public var pattern: String { path }

    /// The path with a query string (`?page=2&q=x`, values encoded; `nil` values left out) and
    /// an optional fragment.
    public func path(query: KeyValuePairs<String, String?> = [:], fragment: String? = nil) -> String {
        path(query: query.map { ($0.key, $0.value) }, fragment: fragment)
    }

    /// As above, for a query assembled at run time (a list that keeps its filters).
    public func path(query: [(String, String?)], fragment: String? = nil) -> String {
        let encoded = Self.queryString(query)
        var result = encoded.isEmpty ? path : path + "?" + encoded
        if let fragment { result += "#" + fragment }
        return result
    }

    /// `name=value&...` (values encoded; `nil` values left out), without the `?`.
    public static func queryString(_ query: [(String, String?)]) -> String {
        query.compactMap { name, value in value.map { name + "=" + encodeQueryValue($0) } }.joined(separator: "&")
    }

    /// RFC 3986's unreserved characters, plus `@` and `:` in path segments. Slugs and
    /// usernames are made of these, so most values are copied as they are.
    private static let unreserved: [Bool] = (0..<256).map { byte in
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
    }
    private static let pathAllowed: [Bool] = (0..<256).map { byte in unreserved[byte] || byte == 0x40 || byte == 0x3A }

    static func encode(_ value: String) -> String {
        percentEncode(value, allowed: pathAllowed)
    }

    /// One query value, encoded as `path(query:)` does, for lists that keep their filters.
    public static func encodeQueryValue(_ value: String) -> String {
        percentEncode(value, allowed: unreserved)
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    private static func percentEncode(_ value: String, allowed: [Bool], to bytes: HTMLBytes) {
        var value = value
        value.withUTF8 { utf8 in
            for byte in utf8 {
                if allowed[Int(byte)] {
                    bytes.append(byte)
                } else {
                    bytes.append(0x25)
                    bytes.append(hexDigits[Int(byte >> 4)])
                    bytes.append(hexDigits[Int(byte & 0x0F)])
                }
            }
        }
    }

    /// Percent-encodes every UTF-8 byte not in `allowed`. The result holds only ASCII letters,
    /// digits, `-._~@:` and `%XX`, so it is safe in an HTML attribute as it is.
    private static func percentEncode(_ value: String, allowed: [Bool]) -> String {
        var value = value
        return value.withUTF8 { utf8 -> String in
            if utf8.allSatisfy({ allowed[Int($0)] }) { return String(decoding: utf8, as: UTF8.self) }
            var encoded: [UInt8] = []
            encoded.reserveCapacity(utf8.count &* 3)
            for byte in utf8 {
                if allowed[Int(byte)] {
                    encoded.append(byte)
                } else {
                    encoded.append(0x25)
                    encoded.append(hexDigits[Int(byte >> 4)])
                    encoded.append(hexDigits[Int(byte & 0x0F)])
                }
            }
            return String(decoding: encoded, as: UTF8.self)
        }
    }
}

extension SiteURL {
    /// A thread's page as links show it: with its slug, `?page=N` past the first page, and the
    /// post to scroll to.
    public static func threadPage(_ id: Int, slug: String, page: Int = 1, post: Int? = nil) -> String {
        SiteURL.threadWithSlug(.value(id), slug: .value(slug))
            .path(query: ["page": page > 1 ? String(page) : nil], fragment: post.map { "p\($0)" })
    }
}

extension SiteURL {
    /// A new private message to these members: `/messages/new?to=a,b`. Usernames are letters,
    /// digits and `_`, so the commas between them stay as they are.
    public static func newMessagePath(to usernames: [String]) -> String {
        SiteURL.newMessage.path + "?to=" + usernames.map(SiteURL.encodeQueryValue).joined(separator: ",")
    }
}
