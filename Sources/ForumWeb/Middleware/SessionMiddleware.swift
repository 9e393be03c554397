import Forum
import Foundation
import HTTPTypes
import Hummingbird

/// Reads the session cookie and puts the signed-in member into the context. Visitors
/// without a session get an anonymous CSRF token in a cookie of its own, so the sign-in and
/// invitation forms are protected too.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppContext
    // A constant, valid header name: the unwrap cannot fail.
    private static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    let sessions: Sessions
    let configuration: WebConfiguration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if configuration.trustProxy, let forwarded = request.headers[Self.forwardedFor] {
            // The proxy appends the address it saw; that last hop is the one it vouches for.
            context.remoteIP = forwarded.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        if let token = request.cookies[configuration.cookieNames.session]?.value, let session = try await sessions.find(token: token) {
            context.session = session
            context.identity = session.member
            context.csrfToken = session.csrfToken
        } else if let token = request.cookies[configuration.cookieNames.csrf]?.value, token.utf8.count == 43 {
            context.csrfToken = token
        } else {
            context.csrfToken = SecureToken.make()
            context.issueCSRFCookie = true
        }
        var response = try await next(request, context)
        if context.issueCSRFCookie, response.headers[.setCookie] == nil {
            response.setCookie(Cookie(name: configuration.cookieNames.csrf, value: context.csrfToken, path: "/",
                                      secure: configuration.secureCookies, httpOnly: true, sameSite: .lax))
        }
        return response
    }
}
