import Forum
import Hummingbird
import Views

/// `/settings/email`: how often the member hears by mail.
struct EmailSettingsController {
    let services: ForumServices
    let renderer: Renderer

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.settingsEmail.route, use: show)
        router.post(SiteURL.settingsEmail.route, use: save)
    }

    static func page(selected: String, saved: Bool = false, error: String? = nil) -> EmailSettingsPage {
        EmailSettingsPage(
            choices: EmailFrequency.allCases.map { .init(value: $0.rawValue, label: $0.label, explanation: $0.explanation) },
            selected: selected, saved: saved, error: error)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let frequency = try await services.emailSettings.frequency(of: try context.member)
        return renderer.page(Self.page(selected: frequency.rawValue, saved: request.formQuery["saved"] != nil), context: context)
    }

    /// What the email settings form sends.
    struct EmailForm: Decodable {
        var email_notifications: String?
    }

    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        let value = try context.form.decode(EmailForm.self).email_notifications ?? ""
        do {
            try await services.emailSettings.setFrequency(value, for: try context.member)
            return .seeOther(SiteURL.settingsEmail.path(query: ["saved": "1"]))
        } catch let error as ValidationError {
            // The choice as sent is kept only when it is one of the choices (a radio button).
            return renderer.page(Self.page(selected: value, error: error.messages["email_notifications"]), context: context,
                                 status: .unprocessableContent)
        }
    }
}
