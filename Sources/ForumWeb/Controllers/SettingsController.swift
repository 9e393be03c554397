import Forum
import Hummingbird
import Views

/// `/settings`: the member's own display name, password and sessions.
struct SettingsController {
    let services: ForumServices
    let renderer: Renderer

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.settings.route, use: settings)
        router.post(SiteURL.settingsName.route, use: changeName)
        router.post(SiteURL.settingsPassword.route, use: changePassword)
        router.post(SiteURL.endSession(.key).route, use: endSession)
    }

    private func page(_ context: AppContext, name: String? = nil) async throws -> SettingsPage {
        let member = try context.member
        return SettingsPage(name: name ?? member.name, sessions: try await services.profiles.sessions(of: member).map { session in
            .init(id: session.id, device: session.userAgent ?? "Unknown browser", ip: session.ip, started: session.createdAt,
                  lastSeen: session.lastSeenAt, isCurrent: session.id == context.session?.id)
        })
    }

    @Sendable func settings(_ request: Request, context: AppContext) async throws -> Response {
        renderer.page(try await page(context), context: context)
    }

    /// What the display-name form sends.
    struct NameForm: Decodable {
        var name: String?
    }

    @Sendable func changeName(_ request: Request, context: AppContext) async throws -> Response {
        let form = try context.form.decode(NameForm.self)
        do {
            try await services.profiles.changeName(form.name ?? "", for: try context.member)
            return .seeOther(SiteURL.settings.path)
        } catch let error as ValidationError {
            var page = try await page(context, name: form.name ?? "")
            page.errors = error.messages
            return renderer.page(page, context: context, status: .unprocessableContent)
        }
    }

    /// What the password form sends. Never shown again.
    struct PasswordForm: Decodable {
        var current_password: String?
        var password: String?
        var password_confirm: String?
    }

    @Sendable func changePassword(_ request: Request, context: AppContext) async throws -> Response {
        let form = try context.form.decode(PasswordForm.self)
        if let retryAfter = try await MemberRateLimit.passwordCheck.retryAfter(for: try context.member, services: services) {
            var page = try await page(context)
            page.errors["current_password"] = MemberRateLimit.passwordCheck.message(retryAfter: retryAfter)
            return renderer.tooManyRequests(page, retryAfter: retryAfter, context: context)
        }
        do {
            try await services.profiles.changePassword(
                current: form.current_password ?? "", new: form.password ?? "", confirm: form.password_confirm ?? "",
                for: try context.member, keepingSession: context.session?.id)
            return .seeOther(SiteURL.settings.path)
        } catch let error as ValidationError {
            var page = try await page(context)
            page.errors = error.messages
            return renderer.page(page, context: context, status: .unprocessableContent)
        }
    }

    @Sendable func endSession(_ request: Request, context: AppContext) async throws -> Response {
        let id = try RequestInput.pathID(context)
        try await services.profiles.endSession(id: id, of: try context.member)
        return .seeOther(id == context.session?.id ? SiteURL.login.path : SiteURL.settings.path)
    }
}
