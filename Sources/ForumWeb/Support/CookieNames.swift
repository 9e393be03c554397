/// The names of the cookies the forum sets and reads. Served over https they take the
/// `__Host-` prefix: browsers then keep them only when set with `Secure`, `Path=/` and no
/// `Domain`, so a sibling subdomain or a plain-http response can't plant one.
struct CookieNames: Sendable {
    let session: String
    let csrf: String

    init(secure: Bool) {
        let prefix = secure ? "__Host-" : ""
        session = prefix + "rt_session"
        csrf = prefix + "rt_csrf"
    }
}

extension WebConfiguration {
    var cookieNames: CookieNames { CookieNames(secure: secureCookies) }
}
