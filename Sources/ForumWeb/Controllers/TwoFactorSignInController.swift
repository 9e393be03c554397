import Forum
import Hummingbird
import Views

/// `/login/2fa`: the second step of signing in. The half-signed-in state is a row in
/// `pending_sign_ins` behind its own cookie; it is no session, so every member page still
/// sends its holder to sign in, and the session id is issued only here, after the code.
struct TwoFactorSignInController {
    let services: ForumServices
    let renderer: Renderer
    let configuration: WebConfiguration

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.loginTwoFactor.route, use: show)
        router.post(SiteURL.loginTwoFactor.route, use: submit)
    }

    static func pendingCookie(_ token: String, configuration: WebConfiguration) -> Cookie {
        Cookie(name: configuration.cookieNames.pendingSignIn, value: token, maxAge: TwoFactor.pendingLifetime, path: "/",
               secure: configuration.secureCookies, httpOnly: true, sameSite: .lax)
    }

    private func clearedPendingCookie() -> Cookie {
        Cookie(name: configuration.cookieNames.pendingSignIn, value: "", maxAge: 0, path: "/",
               secure: configuration.secureCookies, httpOnly: true, sameSite: .lax)
    }

    private func pending(_ request: Request) async throws -> (token: String, signIn: TwoFactor.PendingSignIn)? {
        guard let token = request.cookies[configuration.cookieNames.pendingSignIn]?.value,
              let pending = try await services.twoFactor.pendingSignIn(token: token)
        else { return nil }
        return (token, pending)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        if context.identity != nil { return .seeOther(SiteURL.home.path) }
        guard try await pending(request) != nil else { return .seeOther(SiteURL.login.path) }
        var response = renderer.page(TwoFactorLoginPage(), context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// What the code form sends.
    struct CodeForm: Decodable {
        var code: String?
    }

    @Sendable func submit(_ request: Request, context: AppContext) async throws -> Response {
        let form = try context.form.decode(CodeForm.self)
        guard let found = try await pending(request) else { return .seeOther(SiteURL.login.path) }
        let token = found.token, pending = found.signIn
        // The same limits as the password: per address, and failures per account.
        let throttle = SignInThrottle(rateLimiter: services.rateLimiter, perAddress: configuration.signInLimit)
        let address = context.remoteIP ?? "unknown"
        if let retryAfter = try await throttle.retryAfter(email: pending.email, address: address) {
            let page = TwoFactorLoginPage(error: "Too many sign-in attempts. Try again in \(Format.count(retryAfter, "second")).")
            return renderer.tooManyRequests(page, retryAfter: retryAfter, context: context)
        }
        switch try await services.twoFactor.check(code: form.code ?? "", for: pending.memberID) {
        case .rejected:
            try await throttle.recordFailure(email: pending.email, address: address)
            return renderer.page(TwoFactorLoginPage(error: "That code isn't right, or it has been used already. Enter the code your app shows now."),
                                 context: context, status: .unprocessableContent)
        case .accepted, .acceptedRecoveryCode:
            try await services.twoFactor.endSignIn(token: token)
            if let old = request.cookies[configuration.cookieNames.session]?.value {
                try await services.sessions.delete(token: old)
            }
            let session = try await services.sessions.create(
                for: pending.memberID, ip: context.remoteIP, userAgent: request.headers[.userAgent])
            var response = Response.seeOther(Paths.safeNext(pending.next))
            response.setCookie(SessionCookie.make(session, services: services, configuration: configuration))
            response.setCookie(clearedPendingCookie())
            return response
        }
    }
}
