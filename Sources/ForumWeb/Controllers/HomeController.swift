import Forum
import Hummingbird

/// `/`: categories with their counts and latest activity, and the recently active threads.
struct HomeController {
    let services: ForumServices
    let renderer: Renderer

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get("/", use: home)
    }

    struct HomePage: PageViewModel {
        struct Category: Sendable, Encodable {
            var href: String
            var name: String
            var description: String
            var threadCount: String
            var lastActivity: String
            var lastActivityISO: String
            var isPrivate: Bool
        }

        var layout = Layout()
        var title = "Home"
        var categories: [Category]
        var recentThreads: [ThreadRow]
        var openFeedback: [ThreadRow]
        var hasOpenFeedback: Bool
    }

    @Sendable func home(_ request: Request, context: AppContext) async throws -> Response {
        let home = try await services.threads.home(for: try context.member)
        let page = HomePage(
            categories: home.categories.map { category in
                HomePage.Category(
                    href: "/c/\(category.slug)", name: category.name, description: category.description,
                    threadCount: Format.count(category.threadCount, "thread"),
                    lastActivity: category.lastActivity.map(Format.date) ?? "",
                    lastActivityISO: category.lastActivity.map(Format.iso) ?? "",
                    isPrivate: category.visibility == .moderators)
            },
            recentThreads: home.recentThreads.map { ThreadRow($0, showCategory: true) },
            openFeedback: home.openFeedback.map { ThreadRow($0, showCategory: true) },
            hasOpenFeedback: !home.openFeedback.isEmpty)
        return try renderer.page("home", page, context: context)
    }
}

/// A thread in a list (home, category).
struct ThreadRow: Sendable, Encodable {
    var href: String
    var title: String
    var categoryName: String
    var categoryHref: String
    var showCategory: Bool
    var author: String
    var authorSchool: String
    var replies: String
    var lastPoster: String
    var lastPostedAt: String
    var lastPostedISO: String
    var pinned: Bool
    var locked: Bool
    var deleted: Bool
    var isFeedback: Bool
    var feedbackOpen: Bool
    /// "3 new" or "New" (never opened); empty when everything was seen.
    var unreadLabel: String
    var unreadHref: String

    init(_ thread: ThreadSummary, showCategory: Bool) {
        href = Paths.thread(thread.id, slug: thread.slug)
        title = thread.title
        categoryName = thread.categoryName
        categoryHref = "/c/\(thread.categorySlug)"
        self.showCategory = showCategory
        author = thread.authorUsername
        authorSchool = thread.authorSchool ?? ""
        replies = Format.count(thread.postCount - 1, "reply", "replies")
        lastPoster = thread.lastPosterUsername ?? thread.authorUsername
        lastPostedAt = Format.date(thread.lastPostedAt)
        lastPostedISO = Format.iso(thread.lastPostedAt)
        pinned = thread.pinned
        locked = thread.locked
        deleted = thread.deleted
        isFeedback = thread.kind == .feedback
        feedbackOpen = thread.feedbackOpen
        if thread.unreadCount > 0 {
            unreadLabel = thread.everRead ? "\(thread.unreadCount) new" : "New"
            unreadHref = Paths.thread(thread.id, slug: thread.slug,
                                      page: ThreadQueries.page(ofPosition: thread.firstUnreadPosition ?? 1),
                                      post: thread.firstUnreadPostID)
        } else {
            unreadLabel = ""
            unreadHref = ""
        }
    }
}
