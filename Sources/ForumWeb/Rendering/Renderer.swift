import Forum
import Hummingbird
import Views

/// Turns a typed page into a response: the layout and the page written straight into the
/// body's bytes, for the member the request belongs to.
public struct Renderer: Sendable {
    public init() {}

    func page(_ view: some PageView, context: AppContext, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "private, no-cache"],
            body: .init(byteBuffer: Layout.render(view, viewer: Viewer(context: context))))
    }

    /// "429 with the form kept": the page as it was submitted, its message, and `Retry-After`.
    func tooManyRequests(_ view: some PageView, retryAfter: Int, context: AppContext) -> Response {
        var response = page(view, context: context, status: .tooManyRequests)
        response.headers[.retryAfter] = String(retryAfter)
        return response
    }
}

extension Viewer {
    init(context: AppContext) {
        guard let member = context.identity else {
            self.init(csrf: context.csrfToken)
            return
        }
        self.init(username: member.username, csrf: context.csrfToken,
                  isModerator: member.role.canModerate, isAdmin: member.role == .admin,
                  openFlags: context.session?.openFlags ?? 0, unreadNotifications: context.session?.unreadNotifications ?? 0,
                  unreadMessages: context.session?.unreadMessages ?? 0)
    }
}
