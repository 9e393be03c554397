import Forum
import Hummingbird

/// The session cookie as every sign-in issues it (the sign-in form, an accepted invitation).
enum SessionCookie {
    static func make(_ token: String, services: ForumServices, configuration: WebConfiguration) -> Cookie {
        Cookie(name: configuration.cookieNames.session, value: token, maxAge: Int(services.sessions.policy.absoluteTimeout),
               path: "/", secure: configuration.secureCookies, httpOnly: true, sameSite: .lax)
    }
}
