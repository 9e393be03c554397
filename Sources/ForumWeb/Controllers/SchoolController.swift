import Forum
import Hummingbird
import Views

/// `/schools`, the network's member schools, and `/s/{slug}`, one school with its members.
struct SchoolController {
    let services: ForumServices
    let renderer: Renderer

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.schools.route, use: schools)
        router.get(SiteURL.school(.key).route, use: school)
    }

    @Sendable func schools(_ request: Request, context: AppContext) async throws -> Response {
        renderer.page(SchoolsPage(schools: try await services.profiles.schools().map {
            .init(slug: $0.slug, name: $0.name, memberCount: $0.memberCount, description: $0.description)
        }), context: context)
    }

    @Sendable func school(_ request: Request, context: AppContext) async throws -> Response {
        let page = try await services.profiles.school(slug: try context.parameters.require("slug"), for: try context.member)
        var view = SchoolPage(
            title: page.school.name, website: page.school.website, description: page.school.description,
            members: page.members.map { .init(username: $0.username, name: $0.name, role: $0.role.label, isStaff: $0.role.canModerate) },
            threads: page.recentThreads.map { ThreadRow($0, showCategory: true) })
        view.slug = page.school.slug
        view.leaders = try await services.leadership.leaders(schoolSlug: page.school.slug).map(JourneyLeader.init)
        return renderer.page(view, context: context)
    }
}
