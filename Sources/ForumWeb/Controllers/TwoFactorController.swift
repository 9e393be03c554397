import Forum
import Hummingbird
import QRCode
import Views

/// `/settings/2fa`: a member turns two-factor sign-in on or off.
struct TwoFactorController {
    let services: ForumServices
    let renderer: Renderer

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.settingsTwoFactor.route, use: show)
        router.post(SiteURL.settingsTwoFactor.route, use: confirm)
        router.post(SiteURL.settingsTwoFactorDisable.route, use: disable)
    }

    /// The page for the member's current state; the secret is read (and unsealed) only here.
    private func page(_ member: Member) async throws -> TwoFactorPage {
        let required = try await services.twoFactor.mustEnrol(member)
        if let enrolment = try await services.twoFactor.beginEnrolment(for: member) {
            let qr = QRMatrix.encode(enrolment.uri)
            return TwoFactorPage(state: .enrolling(secret: enrolment.secretBase32, uri: enrolment.uri,
                                                   qrSize: qr?.size ?? 0, qrModules: qr?.modules ?? []),
                                 required: required)
        }
        let status = try await services.twoFactor.status(of: member.id)
        return TwoFactorPage(state: .enabled(recoveryCodesLeft: status.recoveryCodesLeft))
    }

    /// Pages that show a secret or recovery codes are never kept by a cache or the back button.
    private func noStore(_ response: Response) -> Response {
        var response = response
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        noStore(renderer.page(try await page(try context.member), context: context))
    }

    /// What the confirmation and the turn-off forms send.
    struct CodeForm: Decodable {
        var code: String?
        var password: String?
    }

    /// The recovery codes come back in this response (200), not after a redirect: they exist
    /// in clear only now, and are stored hashed.
    @Sendable func confirm(_ request: Request, context: AppContext) async throws -> Response {
        let form = try context.form.decode(CodeForm.self)
        let member = try context.member
        do {
            let codes = try await services.twoFactor.confirm(for: member, code: form.code ?? "")
            return noStore(renderer.page(TwoFactorPage(state: .recoveryCodes(codes)), context: context))
        } catch let error as ValidationError {
            var page = try await page(member)
            page.errors = error.messages
            return noStore(renderer.page(page, context: context, status: .unprocessableContent))
        }
    }

    @Sendable func disable(_ request: Request, context: AppContext) async throws -> Response {
        let form = try context.form.decode(CodeForm.self)
        let member = try context.member
        if let retryAfter = try await MemberRateLimit.passwordCheck.retryAfter(for: member, services: services) {
            var page = try await page(member)
            page.errors["password"] = MemberRateLimit.passwordCheck.message(retryAfter: retryAfter)
            return renderer.tooManyRequests(page, retryAfter: retryAfter, context: context)
        }
        do {
            try await services.twoFactor.disable(for: member, password: form.password ?? "", code: form.code ?? "")
            return .seeOther(SiteURL.settings.path)
        } catch let error as ValidationError {
            var page = try await page(member)
            page.errors = error.messages
            return noStore(renderer.page(page, context: context, status: .unprocessableContent))
        }
    }
}
