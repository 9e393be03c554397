import Forum
import Hummingbird

/// `/admin/invitations`: the list with states, inviting one person, revoking, re-sending,
/// and inviting many from a CSV file.
struct AdminInvitationController {
    let services: ForumServices
    let renderer: Renderer
    let configuration: WebConfiguration

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get("/admin/invitations", use: list)
        router.post("/admin/invitations", use: create)
        router.post("/admin/invitations/bulk", use: bulk)
        router.post("/admin/invitations/:id/revoke", use: revoke)
        router.post("/admin/invitations/:id/resend", use: resend)
    }

    struct InvitationsPage: PageViewModel {
        struct Row: Sendable, Encodable {
            var id: Int
            var email: String
            var name: String
            var role: String
            var school: String
            var invitedBy: String
            var created: String
            var expires: String
            var state: String
            var canRevoke: Bool
            var canResend: Bool
            var revokeAction: String
            var resendAction: String
        }

        var layout = Layout()
        var title = "Invitations"
        var invitations: [Row] = []
        var roles: [SelectOption] = []
        var schools: [SelectOption] = []
        var email = ""
        var errors: [String] = []
        var emailError = ""
        var roleError = ""
        var schoolError = ""
        var fileError = ""
        var pagination = Pagination(path: "/admin/invitations", page: 1, pageCount: 1)
    }

    private func page(email: String = "", role: String = "member", school: String = "", number: Int = 1) async throws -> InvitationsPage {
        let listing = try await services.invitations.list(page: number)
        let schools = try await services.administration.schools()
        return InvitationsPage(
            invitations: listing.invitations.map { invitation in
                let open = invitation.state != .accepted
                return InvitationsPage.Row(
                    id: invitation.id, email: invitation.email, name: invitation.name, role: invitation.role.label,
                    school: invitation.schoolName ?? "", invitedBy: invitation.invitedBy ?? "",
                    created: Format.date(invitation.createdAt), expires: Format.date(invitation.expiresAt),
                    state: invitation.state.rawValue, canRevoke: invitation.state == .pending, canResend: open,
                    revokeAction: "/admin/invitations/\(invitation.id)/revoke", resendAction: "/admin/invitations/\(invitation.id)/resend")
            },
            roles: Role.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == role) },
            schools: [SelectOption(value: "", label: "No school", selected: school.isEmpty)]
                + schools.map { SelectOption(value: $0.slug, label: $0.name, selected: $0.slug == school) },
            email: email,
            pagination: Pagination(path: "/admin/invitations", page: listing.page, pageCount: listing.pageCount))
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let number = RequestInput.page(request)
        return try renderer.page("admin-invitations", try await page(number: number), context: context)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let admin = try context.member
        let email = context.form["email"], role = context.form["role"], school = context.form["school"]
        do {
            _ = try await services.invitations.create(email: email, role: role, schoolSlug: school, invitedBy: admin.id,
                                                       linkBase: configuration.baseURL)
            return .seeOther("/admin/invitations")
        } catch let error as ValidationError {
            var page = try await page(email: email, role: role, school: school)
            page.emailError = error.messages["email"] ?? ""
            page.roleError = error.messages["role"] ?? ""
            page.schoolError = error.messages["school"] ?? ""
            return try renderer.page("admin-invitations", page, context: context, status: .unprocessableContent)
        }
    }

    @Sendable func revoke(_ request: Request, context: AppContext) async throws -> Response {
        do {
            try await services.invitations.revoke(id: try invitationID(context), by: try context.member)
            return .seeOther("/admin/invitations")
        } catch let error as ValidationError {
            var page = try await page()
            page.errors = Array(error.messages.values)
            return try renderer.page("admin-invitations", page, context: context, status: .unprocessableContent)
        }
    }

    @Sendable func resend(_ request: Request, context: AppContext) async throws -> Response {
        do {
            _ = try await services.invitations.resend(id: try invitationID(context), by: try context.member,
                                                      linkBase: configuration.baseURL)
            return .seeOther("/admin/invitations")
        } catch let error as ValidationError {
            var page = try await page()
            page.errors = Array(error.messages.values)
            return try renderer.page("admin-invitations", page, context: context, status: .unprocessableContent)
        }
    }

    struct BulkReportPage: PageViewModel {
        struct Line: Sendable, Encodable {
            var line: Int
            var email: String
            var outcome: String
            var reason: String
        }

        var layout = Layout()
        var title = "Bulk invitation report"
        var invited: Int
        var skipped: Int
        var refused: Int
        var lines: [Line]
    }

    @Sendable func bulk(_ request: Request, context: AppContext) async throws -> Response {
        let admin = try context.member
        guard let file = context.form.files["file"], !file.bytes.isEmpty else {
            var page = try await page()
            page.fileError = "Choose a CSV file with the columns email,name,role,school."
            return try renderer.page("admin-invitations", page, context: context, status: .unprocessableContent)
        }
        do {
            let rows = try await services.invitations.importCSV(file.bytes, by: admin, linkBase: configuration.baseURL)
            return try renderer.page("admin-bulk-report", BulkReportPage(
                invited: rows.count { $0.outcome == .invited }, skipped: rows.count { $0.outcome == .skipped },
                refused: rows.count { $0.outcome == .refused },
                lines: rows.map { .init(line: $0.line, email: $0.email, outcome: $0.outcome.rawValue, reason: $0.reason) }),
                context: context)
        } catch let error as ValidationError {
            var page = try await page()
            page.fileError = error.messages["file"] ?? "That file could not be read."
            return try renderer.page("admin-invitations", page, context: context, status: .unprocessableContent)
        }
    }

    private func invitationID(_ context: AppContext) throws -> Int {
        let id = try RequestInput.pathID(context)
        return id
    }
}
