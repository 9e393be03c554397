import Forum
import Hummingbird
import Views

/// `/invite/{token}` (open): accepting an invitation creates the account and signs in.
struct InvitationController {
    let services: ForumServices
    let renderer: Renderer
    let configuration: WebConfiguration

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.invitation(token: .key).route, use: show)
        router.post(SiteURL.invitation(token: .key).route, use: accept)
    }

    /// What the invitation form sends.
    struct AcceptForm: Decodable {
        var username: String?
        var name: String?
        var password: String?
        var password_confirm: String?
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let token = try context.parameters.require("token")
        do {
            let invitation = try await services.invitations.find(token: token)
            var page = page(for: invitation, token: token)
            page.name = invitation.name
            return renderer.page(page, context: context)
        } catch let unusable as UnusableLink {
            return renderer.unusableLink(unusable, context: context)
        }
    }

    @Sendable func accept(_ request: Request, context: AppContext) async throws -> Response {
        let token = try context.parameters.require("token")
        let form = try context.form.decode(AcceptForm.self)
        let username = (form.username ?? "").trimmingCharacters(in: .whitespaces)
        let name = form.name ?? ""
        do {
            let accepted = try await services.invitations.accept(
                token: token, username: username, name: name, password: form.password ?? "",
                passwordConfirm: form.password_confirm ?? "", ip: context.remoteIP, userAgent: request.headers[.userAgent])
            if let old = request.cookies[configuration.cookieNames.session]?.value {
                try await services.sessions.delete(token: old)
            }
            var response = Response.seeOther(SiteURL.home.path)
            response.setCookie(SessionCookie.make(accepted.sessionToken, services: services, configuration: configuration))
            return response
        } catch let unusable as UnusableLink {
            return renderer.unusableLink(unusable, context: context)
        } catch let error as ValidationError {
            let invitation = try await services.invitations.find(token: token)
            var page = page(for: invitation, token: token)
            page.username = username
            page.name = name
            let fields: Set = ["username", "name", "password", "password_confirm"]
            page.fieldErrors = error.messages.filter { fields.contains($0.key) }
            page.errors = error.messages.filter { !fields.contains($0.key) }.sorted { $0.key < $1.key }.map(\.value)
            return renderer.page(page, context: context, status: .unprocessableContent)
        }
    }

    private func page(for invitation: Invitations.Open, token: String) -> InvitationPage {
        InvitationPage(token: token, email: invitation.email, roleLabel: invitation.role.label, schoolName: invitation.schoolName)
    }
}

extension Renderer {
    /// The page for a mailed link that can't be used: 410 with the reason when the link was real
    /// (used, revoked, expired), 404 when it never was.
    func unusableLink(_ unusable: UnusableLink, context: AppContext) -> Response {
        page(UnusableLinkPage(title: unusable.known ? "Link no longer valid" : "Link not found", reason: unusable.reason),
             context: context, status: unusable.known ? .gone : .notFound)
    }
}
