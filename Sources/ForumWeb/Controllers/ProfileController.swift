import Forum
import Hummingbird
import Views

/// `/u/{username}`: a member's profile.
struct ProfileController {
    let services: ForumServices
    let renderer: Renderer

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.profile(.key).route, use: profile)
    }

    @Sendable func profile(_ request: Request, context: AppContext) async throws -> Response {
        let profile = try await services.profiles.profile(username: try context.parameters.require("username"), for: try context.member)
        return renderer.page(ProfilePage(
            name: profile.name, username: profile.username, role: profile.role.label,
            school: profile.schoolSlug.flatMap { slug in profile.schoolName.map { (slug: slug, name: $0) } },
            joined: profile.joinedAt, deactivated: profile.deactivated,
            posts: profile.recentPosts.map { post in
                .init(link: SiteURL.threadPage(post.threadID, slug: post.threadSlug,
                                               page: ThreadQueries.page(ofPosition: post.position), post: post.postID),
                      threadTitle: post.threadTitle, postedAt: post.createdAt, excerpt: post.excerpt)
            }), context: context)
    }
}
