import Forum
import Hummingbird
import Views
import Logging
import Postgres

/// Turns every error into a page a person can read: 404 for what may not be seen, 403 for
/// what may not be done, 503 while the database is away, 500 (logged) for bugs. Used twice:
/// outermost, and again inside the session middleware so error pages show who is signed in.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let renderer: Renderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return errorPage(for: error, request: request, context: context)
        }
    }

    func errorPage(for error: any Error, request: Request, context: Context) -> Response {
        switch error {
        case is NotFound:
            return render(.notFound, context: context)
        case let forbidden as Forbidden:
            return render(.forbidden, message: forbidden.reason, context: context)
        case let database as PostgresError where database.isUnavailable:
            context.logger.warning("database unavailable: \(database)")
            var response = render(.serviceUnavailable, context: context)
            response.headers[.retryAfter] = "5"
            return response
        case let http as HTTPError:
            if http.status == .unauthorized {
                return Response.seeOther(Paths.loginRedirect(for: request.uri.description))
            }
            return render(http.status, message: http.body, context: context)
        case let other as any HTTPResponseError:
            return render(other.status, context: context)
        default:
            context.logger.error("unhandled error on \(request.method) \(request.uri.path): \(error)")
            return render(.internalServerError, context: context)
        }
    }

    private func render(_ status: HTTPResponse.Status, message: String? = nil, context: Context) -> Response {
        renderer.page(ErrorPage(status: status, message: message), context: context, status: status)
    }
}

extension ErrorPage {
    init(status: HTTPResponse.Status, message: String?) {
        let title: String
        let explanation: String
        switch status {
        case .notFound:
            title = "Page not found"
            explanation = "There's nothing here, or you don't have access to it."
        case .forbidden:
            title = "Not allowed"
            explanation = message ?? "You can't do that here."
        case .contentTooLarge:
            title = "Too large"
            explanation = "That upload or form is larger than 2 MiB."
        case .tooManyRequests:
            title = "Slow down"
            explanation = message ?? "Too many attempts. Wait a moment and try again."
        case .serviceUnavailable:
            title = "Temporarily unavailable"
            explanation = "The forum can't reach its database right now. Nothing you posted is lost; try again in a few seconds."
        case .internalServerError:
            title = "Something went wrong"
            explanation = "An error occurred on our side. It has been logged."
        default:
            title = status.reasonPhrase
            explanation = message ?? "The request could not be completed."
        }
        self.init(title: title, code: status.code, explanation: explanation)
    }
}
