import Forum
import Hummingbird
import Views

/// `/admin/journey`, the journey's elements and stages, and `/admin/schools/{slug}/leaders`,
/// a school's leadership team.
struct AdminJourneyController {
    let services: ForumServices
    let renderer: Renderer

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.adminJourney.route, use: journey)
        router.post(SiteURL.adminJourney.route, use: saveElement)
        router.post(SiteURL.adminSchoolLeaders(.key).route, use: changeLeaders)
    }

    private func page(form: JourneyElementForm) async throws -> AdminJourneyPage {
        AdminJourneyPage(elements: try await services.journeyElements.all().map { element in
            .init(id: element.id, name: element.name, slug: element.slug, position: element.position,
                  stages: element.stages.map { (name: $0.name, schools: $0.schoolCount) })
        }, form: form)
    }

    @Sendable func journey(_ request: Request, context: AppContext) async throws -> Response {
        var form = JourneyElementForm(id: nil, heading: "Add an element")
        if let id = RequestInput.queryID(request, "element") {
            guard let element = try await services.journeyElements.all().first(where: { $0.id == id }) else { throw NotFound() }
            form = JourneyElementForm(id: element.id, heading: "Edit \(element.name)")
            form.slug = element.slug
            form.name = element.name
            form.description = element.description
            form.position = String(element.position)
            form.stages = element.stages.map(\.name).joined(separator: "\n")
        }
        return renderer.page(try await page(form: form), context: context)
    }

    @Sendable func saveElement(_ request: Request, context: AppContext) async throws -> Response {
        let fields = try context.form.decode(JourneyElements.Fields.self)
        do {
            try await services.journeyElements.save(fields, by: try context.member)
            return .seeOther(SiteURL.adminJourney.path)
        } catch let error as ValidationError {
            var form = JourneyElementForm(id: BoundedInteger.parse(fields.element, in: 1...Int(Int32.max)),
                                          heading: fields.element.isEmpty ? "Add an element" : "Edit element")
            form.slug = fields.slug
            form.name = fields.name
            form.description = fields.description
            form.position = fields.position
            form.stages = fields.stages
            form.errors = error.messages
            return renderer.page(try await page(form: form), context: context, status: .unprocessableContent)
        }
    }

    @Sendable func changeLeaders(_ request: Request, context: AppContext) async throws -> Response {
        // The segment is named `id` to share the router's node with `/admin/schools/{id}`.
        let slug = try context.parameters.require("id")
        let fields = try context.form.decode(Leadership.Fields.self)
        do {
            let schoolID = try await services.leadership.change(schoolSlug: slug, fields, by: try context.member)
            return .seeOther(SiteURL.adminSchool(.value(schoolID)).path)
        } catch let error as ValidationError {
            guard let school = try await services.administration.schools().first(where: { $0.slug == slug }) else { throw NotFound() }
            var page = try await AdminController.editPage(school, services: services)
            page.leaderUsername = fields.action == "add" ? fields.username ?? "" : ""
            page.leaderError = error.messages["username"] ?? error.messages["action"]
            return renderer.page(page, context: context, status: .unprocessableContent)
        }
    }
}
