import Forum
import Hummingbird
import Views

/// `/admin/security` (requiring two-factor sign-in of staff) and the members list's
/// "reset two-factor" and "erase account" actions. Each is logged in `/mod/log`.
struct AdminSecurityController {
    let services: ForumServices
    let renderer: Renderer

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.adminSecurity.route, use: show)
        router.post(SiteURL.adminSecurity.route, use: save)
        router.post(SiteURL.adminUserAction(.key, .resetTwoFactor).route, use: resetTwoFactor)
        router.post(SiteURL.adminUserAction(.key, .erase).route, use: erase)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        renderer.page(AdminSecurityPage(requireTwoFactorForStaff: try await services.twoFactor.isRequiredForStaff()), context: context)
    }

    /// What the settings form sends: `on` or `off`.
    struct SettingsForm: Decodable {
        var require_two_factor: String?
    }

    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        let form = try context.form.decode(SettingsForm.self)
        switch form.require_two_factor {
        case "on": try await services.twoFactor.setRequiredForStaff(true, by: try context.member)
        case "off": try await services.twoFactor.setRequiredForStaff(false, by: try context.member)
        default: throw HTTPError(.unprocessableContent, message: "Choose required or optional.")
        }
        return .seeOther(SiteURL.adminSecurity.path)
    }

    @Sendable func resetTwoFactor(_ request: Request, context: AppContext) async throws -> Response {
        try await services.twoFactor.reset(userID: try RequestInput.pathID(context), by: try context.member)
        return .seeOther(SiteURL.adminUsers.path)
    }

    @Sendable func erase(_ request: Request, context: AppContext) async throws -> Response {
        try await services.erasure.erase(userID: try RequestInput.pathID(context), by: try context.member)
        return .seeOther(SiteURL.adminUsers.path)
    }
}
