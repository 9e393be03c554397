import Forum
import Hummingbird

/// `/mod/*`: the one gate in front of the moderators' pages. Members get "not found", so the
/// pages' existence does not leak; anonymous visitors were already sent to sign in.
struct RequireModeratorMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let member = context.identity, Policy.canSeeModeratorPages(member) else { throw NotFound() }
        return try await next(request, context)
    }
}
