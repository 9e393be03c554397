import Forum
import Hummingbird

/// `/notifications`: replies, mentions, reactions and accepted feedback addressed to the member.
struct NotificationController {
    let services: ForumServices
    let renderer: Renderer

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get("/notifications", use: list)
        router.post("/notifications/read", use: markAllRead)
    }

    struct NotificationsPage: PageViewModel {
        struct Item: Sendable, Encodable {
            var text: String
            var href: String
            var threadTitle: String
            var at: String
            var atISO: String
            var unread: Bool
        }

        var layout = Layout()
        var title = "Notifications"
        var items: [Item]
        var unreadCount: Int
        var hasUnread: Bool
        var pagination: Pagination
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let page = RequestInput.page(request)
        let listing = try await services.notifications.list(for: try context.member, page: page)
        return try renderer.page("notifications", NotificationsPage(
            items: listing.items.map { item in
                let actor = item.actorUsername ?? "Someone"
                let text = switch item.kind {
                case .reply: "\(actor) replied in"
                case .mention: "\(actor) mentioned you in"
                case .reaction: "\(actor) found your post helpful in"
                case .accepted: "\(actor) took up your feedback in"
                case .flagDismissed: "\(actor) reviewed the post you flagged and left it up in"
                case .flagUpheld: "\(actor) hid the post you flagged in"
                }
                let href = Paths.thread(item.threadID, slug: item.threadSlug,
                                        page: item.postPosition.map(ThreadQueries.page(ofPosition:)) ?? 1, post: item.postID)
                return .init(text: text, href: href, threadTitle: item.threadTitle, at: Format.date(item.createdAt),
                             atISO: Format.iso(item.createdAt), unread: item.unread)
            },
            unreadCount: listing.unreadCount, hasUnread: listing.unreadCount > 0,
            pagination: Pagination(path: "/notifications", page: listing.page, pageCount: listing.pageCount)),
            context: context)
    }

    @Sendable func markAllRead(_ request: Request, context: AppContext) async throws -> Response {
        try await services.notifications.markAllRead(for: try context.member)
        return .seeOther("/notifications")
    }
}
