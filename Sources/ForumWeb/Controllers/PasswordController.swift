import Forum
import Hummingbird

/// `/password/forgot` and `/password/reset/{token}` (open).
struct PasswordController {
    let services: ForumServices
    let renderer: Renderer
    let configuration: WebConfiguration

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get("/password/forgot", use: forgotForm)
        router.post("/password/forgot", use: forgot)
        router.get("/password/reset/:token", use: resetForm)
        router.post("/password/reset/:token", use: reset)
    }

    struct ForgotPage: PageViewModel {
        var layout = Layout()
        var title = "Forgot your password?"
        var email = ""
        var sent = false
        var error = ""
    }

    @Sendable func forgotForm(_ request: Request, context: AppContext) async throws -> Response {
        try renderer.page("password-forgot", ForgotPage(), context: context)
    }

    @Sendable func forgot(_ request: Request, context: AppContext) async throws -> Response {
        let email = context.form["email"].trimmingCharacters(in: .whitespaces)
        switch try await services.passwordResets.request(email: email, ip: context.remoteIP, linkBase: configuration.baseURL) {
        case .allowed:
            // The same page whether or not the address has an account.
            return try renderer.page("password-forgot", ForgotPage(email: email, sent: true), context: context)
        case .limited(let retryAfter):
            var response = try renderer.page("password-forgot", ForgotPage(
                email: email, error: "Too many requests. Try again in \(Format.count((retryAfter + 59) / 60, "minute"))."),
                context: context, status: .tooManyRequests)
            response.headers[.retryAfter] = String(retryAfter)
            return response
        }
    }

    struct ResetPage: PageViewModel {
        var layout = Layout()
        var title = "Choose a new password"
        var action: String
        var passwordError = ""
        var passwordConfirmError = ""
    }

    @Sendable func resetForm(_ request: Request, context: AppContext) async throws -> Response {
        let token = try context.parameters.require("token")
        do {
            _ = try await services.passwordResets.find(token: token)
            return try renderer.page("password-reset", ResetPage(action: "/password/reset/\(token)"), context: context)
        } catch let unusable as UnusableLink {
            return try UnusableLinkPage.render(unusable, renderer: renderer, context: context)
        }
    }

    @Sendable func reset(_ request: Request, context: AppContext) async throws -> Response {
        let token = try context.parameters.require("token")
        do {
            try await services.passwordResets.reset(
                token: token, password: context.form["password"], passwordConfirm: context.form["password_confirm"])
            return .seeOther("/login")
        } catch let unusable as UnusableLink {
            return try UnusableLinkPage.render(unusable, renderer: renderer, context: context)
        } catch let error as ValidationError {
            let page = ResetPage(action: "/password/reset/\(token)", passwordError: error.messages["password"] ?? "",
                                 passwordConfirmError: error.messages["password_confirm"] ?? "")
            return try renderer.page("password-reset", page, context: context, status: .unprocessableContent)
        }
    }
}
