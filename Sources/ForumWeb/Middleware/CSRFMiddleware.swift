import Forum
import FormKit
import Hummingbird
import NIOCore
import Views

/// Every POST must echo the page's CSRF token in `_csrf`; otherwise 403 and nothing changes.
/// Runs after `SessionMiddleware`, which decides the one token this request may carry.
/// Reads and parses the form once (at most 2 MiB, else 413) for the handlers to use.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppContext
    static let maxBodySize = 2 * 1024 * 1024

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > Self.maxBodySize {
            throw HTTPError(.contentTooLarge)
        }
        var request = request
        let body = try await request.collectBody(upTo: Self.maxBodySize)
        var context = context
        context.form = try FormParsing.parse(body: body, contentType: request.headers[.contentType] ?? "")
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
    static func parse(body: ByteBuffer, contentType: String) throws -> FormData {
        let type = contentType.lowercased()
        if type.hasPrefix("multipart/form-data") {
            // A malformed upload is bad input (422 where the handler can say so), never a 500;
            // with no parsable fields it also carries no CSRF token, so it is refused with 403.
            guard let multipart = try? MultipartForm.parse(body: Array(buffer: body), contentType: contentType) else {
                return FormData()
            }
            var form = FormData()
            for part in multipart.parts {
                if let filename = part.filename {
                    if form.files[part.name] == nil {
                        form.files[part.name] = UploadedFile(filename: filename, contentType: part.contentType, bytes: part.body)
                    }
                } else if form.fields[part.name] == nil {
                    form.fields[part.name] = FormData.cleaned(String(decoding: part.body, as: UTF8.self))
                }
            }
            return form
        }
        return FormData(fields: URLEncodedForm.parse(String(buffer: body)).mapValues(FormData.cleaned))
    }
}
