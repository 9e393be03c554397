#if canImport(Glibc)
import Glibc
#endif
import Forum
import FormKit
import Hummingbird
import NIOCore
import Views

/// Every POST must echo the page's CSRF token in `_csrf`; otherwise 403 and nothing changes.
/// Runs after `SessionMiddleware`, which decides the one token this request may carry.
/// Reads and parses the form once (at most 2 MiB, else 413; 55 MiB on the attachment routes)
/// for the handlers to use.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppContext
    static let maxBodySize = 2 * 1024 * 1024

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        let contentType = request.headers[.contentType] ?? ""
        let multipart = HeaderValue(contentType)
        let isMultipart = multipart.value.lowercased() == "multipart/form-data"
        // Only signed-in members may send the large bodies of the attachment routes.
        let takesAttachments = isMultipart && context.identity != nil && AttachmentRoutes.matches(request.uri.path)
        let limit = takesAttachments ? AttachmentRoutes.maxBodySize : Self.maxBodySize
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw HTTPError(.contentTooLarge)
        }
        var request = request
        var context = context
        if isMultipart {
            let reader = MultipartReader(maxBody: limit, spoolsAttachments: takesAttachments)
            context.form = try await reader.read(request.body, boundary: multipart.parameters["boundary"] ?? "")
        } else {
            let body = try await request.collectBody(upTo: Self.maxBodySize)
            context.form = try FormParsing.parse(body: body, contentType: contentType)
        }
        let spooled = context.form.uploads.map(\.path).filter { !$0.isEmpty }
        defer { for path in spooled { unlink(path) } }
        // The one exception: RFC 8058 one-click unsubscribe, which mail clients POST without
        // a token of ours. Its path carries its own secret (see UnsubscribeController).
        if Self.isOneClickUnsubscribe(request.uri.path) { return try await next(request, context) }
        // One token is valid per request: the session's when signed in, else the anonymous
        // cookie's (which `SessionMiddleware` put in the context). Accepting the cookie's token
        // from a signed-in member too let anyone who could plant a cookie forge their POSTs.
        let submitted = context.form["_csrf"]
        guard !submitted.isEmpty, !context.csrfToken.isEmpty, SecureToken.constantTimeEquals(submitted, context.csrfToken) else {
            throw HTTPError(.forbidden, message: "This form has expired or did not come from this site. Go back, reload the page and try again.")
        }
        return try await next(request, context)
    }
}

extension CSRFMiddleware {
    static let unsubscribePrefix = SiteURL.unsubscribe(token: .value("")).path

    /// `/unsubscribe/{token}` exactly: one non-empty segment after the prefix.
    static func isOneClickUnsubscribe(_ path: String) -> Bool {
        guard path.hasPrefix(unsubscribePrefix) else { return false }
        let token = path.dropFirst(unsubscribePrefix.count)
        return !token.isEmpty && !token.contains("/")
    }
}

enum FormParsing {
    /// URL-encoded forms (multipart ones stream through `MultipartReader`).
    static func parse(body: ByteBuffer, contentType: String) throws -> FormData {
        FormData(fields: URLEncodedForm.parse(String(buffer: body)).mapValues(FormData.cleaned))
    }
}
