import Forum
import Hummingbird
import Views

/// `/notifications`: replies, mentions, reactions and accepted feedback addressed to the member.
struct NotificationController {
    let services: ForumServices
    let renderer: Renderer

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.notifications.route, use: list)
        router.post(SiteURL.notificationsRead.route, use: markAllRead)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let page = RequestInput.page(request)
        let listing = try await services.notifications.list(for: try context.member, page: page)
        return renderer.page(NotificationsPage(
            items: listing.items.map { item in
                let actor = item.actorUsername ?? "Someone"
                let text = switch item.kind {
                case .reply: "\(actor) replied in"
                case .mention: "\(actor) mentioned you in"
                case .reaction: "\(actor) found your post helpful in"
                case .accepted: "\(actor) took up your feedback in"
                case .flagDismissed: "\(actor) reviewed the post you flagged and left it up in"
                case .flagUpheld: "\(actor) hid the post you flagged in"
                case .message: "\(actor) sent you a message:"
                }
                let link: String
                if let conversationID = item.conversationID {
                    link = SiteURL.message(.value(conversationID)).path(fragment: item.messageID.map { "m\($0)" })
                } else if let threadID = item.threadID, let slug = item.threadSlug {
                    link = SiteURL.threadPage(threadID, slug: slug,
                                              page: item.postPosition.map(ThreadQueries.page(ofPosition:)) ?? 1, post: item.postID)
                } else {
                    // The table's check makes every notification name a thread or a conversation.
                    link = SiteURL.notifications.path
                }
                return .init(text: text, link: link, threadTitle: item.threadTitle, at: item.createdAt, unread: item.unread)
            },
            unreadCount: listing.unreadCount,
            pagination: Pagination(path: SiteURL.notifications.path, page: listing.page, pageCount: listing.pageCount)),
            context: context)
    }

    @Sendable func markAllRead(_ request: Request, context: AppContext) async throws -> Response {
        try await services.notifications.markAllRead(for: try context.member)
        return .seeOther(SiteURL.notifications.path)
    }
}
