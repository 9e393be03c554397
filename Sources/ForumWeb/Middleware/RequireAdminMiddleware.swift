import Forum
import Hummingbird

/// Admin pages: everyone but admins gets 404, so the pages' existence does not leak.
/// The decision is `Policy.canAdminister`'s, as everywhere else.
struct RequireAdminMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let member = context.identity else {
            return Response.seeOther(Paths.loginRedirect(for: request.uri.description))
        }
        guard Policy.canAdminister(member) else { throw NotFound() }
        return try await next(request, context)
    }
}
