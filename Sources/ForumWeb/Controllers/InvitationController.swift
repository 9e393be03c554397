import Forum
import Hummingbird

/// `/invite/{token}` (open): accepting an invitation creates the account and signs in.
struct InvitationController {
    let services: ForumServices
    let renderer: Renderer
    let configuration: WebConfiguration

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get("/invite/:token", use: show)
        router.post("/invite/:token", use: accept)
    }

    struct AcceptPage: PageViewModel {
        var layout = Layout()
        var title = "Join Roundtable"
        var action: String
        var email: String
        var roleLabel: String
        var schoolName: String
        var username = ""
        var name = ""
        var errors: [String] = []
        var usernameError = ""
        var nameError = ""
        var passwordError = ""
        var passwordConfirmError = ""
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let token = try context.parameters.require("token")
        do {
            let invitation = try await services.invitations.find(token: token)
            var page = page(for: invitation, token: token)
            page.name = invitation.name
            return try renderer.page("invite", page, context: context)
        } catch let unusable as UnusableLink {
            return try UnusableLinkPage.render(unusable, renderer: renderer, context: context)
        }
    }

    @Sendable func accept(_ request: Request, context: AppContext) async throws -> Response {
        let token = try context.parameters.require("token")
        let username = context.form["username"].trimmingCharacters(in: .whitespaces)
        let name = context.form["name"]
        do {
            let accepted = try await services.invitations.accept(
                token: token, username: username, name: name, password: context.form["password"],
                passwordConfirm: context.form["password_confirm"], ip: context.remoteIP, userAgent: request.headers[.userAgent])
            if let old = request.cookies[configuration.cookieNames.session]?.value {
                try await services.sessions.delete(token: old)
            }
            var response = Response.seeOther("/")
            response.setCookie(SessionCookie.make(accepted.sessionToken, services: services, configuration: configuration))
            return response
        } catch let unusable as UnusableLink {
            return try UnusableLinkPage.render(unusable, renderer: renderer, context: context)
        } catch let error as ValidationError {
            let invitation = try await services.invitations.find(token: token)
            var page = page(for: invitation, token: token)
            page.username = username
            page.name = name
            page.usernameError = error.messages["username"] ?? ""
            page.nameError = error.messages["name"] ?? ""
            page.passwordError = error.messages["password"] ?? ""
            page.passwordConfirmError = error.messages["password_confirm"] ?? ""
            page.errors = error.messages.filter { !["username", "name", "password", "password_confirm"].contains($0.key) }.map(\.value)
            return try renderer.page("invite", page, context: context, status: .unprocessableContent)
        }
    }

    private func page(for invitation: Invitations.Open, token: String) -> AcceptPage {
        AcceptPage(action: "/invite/\(token)", email: invitation.email, roleLabel: invitation.role.label,
                   schoolName: invitation.schoolName ?? "")
    }
}

/// The page for a mailed link that can't be used: 410 with the reason when the link was real
/// (used, revoked, expired), 404 when it never was.
struct UnusableLinkPage: PageViewModel {
    var layout = Layout()
    var title: String
    var reason: String

    static func render(_ unusable: UnusableLink, renderer: Renderer, context: AppContext) throws -> Response {
        let page = UnusableLinkPage(title: unusable.known ? "Link no longer valid" : "Link not found", reason: unusable.reason)
        return try renderer.page("link-unusable", page, context: context, status: unusable.known ? .gone : .notFound)
    }
}
