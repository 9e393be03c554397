import Forum
import Hummingbird
import Markdown
import Views

/// Private messages: `/messages` (the list), `/messages/new`, `/messages/{id}` and its reply,
/// leave and flag actions. Only participants see a conversation; everyone else gets 404.
struct MessageController {
    let services: ForumServices
    let renderer: Renderer
    let configuration: WebConfiguration

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.messages.route, use: list)
        router.get(SiteURL.newMessage.route, use: newForm)
        router.post(SiteURL.newMessage.route, use: create)
        router.get(SiteURL.message(.key).route, use: show)
        router.post(SiteURL.messageAction(.key, .reply).route, use: reply)
        router.post(SiteURL.messageAction(.key, .leave).route, use: leave)
        router.post(SiteURL.messageAction(.key, .flag).route, use: flag)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let listing = try await services.messageQueries.list(for: try context.member, page: RequestInput.page(request))
        return renderer.page(MessagesPage(
            conversations: listing.conversations.map {
                .init(id: $0.id, subject: $0.subject, with: $0.participants, lastAuthor: $0.lastAuthor,
                      lastMessageAt: $0.lastMessageAt, unread: $0.unread)
            },
            pagination: Pagination(path: SiteURL.messages.path, page: listing.page, pageCount: listing.pageCount)),
            context: context)
    }

    /// `?to=a,b` prefills the recipients (profile and school pages link here).
    @Sendable func newForm(_ request: Request, context: AppContext) async throws -> Response {
        let to = String((request.formQuery["to"] ?? "").prefix(RecipientList.maxFieldLength))
        return renderer.page(NewMessagePage(to: to), context: context)
    }

    /// What the new-message form sends (its files, if any, are in `context.form.uploads`).
    struct NewMessageForm: Decodable {
        var to: String?
        var subject: String?
        var body: String?
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.member
        let form = try context.form.decode(NewMessageForm.self)
        var page = NewMessagePage(to: form.to ?? "")
        page.subject = form.subject ?? ""
        page.body = form.body ?? ""
        if case .limited(let retryAfter) = try await services.rateLimiter.hit("post:\(member.id)", limit: configuration.postLimit) {
            page.errors = [RateLimitMessage.posting(retryAfter)]
            return renderer.tooManyRequests(page, retryAfter: retryAfter, context: context)
        }
        do {
            let sent = try await services.messages.start(by: member, to: page.to, subject: page.subject, body: page.body,
                                                         uploads: context.form.uploads)
            return .seeOther(SiteURL.message(.value(sent.conversationID)).path)
        } catch let error as ValidationError {
            page.toError = error.messages["to"]
            page.subjectError = error.messages["subject"]
            page.bodyError = error.messages["body"]
            page.filesError = error.messages["files"]
            return renderer.page(page, context: context, status: .unprocessableContent)
        }
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let id = try RequestInput.pathID(context)
        let member = try context.member
        let conversation = try await services.messageQueries.conversation(id, for: member, page: RequestInput.page(request))
        try await services.messageQueries.markRead(conversation, by: member)
        var page = Self.view(conversation)
        if let quoteID = RequestInput.queryID(request, "quote"),
           let quoted = try await services.messageQueries.quotable(quoteID, in: id, for: member) {
            page.replyBody = ThreadController.quote(quoted.source, by: quoted.author)
        }
        return renderer.page(page, context: context)
    }

    /// What the reply form sends (its files, if any, are in `context.form.uploads`).
    struct ReplyForm: Decodable {
        var body: String?
    }

    @Sendable func reply(_ request: Request, context: AppContext) async throws -> Response {
        let id = try RequestInput.pathID(context)
        let member = try context.member
        let body = try context.form.decode(ReplyForm.self).body ?? ""
        // Only participants learn anything, even that they are posting too quickly.
        let conversation = try await services.messageQueries.conversation(id, for: member, page: 1)
        if case .limited(let retryAfter) = try await services.rateLimiter.hit("post:\(member.id)", limit: configuration.postLimit) {
            var page = Self.view(conversation)
            page.replyBody = body
            page.replyError = RateLimitMessage.posting(retryAfter)
            return renderer.tooManyRequests(page, retryAfter: retryAfter, context: context)
        }
        do {
            let sent = try await services.messages.reply(by: member, to: id, body: body, uploads: context.form.uploads)
            return .seeOther(SiteURL.message(.value(id)).path(fragment: "m\(sent.messageID)"))
        } catch let error as ValidationError {
            var page = Self.view(conversation)
            page.replyBody = body
            if let filesError = error.messages["files"] {
                page.replyFilesError = filesError
            } else {
                page.replyError = error.messages["body"] ?? "Check your reply."
            }
            return renderer.page(page, context: context, status: .unprocessableContent)
        }
    }

    @Sendable func leave(_ request: Request, context: AppContext) async throws -> Response {
        let id = try RequestInput.pathID(context)
        try await services.messages.leave(id, by: try context.member)
        return .seeOther(SiteURL.messages.path)
    }

    /// What the flag form sends.
    struct FlagForm: Decodable {
        var reason: String?
    }

    @Sendable func flag(_ request: Request, context: AppContext) async throws -> Response {
        let id = try RequestInput.pathID(context)
        let member = try context.member
        let reason = try context.form.decode(FlagForm.self).reason ?? ""
        do {
            _ = try await services.messages.flag(id, by: member, reason: reason)
            return .seeOther(SiteURL.message(.value(id)).path)
        } catch let error as ValidationError {
            var page = Self.view(try await services.messageQueries.conversation(id, for: member, page: 1))
            page.flagError = error.messages["reason"] ?? "Say what is wrong with this conversation."
            return renderer.page(page, context: context, status: .unprocessableContent)
        }
    }

    static func view(_ conversation: MessageQueries.Conversation) -> ConversationPage {
        var page = ConversationPage(
            id: conversation.id, subject: conversation.subject,
            participants: conversation.participants.map { .init(username: $0.username, hasLeft: $0.hasLeft) },
            messages: conversation.messages.map { message in
                .init(id: message.id, author: message.authorUsername, authorName: message.authorName,
                      postedAt: message.createdAt, body: SanitizedHTML(storedRendering: message.bodyHTML), isNew: message.isNew,
                      attachments: message.attachments.map(AttachmentLinks.link))
            },
            pagination: Pagination(path: SiteURL.message(.value(conversation.id)).path, page: conversation.page,
                                   pageCount: conversation.pageCount))
        page.openFlagReason = conversation.openFlagReason
        return page
    }
}
