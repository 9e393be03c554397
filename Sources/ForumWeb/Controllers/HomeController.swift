import Forum
import Hummingbird
import Views

/// `/`: categories with their counts and latest activity, and the recently active threads.
struct HomeController {
    let services: ForumServices
    let renderer: Renderer

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.home.route, use: home)
    }

    @Sendable func home(_ request: Request, context: AppContext) async throws -> Response {
        let home = try await services.threads.home(for: try context.member)
        let page = HomePage(
            categories: home.categories.map { category in
                HomePage.Category(
                    slug: category.slug, name: category.name, description: category.description,
                    threadCount: category.threadCount, lastActivity: category.lastActivity,
                    isPrivate: category.visibility == .moderators)
            },
            recentThreads: home.recentThreads.map { ThreadRow($0, showCategory: true) },
            openFeedback: home.openFeedback.map { ThreadRow($0, showCategory: true) })
        return renderer.page(page, context: context)
    }
}

extension ThreadRow {
    init(_ thread: ThreadSummary, showCategory: Bool) {
        self.init(
            id: thread.id, slug: thread.slug, title: thread.title, categorySlug: thread.categorySlug,
            categoryName: thread.categoryName, showCategory: showCategory, author: thread.authorUsername,
            authorSchool: thread.authorSchool, replyCount: max(0, thread.postCount - 1),
            lastPoster: thread.lastPosterUsername ?? thread.authorUsername, lastPostedAt: thread.lastPostedAt,
            pinned: thread.pinned, locked: thread.locked, deleted: thread.deleted, isFeedback: thread.kind == .feedback,
            feedbackOpen: thread.feedbackOpen, unreadCount: thread.unreadCount, everRead: thread.everRead,
            firstUnreadPage: ThreadQueries.page(ofPosition: thread.firstUnreadPosition ?? 1),
            firstUnreadPostID: thread.firstUnreadPostID)
    }
}
