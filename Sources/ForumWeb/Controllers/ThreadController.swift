import Forum
import Hummingbird
import Markdown
import Views

/// `/t/{id}`: a thread and its posts; `/t/{id}/reply`: adding one (with quoting and a
/// preview); watching a thread and opening or closing a feedback request.
struct ThreadController {
    let services: ForumServices
    let renderer: Renderer
    let configuration: WebConfiguration

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.thread(.key).route, use: show)
        router.get(SiteURL.threadAction(.key, .reply).route, use: replyForm)
        router.get(SiteURL.threadWithSlug(.key, slug: .key).route, use: show)
        router.post(SiteURL.threadAction(.key, .reply).route, use: reply)
        router.post(SiteURL.threadAction(.key, .watch).route, use: watch)
        router.post(SiteURL.threadAction(.key, .unwatch).route, use: unwatch)
        router.post(SiteURL.threadAction(.key, .feedback).route, use: setFeedbackStatus)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let id = try RequestInput.pathID(context)
        let page = RequestInput.page(request)
        let member = try context.member
        let threadPage = try await services.threads.thread(id: id, for: member, page: page)
        try await services.threads.markRead(threadPage, by: member)
        return renderer.page(Self.view(threadPage, member: member), context: context)
    }

    /// The reply form on a page of its own: the target of Quote links and of Preview.
    @Sendable func replyForm(_ request: Request, context: AppContext) async throws -> Response {
        // A thread titled "Reply" has the slug `reply`: without a quote, this is its page.
        guard request.formQuery["quote"] != nil else { return try await show(request, context: context) }
        let id = try RequestInput.pathID(context)
        let member = try context.member
        let thread = try await services.threads.header(id: id, for: member)
        if let refusal = Policy.replyRefusal(member, thread.facts) { throw Forbidden(refusal) }
        var body = ""
        if let quoteID = RequestInput.queryID(request, "quote"),
           let quoted = try? await services.posts.target(quoteID, for: member),
           quoted.threadID == id, PostVisibility.canRead(member, quoted.facts) {
            body = Self.quote(quoted.bodySource, by: quoted.authorUsername)
        }
        return renderer.page(ReplyPage(threadTitle: thread.title, threadID: thread.id, threadSlug: thread.slug, body: body),
                             context: context)
    }

    /// `@name wrote:` and the text as a Markdown block quote, ready to answer below.
    static func quote(_ source: String, by username: String) -> String {
        let lines = source.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        return "@\(username) wrote:\n" + lines.map { $0.isEmpty ? ">" : "> \($0)" }.joined(separator: "\n") + "\n\n"
    }

    /// What the reply form sends.
    struct ReplyForm: Decodable {
        var body: String?
        var preview: String?
    }

    @Sendable func reply(_ request: Request, context: AppContext) async throws -> Response {
        let id = try RequestInput.pathID(context)
        let member = try context.member
        let form = try context.form.decode(ReplyForm.self)
        let body = form.body ?? ""
        if form.preview?.isEmpty == false {
            let thread = try await services.threads.header(id: id, for: member)
            let page = ReplyPage(threadTitle: thread.title, threadID: thread.id, threadSlug: thread.slug, body: body)
            return try await renderer.preview(page, body: body, by: member, services: services, context: context) { page, outcome in
                page.error = outcome.message
                page.preview = outcome.rendered
            }
        }
        if case .limited(let retryAfter) = try await services.rateLimiter.hit("post:\(member.id)", limit: configuration.postLimit) {
            var response = try await reshow(id, member: member, body: body, context: context, status: .tooManyRequests,
                                            error: RateLimitMessage.posting(retryAfter))
            response.headers[.retryAfter] = String(retryAfter)
            return response
        }
        do {
            let created = try await services.discussions.reply(by: member, toThread: id, body: body, uploads: context.form.uploads)
            return .seeOther(SiteURL.threadPage(id, slug: created.slug, page: ThreadQueries.page(ofPosition: created.position),
                                                post: created.postID))
        } catch let error as ValidationError {
            if let filesError = error.messages["files"] {
                return try await reshow(id, member: member, body: body, context: context, status: .unprocessableContent,
                                        error: nil, filesError: filesError)
            }
            return try await reshow(id, member: member, body: body, context: context, status: .unprocessableContent,
                                    error: error.messages["body"] ?? "Check your reply.")
        }
    }

    @Sendable func watch(_ request: Request, context: AppContext) async throws -> Response {
        try await setWatching(true, context: context)
    }

    @Sendable func unwatch(_ request: Request, context: AppContext) async throws -> Response {
        try await setWatching(false, context: context)
    }

    private func setWatching(_ watching: Bool, context: AppContext) async throws -> Response {
        let id = try RequestInput.pathID(context)
        try await services.notifications.setWatching(watching, thread: id, by: try context.member)
        return .seeOther(SiteURL.thread(.value(id)).path)
    }

    /// What the close/reopen button of a feedback request sends.
    struct FeedbackStatusForm: Decodable {
        var status: String?
    }

    @Sendable func setFeedbackStatus(_ request: Request, context: AppContext) async throws -> Response {
        let id = try RequestInput.pathID(context)
        let member = try context.member
        do {
            let status = try context.form.decode(FeedbackStatusForm.self).status ?? ""
            let slug = try await services.posts.setFeedbackStatus(status, thread: id, by: member)
            return .seeOther(SiteURL.threadPage(id, slug: slug))
        } catch let error as ValidationError {
            return try await reshow(id, member: member, body: "", context: context, status: .unprocessableContent,
                                    error: error.messages["status"] ?? "Choose open or closed.")
        }
    }

    /// The thread's last page with the reply form kept and the problem shown.
    private func reshow(_ id: Int, member: Member, body: String, context: AppContext,
                        status: HTTPResponse.Status, error: String?, filesError: String? = nil) async throws -> Response {
        let header = try await services.threads.header(id: id, for: member)
        let last = try await services.threads.thread(id: id, for: member, page: Page.count(items: header.postCount, size: Page.postsPerPage))
        var page = Self.view(last, member: member)
        page.replyBody = body
        page.replyError = error
        page.replyFilesError = filesError
        return renderer.page(page, context: context, status: status)
    }

    static func view(_ page: ThreadQueries.ThreadPage, member: Member) -> ThreadPage {
        let thread = page.thread
        let refusal = Policy.replyRefusal(member, thread.facts)
        let moderator = member.role.canModerate
        return ThreadPage(
            title: thread.title, id: thread.id, slug: thread.slug, categorySlug: thread.categorySlug,
            categoryName: thread.categoryName, isFeedback: thread.kind == .feedback, feedbackOpen: thread.feedbackOpen,
            replyCount: thread.replyCount, acceptedCount: thread.acceptedCount,
            canSetFeedbackStatus: Policy.canSetFeedbackStatus(member, thread.facts),
            pinned: thread.pinned, locked: thread.locked, lockReason: thread.lockReason, deleted: thread.deleted,
            watching: thread.watching,
            canModerate: Policy.decide(.lock, by: member, on: thread.facts).isAllowed,
            posts: page.posts.map { post in
                let removed = post.deleted || post.hidden
                let facts = Policy.PostFacts(thread: thread.facts, authorID: post.authorID, position: post.position,
                                             isHidden: post.hidden, isDeleted: post.deleted)
                let hiddenFromMember = removed && !moderator
                return ThreadPage.Post(
                    id: post.id, author: post.authorUsername, authorName: post.authorName, role: post.authorRole.label,
                    isStaff: post.authorRole.canModerate, school: post.schoolName, postedAt: post.createdAt,
                    edited: post.editedAt != nil, removed: hiddenFromMember,
                    removedNote: post.deleted ? "This post was deleted." : "This post was hidden by a moderator"
                        + (post.hiddenReason.map { ": \($0)" } ?? "."),
                    deletedButShown: removed && moderator,
                    body: hiddenFromMember ? .empty : SanitizedHTML(storedRendering: post.bodyHTML),
                    accepted: post.accepted && !post.deleted,
                    helpfulCount: post.helpfulCount, helpfulBy: post.helpfulBy, helpfulByMe: post.helpfulByMe,
                    canReact: !hiddenFromMember && Policy.canReact(member, facts),
                    canEdit: !hiddenFromMember && Policy.canEdit(member, facts),
                    canDelete: Policy.canDelete(member, facts),
                    canRestore: Policy.canRestore(member, facts),
                    canAccept: Policy.canAccept(member, facts),
                    canQuote: refusal == nil && !removed,
                    flag: flagControls(facts, member: member, flagReason: post.viewerFlagReason, resolution: post.viewerFlagResolution),
                    moderation: Policy.decide(.hide, by: member, on: facts).isAllowed
                        ? ThreadPage.ModerationControls(
                            hidden: post.hidden,
                            note: post.deleted ? "Deleted by its author; members don't see it."
                                : post.hidden ? "Hidden by a moderator" + (post.hiddenReason.map { ": \($0)" } ?? "") + ". Members don't see it."
                                : nil)
                        : nil,
                    attachments: hiddenFromMember ? [] : (page.attachments[post.id] ?? []).map(AttachmentLinks.link))
            },
            pagination: Pagination(path: SiteURL.threadPage(thread.id, slug: thread.slug), page: page.page, pageCount: page.pageCount),
            replyRefusal: refusal)
    }

    /// A member's flag form under a post, or what became of their flag.
    private static func flagControls(_ facts: Policy.PostFacts, member: Member, flagReason: String?,
                                     resolution: String?) -> ThreadPage.FlagControls? {
        let canFlag = Policy.decide(.flag, by: member, on: facts).isAllowed
        let note: String? = switch (flagReason, resolution) {
        case (nil, _): nil
        case (_, "dismissed"): "You flagged this post. A moderator reviewed it and left it up."
        case (_, "hidden"): "You flagged this post. A moderator reviewed it and hid it."
        case (let reason?, _): "You flagged this post (“\(reason)”). A moderator will look at it."
        }
        guard canFlag || note != nil else { return nil }
        return ThreadPage.FlagControls(canFlag: canFlag, note: note)
    }
}
