/// The names of the cookies the forum sets and reads. Served over https they take the
/// `__Host-` prefix: browsers then keep them only when set with `Secure`, `Path=/` and no
/// `Domain`, so a sibling subdomain or a plain-http response can't plant one.
struct CookieNames: Sendable {
    let session: String
    let csrf: String
    /// Half signed in: password right, second factor not yet given (issue 15).
    let pendingSignIn: String

    init(secure: Bool) {
        let prefix = secure ? "__Host-" : ""
        session = prefix + "rt_session"
        csrf = prefix + "rt_csrf"
        pendingSignIn = prefix + "rt_2fa"
    }
}

extension WebConfiguration {
    var cookieNames: CookieNames { CookieNames(secure: secureCookies) }
}
