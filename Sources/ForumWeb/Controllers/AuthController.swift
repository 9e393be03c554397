import Forum
import Foundation
import Hummingbird
import Views

/// Sign-in and sign-out.
struct AuthController {
    let services: ForumServices
    let renderer: Renderer
    let configuration: WebConfiguration

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.login.route, use: showLogin)
        router.post(SiteURL.login.route, use: login)
        router.post(SiteURL.logout.route, use: logout)
    }

    /// What the sign-in form sends.
    struct LoginForm: Decodable {
        var email: String?
        var password: String?
        var next: String?
    }

    @Sendable func showLogin(_ request: Request, context: AppContext) async throws -> Response {
        let next = Paths.safeNext(request.formQuery["next"] ?? "/")
        if context.identity != nil { return .seeOther(next) }
        return renderer.page(LoginPage(next: next), context: context)
    }

    @Sendable func login(_ request: Request, context: AppContext) async throws -> Response {
        let form = try context.form.decode(LoginForm.self)
        let email = (form.email ?? "").trimmingCharacters(in: .whitespaces)
        let password = form.password ?? ""
        let next = Paths.safeNext(form.next ?? "")
        var page = LoginPage(email: email, next: next)
        let throttle = SignInThrottle(rateLimiter: services.rateLimiter, perAddress: configuration.signInLimit)
        let address = context.remoteIP ?? "unknown"
        if let retryAfter = try await throttle.retryAfter(email: email, address: address) {
            page.error = "Too many sign-in attempts. Try again in \(Format.count(retryAfter, "second"))."
            return renderer.tooManyRequests(page, retryAfter: retryAfter, context: context)
        }

        switch try await services.accounts.signIn(email: email, password: password) {
        case .success(let member):
            if try await services.twoFactor.status(of: member.id).enabled {
                // Half signed in: no session yet, only a short-lived token that opens /login/2fa.
                let token = try await services.twoFactor.beginSignIn(memberID: member.id, next: next)
                var response = Response.seeOther(SiteURL.loginTwoFactor.path)
                response.setCookie(TwoFactorSignInController.pendingCookie(token, configuration: configuration))
                return response
            }
            // A new id at every sign-in: a session id planted before sign-in is worth nothing.
            if let old = request.cookies[configuration.cookieNames.session]?.value {
                try await services.sessions.delete(token: old)
            }
            let token = try await services.sessions.create(
                for: member.id, ip: context.remoteIP, userAgent: request.headers[.userAgent])
            var response = Response.seeOther(next)
            response.setCookie(sessionCookie(token))
            return response
        case .invalidCredentials:
            try await throttle.recordFailure(email: email, address: address)
            page.error = "That email and password don't match an account."
        case .suspended(let until, let reason):
            page.error = "Your account is suspended" + (until.map { " until \(Format.date($0)) UTC" } ?? "")
                + (reason.map { ": \($0)" } ?? ".")
        case .deactivated:
            page.error = "This account has been deactivated. Contact an administrator."
        }
        return renderer.page(page, context: context, status: .unprocessableContent)
    }

    @Sendable func logout(_ request: Request, context: AppContext) async throws -> Response {
        if let token = request.cookies[configuration.cookieNames.session]?.value {
            try await services.sessions.delete(token: token)
        }
        var response = Response.seeOther(SiteURL.login.path)
        response.setCookie(Cookie(name: configuration.cookieNames.session, value: "", maxAge: 0, path: "/",
                                  secure: configuration.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    private func sessionCookie(_ token: String) -> Cookie {
        SessionCookie.make(token, services: services, configuration: configuration)
    }
}
