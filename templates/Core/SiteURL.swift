import Foundation

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
    case endSession(Parameter<Int>)

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

    case staticFile(String)

    public enum ThreadAction: String, Sendable, CaseIterable {
        case reply, watch, unwatch, feedback, lock, unlock, pin, unpin, delete, restore, move
    }

    public enum PostAction: String, Sendable, CaseIterable {
        case edit, history, delete, restore, react, accept, flag, hide, unhide
    }

    public enum UserAction: String, Sendable, CaseIterable {
        case role, deactivate, reactivate
    }

    public enum InvitationAction: String, Sendable, CaseIterable {
        case revoke, resend
    }

    enum Segment {
        case literal(String)
        case parameter(String)
        case value(String)
    }

    var segments: [Segment] {
        switch self {
        case .home: []
        case .healthz: [.literal("healthz")]
        case .login: [.literal("login")]
        case .logout: [.literal("logout")]
        case .invitation(let token): [.literal("invite"), token.segment("token")]
        case .passwordForgot: [.literal("password"), .literal("forgot")]
        case .passwordReset(let token): [.literal("password"), .literal("reset"), token.segment("token")]
        case .category(let slug): [.literal("c"), slug.segment("slug")]
        case .newThread(let slug): [.literal("c"), slug.segment("slug"), .literal("new")]
        case .thread(let id): [.literal("t"), id.segment("id")]
        case .threadWithSlug(let id, let slug): [.literal("t"), id.segment("id"), slug.segment("slug")]
        case .threadAction(let id, let action): [.literal("t"), id.segment("id"), .literal(action.rawValue)]
        case .post(let id, let action): [.literal("p"), id.segment("id"), .literal(action.rawValue)]
        case .moveThreadForm(let id): [.literal("mod"), .literal("threads"), id.segment("id"), .literal("move")]
        case .search: [.literal("search")]
        case .notifications: [.literal("notifications")]
        case .notificationsRead: [.literal("notifications"), .literal("read")]
        case .profile(let username): [.literal("u"), username.segment("username")]
        case .suspend(let username): [.literal("u"), username.segment("username"), .literal("suspend")]
        case .unsuspend(let username): [.literal("u"), username.segment("username"), .literal("unsuspend")]
        case .schools: [.literal("schools")]
        case .school(let slug): [.literal("s"), slug.segment("slug")]
        case .settings: [.literal("settings")]
        case .settingsName: [.literal("settings"), .literal("name")]
        case .settingsPassword: [.literal("settings"), .literal("password")]
        case .endSession(let id): [.literal("settings"), .literal("sessions"), id.segment("id"), .literal("end")]
        case .modFlags: [.literal("mod"), .literal("flags")]
        case .resolveFlag(let id): [.literal("mod"), .literal("flags"), id.segment("id"), .literal("resolve")]
        case .modLog: [.literal("mod"), .literal("log")]
        case .modMembers: [.literal("mod"), .literal("members")]
        case .modMember(let username): [.literal("mod"), .literal("members"), username.segment("username")]
        case .adminUsers: [.literal("admin"), .literal("users")]
        case .adminUserAction(let id, let action): [.literal("admin"), .literal("users"), id.segment("id"), .literal(action.rawValue)]
        case .adminInvitations: [.literal("admin"), .literal("invitations")]
        case .adminInvitationsBulk: [.literal("admin"), .literal("invitations"), .literal("bulk")]
        case .adminInvitationAction(let id, let action):
            [.literal("admin"), .literal("invitations"), id.segment("id"), .literal(action.rawValue)]
        case .adminSchools: [.literal("admin"), .literal("schools")]
        case .adminSchool(let id): [.literal("admin"), .literal("schools"), id.segment("id")]
        case .adminCategories: [.literal("admin"), .literal("categories")]
        case .adminCategory(let id): [.literal("admin"), .literal("categories"), id.segment("id")]
        case .staticFile(let name): [.literal("static"), .literal(name)]
        }
    }

    /// The root-relative path a link or form action uses, values percent-encoded.
    public var path: String {
        var path = ""
        for segment in segments {
            path += "/"
            switch segment {
            case .literal(let text): path += text
            case .parameter(let name): path += ":" + name
            case .value(let value): path += Self.encode(value)
            }
        }
        return path.isEmpty ? "/" : path
    }

    /// The router's pattern for this route (`/t/:id/reply`); build the case with `.key`.
    public var pattern: String { path }

    /// The path with a query string (`?page=2&q=x`, values encoded; `nil` values left out) and
    /// an optional fragment.
    public func path(query: KeyValuePairs<String, String?> = [:], fragment: String? = nil) -> String {
        var result = path
        var separator = "?"
        for (name, value) in query {
            guard let value else { continue }
            result += separator + name + "=" + Self.encodeQuery(value)
            separator = "&"
        }
        if let fragment { result += "#" + fragment }
        return result
    }

    static let pathAllowed: CharacterSet = {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#;%")
        return allowed
    }()

    static let queryAllowed: CharacterSet = {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#%")
        return allowed
    }()

    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: pathAllowed) ?? ""
    }

    /// One query value, encoded as `path(query:)` does, for lists that keep their filters.
    public static func encodeQueryValue(_ value: String) -> String {
        encodeQuery(value)
    }

    static func encodeQuery(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: queryAllowed) ?? ""
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
