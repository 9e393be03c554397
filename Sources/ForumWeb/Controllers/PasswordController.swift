import Forum
import Hummingbird
import Views

/// `/password/forgot` and `/password/reset/{token}` (open).
struct PasswordController {
    let services: ForumServices
    let renderer: Renderer
    let configuration: WebConfiguration

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.passwordForgot.route, use: forgotForm)
        router.post(SiteURL.passwordForgot.route, use: forgot)
        router.get(SiteURL.passwordReset(token: .key).route, use: resetForm)
        router.post(SiteURL.passwordReset(token: .key).route, use: reset)
    }

    @Sendable func forgotForm(_ request: Request, context: AppContext) async throws -> Response {
        renderer.page(ForgotPasswordPage(), context: context)
    }

    @Sendable func forgot(_ request: Request, context: AppContext) async throws -> Response {
        let email = (try context.form.decode(ForgotForm.self).email ?? "").trimmingCharacters(in: .whitespaces)
        switch try await services.passwordResets.request(email: email, ip: context.remoteIP, linkBase: configuration.baseURL) {
        case .allowed:
            // The same page whether or not the address has an account.
            return renderer.page(ForgotPasswordPage(email: email, sent: true), context: context)
        case .limited(let retryAfter):
            return renderer.tooManyRequests(ForgotPasswordPage(
                email: email, error: "Too many requests. Try again in \(Format.count((retryAfter + 59) / 60, "minute"))."),
                retryAfter: retryAfter, context: context)
        }
    }

    /// What the forgot-password form sends.
    struct ForgotForm: Decodable {
        var email: String?
    }

    /// What the reset form sends.
    struct ResetForm: Decodable {
        var password: String?
        var password_confirm: String?
    }

    @Sendable func resetForm(_ request: Request, context: AppContext) async throws -> Response {
        let token = try context.parameters.require("token")
        do {
            _ = try await services.passwordResets.find(token: token)
            return renderer.page(ResetPasswordPage(token: token), context: context)
        } catch let unusable as UnusableLink {
            return renderer.unusableLink(unusable, context: context)
        }
    }

    @Sendable func reset(_ request: Request, context: AppContext) async throws -> Response {
        let token = try context.parameters.require("token")
        do {
            let form = try context.form.decode(ResetForm.self)
            try await services.passwordResets.reset(
                token: token, password: form.password ?? "", passwordConfirm: form.password_confirm ?? "")
            return .seeOther(SiteURL.login.path)
        } catch let unusable as UnusableLink {
            return renderer.unusableLink(unusable, context: context)
        } catch let error as ValidationError {
            return renderer.page(ResetPasswordPage(token: token, errors: error.messages), context: context,
                                 status: .unprocessableContent)
        }
    }
}
