import Forum
import Hummingbird
import Views

/// `/admin/invitations`: the list with states, inviting one person, revoking, re-sending,
/// and inviting many from a CSV file.
struct AdminInvitationController {
    let services: ForumServices
    let renderer: Renderer
    let configuration: WebConfiguration

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.adminInvitations.route, use: list)
        router.post(SiteURL.adminInvitations.route, use: create)
        router.post(SiteURL.adminInvitationsBulk.route, use: bulk)
        router.post(SiteURL.adminInvitationAction(.key, .revoke).route, use: revoke)
        router.post(SiteURL.adminInvitationAction(.key, .resend).route, use: resend)
    }

    /// What the invite-one form sends.
    struct InvitationForm: Decodable {
        var email: String?
        var role: String?
        var school: String?
    }

    private func page(_ form: InvitationForm = .init(), number: Int = 1) async throws -> AdminInvitationsPage {
        let listing = try await services.invitations.list(page: number)
        let schools = try await services.administration.schools()
        let role = form.role ?? "member", school = form.school ?? ""
        return AdminInvitationsPage(
            invitations: listing.invitations.map { invitation in
                .init(id: invitation.id, email: invitation.email, name: invitation.name, role: invitation.role.label,
                      school: invitation.schoolName, created: invitation.createdAt, expires: invitation.expiresAt,
                      state: invitation.state.rawValue, canRevoke: invitation.state == .pending,
                      canResend: invitation.state != .accepted)
            },
            roles: Role.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == role) },
            schools: [SelectOption(value: "", label: "No school", selected: school.isEmpty)]
                + schools.map { SelectOption(value: $0.slug, label: $0.name, selected: $0.slug == school) },
            email: form.email ?? "",
            pagination: Pagination(path: SiteURL.adminInvitations.path, page: listing.page, pageCount: listing.pageCount))
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let number = RequestInput.page(request)
        return renderer.page(try await page(number: number), context: context)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let admin = try context.member
        let form = try context.form.decode(InvitationForm.self)
        do {
            _ = try await services.invitations.create(email: form.email ?? "", role: form.role ?? "", schoolSlug: form.school ?? "",
                                                       invitedBy: admin.id, linkBase: configuration.baseURL)
            return .seeOther(SiteURL.adminInvitations.path)
        } catch let error as ValidationError {
            var page = try await page(form)
            page.fieldErrors = error.messages
            return renderer.page(page, context: context, status: .unprocessableContent)
        }
    }

    @Sendable func revoke(_ request: Request, context: AppContext) async throws -> Response {
        do {
            try await services.invitations.revoke(id: try RequestInput.pathID(context), by: try context.member)
            return .seeOther(SiteURL.adminInvitations.path)
        } catch let error as ValidationError {
            return try await refused(error, context: context)
        }
    }

    @Sendable func resend(_ request: Request, context: AppContext) async throws -> Response {
        do {
            _ = try await services.invitations.resend(id: try RequestInput.pathID(context), by: try context.member,
                                                      linkBase: configuration.baseURL)
            return .seeOther(SiteURL.adminInvitations.path)
        } catch let error as ValidationError {
            return try await refused(error, context: context)
        }
    }

    private func refused(_ error: ValidationError, context: AppContext) async throws -> Response {
        var page = try await page()
        page.errors = error.messages.keys.sorted().compactMap { error.messages[$0] }
        return renderer.page(page, context: context, status: .unprocessableContent)
    }

    @Sendable func bulk(_ request: Request, context: AppContext) async throws -> Response {
        let admin = try context.member
        guard let file = context.form.files["file"], !file.bytes.isEmpty else {
            var page = try await page()
            page.fieldErrors["file"] = "Choose a CSV file with the columns email,name,role,school."
            return renderer.page(page, context: context, status: .unprocessableContent)
        }
        do {
            let rows = try await services.invitations.importCSV(file.bytes, by: admin, linkBase: configuration.baseURL)
            return renderer.page(BulkReportPage(lines: rows.map {
                .init(line: $0.line, email: $0.email, outcome: $0.outcome.rawValue, reason: $0.reason)
            }), context: context)
        } catch let error as ValidationError {
            var page = try await page()
            page.fieldErrors["file"] = error.messages["file"] ?? "That file could not be read."
            return renderer.page(page, context: context, status: .unprocessableContent)
        }
    }
}
