import Forum
import Hummingbird
import HummingbirdAuth
import NIOCore

/// Per-request state: who is signed in, their CSRF token and the parsed form.
public struct AppContext: AuthRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Member?
    /// The signed-in session, when there is one.
    public var session: Sessions.Current?
    /// The token every form on the page must echo back in `_csrf`.
    public var csrfToken = ""
    /// Set when the anonymous CSRF cookie must be issued with this response.
    public var issueCSRFCookie = false
    /// The submitted form of a POST, parsed once by `CSRFMiddleware`.
    public var form = FormData()
    /// The peer's address (or the proxy's forwarded one, when configured to trust it).
    public var remoteIP: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteIP = source.channel.remoteAddress?.ipAddress
    }

    /// The signed-in member; the member-only routes run behind `RequireMemberMiddleware`.
    public var member: Member {
        get throws {
            guard let identity else { throw HTTPError(.unauthorized) }
            return identity
        }
    }
}
