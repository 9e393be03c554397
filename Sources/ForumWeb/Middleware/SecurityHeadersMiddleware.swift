import Hummingbird

/// Strict headers on every response, error pages and static files included.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        // A response may bring a stricter policy of its own (attachments: `sandbox`).
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[values: .init("X-Frame-Options")!] = ["DENY"]
        response.headers[values: .init("Referrer-Policy")!] = ["same-origin"]
        response.headers[values: .init("Cross-Origin-Opener-Policy")!] = ["same-origin"]
        response.headers[values: .init("Permissions-Policy")!] = ["camera=(), microphone=(), geolocation=(), interest-cohort=()"]
        return response
    }
}
