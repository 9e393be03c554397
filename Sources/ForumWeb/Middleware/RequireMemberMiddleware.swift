import Hummingbird

/// Members-only: anonymous visitors are sent to sign in and brought back afterwards.
struct RequireMemberMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.identity != nil else {
            return Response.seeOther(Paths.loginRedirect(for: request.uri.description))
        }
        return try await next(request, context)
    }
}

extension Response {
    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}
