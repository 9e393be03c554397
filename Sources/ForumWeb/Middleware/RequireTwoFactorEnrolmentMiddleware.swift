import Forum
import Hummingbird
import Views

/// When admins require two-factor sign-in of moderators and admins, those without it reach
/// only the enrolment page (and sign-out, which is outside the member routes) until they
/// have it. The decision is `Policy.mustEnrolTwoFactor`'s; members cost no query.
struct RequireTwoFactorEnrolmentMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let twoFactor: TwoFactor

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let member = context.identity, member.role.canModerate else { return try await next(request, context) }
        let path = request.uri.path
        if path == SiteURL.settingsTwoFactor.path || path == SiteURL.settingsTwoFactorDisable.path {
            return try await next(request, context)
        }
        if try await twoFactor.mustEnrol(member) {
            return Response.seeOther(SiteURL.settingsTwoFactor.path)
        }
        return try await next(request, context)
    }
}
