import Forum
import Hummingbird
import Views

/// `/unsubscribe/{token}` (open): RFC 8058 one-click unsubscribe. GET shows a button and
/// changes nothing; POST with `List-Unsubscribe=One-Click` sets the token's member's mail to
/// `never`. The POST carries no `_csrf` (mail clients send it), so `CSRFMiddleware` lets this
/// route alone through: the unguessable token, good for this member and this purpose only,
/// is what a forger can't have.
struct UnsubscribeController {
    let services: ForumServices
    let renderer: Renderer

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.unsubscribe(token: .key).route, use: show)
        router.post(SiteURL.unsubscribe(token: .key).route, use: unsubscribe)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let token = try context.parameters.require("token")
        guard let found = try await services.emailSettings.lookup(token: token) else { throw NotFound() }
        return renderer.page(UnsubscribePage(token: token, username: found.username, unsubscribed: found.frequency == .never),
                             context: context)
    }

    /// What a mail client (or the page's button) sends.
    struct OneClickForm: Decodable {
        var listUnsubscribe: String?

        enum CodingKeys: String, CodingKey {
            case listUnsubscribe = "List-Unsubscribe"
        }
    }

    @Sendable func unsubscribe(_ request: Request, context: AppContext) async throws -> Response {
        let token = try context.parameters.require("token")
        guard try context.form.decode(OneClickForm.self).listUnsubscribe == "One-Click" else {
            throw HTTPError(.badRequest, message: "Send List-Unsubscribe=One-Click to unsubscribe.")
        }
        guard try await services.emailSettings.unsubscribe(token: token) != nil else { throw NotFound() }
        return .seeOther(SiteURL.unsubscribe(token: .value(token)).path)
    }
}
