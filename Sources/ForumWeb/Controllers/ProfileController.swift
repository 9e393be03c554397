import Forum
import Hummingbird

/// `/u/{username}`, `/s/{slug}`, `/schools` and the member's own `/settings`.
struct ProfileController {
    let services: ForumServices
    let renderer: Renderer

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get("/u/:username", use: profile)
        router.get("/schools", use: schools)
        router.get("/s/:slug", use: school)
        router.get("/settings", use: settings)
        router.post("/settings/name", use: changeName)
        router.post("/settings/password", use: changePassword)
        router.post("/settings/sessions/:id/end", use: endSession)
    }

    struct PostRow: Sendable, Encodable {
        var href: String
        var threadTitle: String
        var excerpt: String
        var postedAt: String
        var postedISO: String
    }

    struct ProfilePage: PageViewModel {
        var layout = Layout()
        var title: String
        var username: String
        var name: String
        var role: String
        var school: String
        var schoolHref: String
        var joined: String
        var joinedISO: String
        var deactivated: Bool
        var posts: [PostRow]
    }

    @Sendable func profile(_ request: Request, context: AppContext) async throws -> Response {
        let profile = try await services.profiles.profile(username: try context.parameters.require("username"), for: try context.member)
        return try renderer.page("profile", ProfilePage(
            title: profile.name, username: profile.username, name: profile.name, role: profile.role.label,
            school: profile.schoolName ?? "", schoolHref: profile.schoolSlug.map { "/s/\($0)" } ?? "",
            joined: Format.date(profile.joinedAt), joinedISO: Format.iso(profile.joinedAt), deactivated: profile.deactivated,
            posts: profile.recentPosts.map { post in
                PostRow(href: Paths.thread(post.threadID, slug: post.threadSlug, page: ThreadQueries.page(ofPosition: post.position),
                                           post: post.postID),
                        threadTitle: post.threadTitle, excerpt: post.excerpt,
                        postedAt: Format.date(post.createdAt), postedISO: Format.iso(post.createdAt))
            }), context: context)
    }

    struct SchoolsPage: PageViewModel {
        struct Row: Sendable, Encodable {
            var name: String
            var href: String
            var website: String
            var description: String
            var members: String
        }

        var layout = Layout()
        var title = "Member schools"
        var schools: [Row]
    }

    @Sendable func schools(_ request: Request, context: AppContext) async throws -> Response {
        try renderer.page("schools", SchoolsPage(schools: try await services.profiles.schools().map {
            .init(name: $0.name, href: "/s/\($0.slug)", website: $0.website ?? "", description: $0.description,
                  members: Format.count($0.memberCount, "member"))
        }), context: context)
    }

    struct SchoolPage: PageViewModel {
        struct MemberRow: Sendable, Encodable {
            var username: String
            var name: String
            var href: String
            var role: String
            var isStaff: Bool
        }

        var layout = Layout()
        var title: String
        var website: String
        var description: String
        var members: [MemberRow]
        var threads: [ThreadRow]
    }

    @Sendable func school(_ request: Request, context: AppContext) async throws -> Response {
        let page = try await services.profiles.school(slug: try context.parameters.require("slug"), for: try context.member)
        return try renderer.page("school", SchoolPage(
            title: page.school.name, website: page.school.website ?? "", description: page.school.description,
            members: page.members.map { .init(username: $0.username, name: $0.name, href: "/u/\($0.username)",
                                              role: $0.role.label, isStaff: $0.role.canModerate) },
            threads: page.recentThreads.map { ThreadRow($0, showCategory: true) }), context: context)
    }

    struct SettingsPage: PageViewModel {
        struct SessionRow: Sendable, Encodable {
            var started: String
            var lastSeen: String
            var device: String
            var ip: String
            var isCurrent: Bool
            var endAction: String
        }

        var layout = Layout()
        var title = "Settings"
        var name: String
        var nameError = ""
        var currentPasswordError = ""
        var passwordError = ""
        var passwordConfirmError = ""
        var sessions: [SessionRow] = []
    }

    private func settingsPage(_ context: AppContext, name: String? = nil) async throws -> SettingsPage {
        let member = try context.member
        return SettingsPage(name: name ?? member.name, sessions: try await services.profiles.sessions(of: member).map { session in
            .init(started: Format.date(session.createdAt), lastSeen: Format.date(session.lastSeenAt),
                  device: session.userAgent ?? "Unknown browser", ip: session.ip ?? "",
                  isCurrent: session.id == context.session?.id, endAction: "/settings/sessions/\(session.id)/end")
        })
    }

    @Sendable func settings(_ request: Request, context: AppContext) async throws -> Response {
        try renderer.page("settings", try await settingsPage(context), context: context)
    }

    @Sendable func changeName(_ request: Request, context: AppContext) async throws -> Response {
        do {
            try await services.profiles.changeName(context.form["name"], for: try context.member)
            return .seeOther("/settings")
        } catch let error as ValidationError {
            var page = try await settingsPage(context, name: context.form["name"])
            page.nameError = error.messages["name"] ?? ""
            return try renderer.page("settings", page, context: context, status: .unprocessableContent)
        }
    }

    @Sendable func changePassword(_ request: Request, context: AppContext) async throws -> Response {
        if let retryAfter = try await MemberRateLimit.passwordCheck.retryAfter(for: try context.member, services: services) {
            var page = try await settingsPage(context)
            page.currentPasswordError = MemberRateLimit.passwordCheck.message(retryAfter: retryAfter)
            return try renderer.page("settings", page, context: context, status: .tooManyRequests).retrying(after: retryAfter)
        }
        do {
            try await services.profiles.changePassword(
                current: context.form["current_password"], new: context.form["password"], confirm: context.form["password_confirm"],
                for: try context.member, keepingSession: context.session?.id)
            return .seeOther("/settings")
        } catch let error as ValidationError {
            var page = try await settingsPage(context)
            page.currentPasswordError = error.messages["current_password"] ?? ""
            page.passwordError = error.messages["password"] ?? ""
            page.passwordConfirmError = error.messages["password_confirm"] ?? ""
            return try renderer.page("settings", page, context: context, status: .unprocessableContent)
        }
    }

    @Sendable func endSession(_ request: Request, context: AppContext) async throws -> Response {
        let id = try RequestInput.pathID(context)
        try await services.profiles.endSession(id: id, of: try context.member)
        return .seeOther(id == context.session?.id ? "/login" : "/settings")
    }
}
