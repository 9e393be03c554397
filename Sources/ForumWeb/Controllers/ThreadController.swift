import Forum
import Hummingbird

/// `/t/{id}`: a thread and its posts; `/t/{id}/reply`: adding one (with quoting and a
/// preview); watching a thread and opening or closing a feedback request.
struct ThreadController {
    let services: ForumServices
    let renderer: Renderer
    let configuration: WebConfiguration

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get("/t/:id", use: show)
        router.get("/t/:id/reply", use: replyForm)
        router.get("/t/:id/:slug", use: show)
        router.post("/t/:id/reply", use: reply)
        router.post("/t/:id/watch", use: watch)
        router.post("/t/:id/unwatch", use: unwatch)
        router.post("/t/:id/feedback", use: setFeedbackStatus)
    }

    struct ThreadPage: PageViewModel {
        struct Post: Sendable, Encodable {
            var id: Int
            var anchor: String
            var position: Int
            var author: String
            var authorName: String
            var authorHref: String
            var role: String
            var isStaff: Bool
            var school: String
            var schoolHref: String
            var postedAt: String
            var postedISO: String
            var edited: Bool
            var historyHref: String
            var removed: Bool
            var removedNote: String
            var deletedButShown: Bool
            var bodyHTML: String
            var accepted: Bool
            var helpfulLabel: String
            var helpfulBy: String
            var helpfulByMe: Bool
            var canReact: Bool
            var canEdit: Bool
            var canDelete: Bool
            var canRestore: Bool
            var canAccept: Bool
            var canQuote: Bool
            var quoteHref: String
            var editHref: String
            var actionBase: String
            var flag: PostFlagControls?
            var moderation: PostModerationControls?
        }

        var layout = Layout()
        var title: String
        var threadID: Int
        var categoryName: String
        var categoryHref: String
        var isFeedback: Bool
        var feedbackOpen: Bool
        var feedbackSummary: String
        var canSetFeedbackStatus: Bool
        var feedbackAction: String
        var pinned: Bool
        var locked: Bool
        var lockReason: String
        var deleted: Bool
        var watching: Bool
        var watchAction: String
        var unwatchAction: String
        var posts: [Post]
        var pagination: Pagination
        var canReply: Bool
        var replyRefusal: String
        var replyAction: String
        var replyBody = ""
        var replyError = ""
        var moderation: ThreadModerationControls?
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let id = try threadID(context)
        let page = RequestInput.page(request)
        let threadPage = try await services.threads.thread(id: id, for: try context.member, page: page)
        let flagNotes = try await services.moderation.flagNotes(by: try context.member, inThread: id)
        return try renderer.page("thread", viewModel(threadPage, member: try context.member, flagNotes: flagNotes), context: context)
    }

    struct ReplyPage: PageViewModel {
        var layout = Layout()
        var title: String
        var threadHref: String
        var action: String
        var body: String
        var previewHTML = ""
        var error = ""
    }

    /// The reply form on a page of its own: the target of Quote links and of Preview.
    @Sendable func replyForm(_ request: Request, context: AppContext) async throws -> Response {
        // A thread titled "Reply" has the slug `reply`: without a quote, this is its page.
        guard request.formQuery["quote"] != nil else { return try await show(request, context: context) }
        let id = try threadID(context)
        let member = try context.member
        let thread = try await services.threads.thread(id: id, for: member, page: 1).thread
        if let refusal = Policy.replyRefusal(member, thread.facts) { throw Forbidden(refusal) }
        var body = ""
        if let quoteID = RequestInput.queryID(request, "quote"),
           let quoted = try? await services.posts.target(quoteID, for: member),
           quoted.threadID == id, PostVisibility.canRead(member, quoted.facts) {
            body = Self.quote(quoted.bodySource, by: quoted.authorUsername)
        }
        return try renderer.page("reply", ReplyPage(
            title: "Reply to \(thread.title)", threadHref: Paths.thread(thread.id, slug: thread.slug),
            action: "/t/\(id)/reply", body: body), context: context)
    }

    /// `@name wrote:` and the text as a Markdown block quote, ready to answer below.
    static func quote(_ source: String, by username: String) -> String {
        let lines = source.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        return "@\(username) wrote:\n" + lines.map { $0.isEmpty ? ">" : "> \($0)" }.joined(separator: "\n") + "\n\n"
    }

    @Sendable func reply(_ request: Request, context: AppContext) async throws -> Response {
        let id = try threadID(context)
        let member = try context.member
        let body = context.form["body"]
        if !context.form["preview"].isEmpty {
            let thread = try await services.threads.thread(id: id, for: member, page: 1).thread
            var page = ReplyPage(title: "Reply to \(thread.title)", threadHref: Paths.thread(thread.id, slug: thread.slug),
                                 action: "/t/\(id)/reply", body: body)
            if let retryAfter = try await MemberRateLimit.preview.retryAfter(for: member, services: services) {
                page.error = MemberRateLimit.preview.message(retryAfter: retryAfter)
                return try renderer.page("reply", page, context: context, status: .tooManyRequests).retrying(after: retryAfter)
            }
            if let problem = Discussions.validate(body: body) {
                page.error = problem
            } else {
                page.previewHTML = try await services.discussions.preview(body)
            }
            return try renderer.page("reply", page, context: context)
        }
        if case .limited(let retryAfter) = try await services.rateLimiter.hit("post:\(member.id)", limit: configuration.postLimit) {
            var response = try await reshow(id, member: member, body: body, context: context, status: .tooManyRequests,
                                            error: "You're posting too quickly. Try again in \(Format.count(retryAfter, "second")).")
            response.headers[.retryAfter] = String(retryAfter)
            return response
        }
        do {
            let created = try await services.discussions.reply(by: member, toThread: id, body: body)
            return .seeOther(Paths.thread(id, slug: created.slug, page: ThreadQueries.page(ofPosition: created.position),
                                          post: created.postID))
        } catch let error as ValidationError {
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
        let id = try threadID(context)
        try await services.notifications.setWatching(watching, thread: id, by: try context.member)
        return .seeOther("/t/\(id)")
    }

    @Sendable func setFeedbackStatus(_ request: Request, context: AppContext) async throws -> Response {
        let id = try threadID(context)
        let member = try context.member
        do {
            let slug = try await services.posts.setFeedbackStatus(context.form["status"], thread: id, by: member)
            return .seeOther(Paths.thread(id, slug: slug))
        } catch let error as ValidationError {
            return try await reshow(id, member: member, body: "", context: context, status: .unprocessableContent,
                                    error: error.messages["status"] ?? "Choose open or closed.")
        }
    }

    /// The thread's last page with the reply form kept and the problem shown.
    private func reshow(_ id: Int, member: Member, body: String, context: AppContext,
                        status: HTTPResponse.Status, error: String) async throws -> Response {
        let first = try await services.threads.thread(id: id, for: member, page: 1)
        let last = first.pageCount > 1 ? try await services.threads.thread(id: id, for: member, page: first.pageCount) : first
        let flagNotes = try await services.moderation.flagNotes(by: member, inThread: id)
        var page = viewModel(last, member: member, flagNotes: flagNotes)
        page.replyBody = body
        page.replyError = error
        return try renderer.page("thread", page, context: context, status: status)
    }

    private func threadID(_ context: AppContext) throws -> Int {
        let id = try RequestInput.pathID(context)
        return id
    }

    private func viewModel(_ page: ThreadQueries.ThreadPage, member: Member, flagNotes: [Int: Moderation.FlagNote] = [:]) -> ThreadPage {
        let thread = page.thread
        let refusal = Policy.replyRefusal(member, thread.facts)
        let moderator = member.role.canModerate
        return ThreadPage(
            title: thread.title, threadID: thread.id, categoryName: thread.categoryName,
            categoryHref: "/c/\(thread.categorySlug)", isFeedback: thread.kind == .feedback,
            feedbackOpen: thread.feedbackOpen,
            feedbackSummary: "\(Format.count(thread.replyCount, "reply", "replies")), \(thread.acceptedCount) taken up",
            canSetFeedbackStatus: Policy.canSetFeedbackStatus(member, thread.facts),
            feedbackAction: "/t/\(thread.id)/feedback",
            pinned: thread.pinned, locked: thread.locked,
            lockReason: thread.lockReason ?? "", deleted: thread.deleted,
            watching: thread.watching, watchAction: "/t/\(thread.id)/watch", unwatchAction: "/t/\(thread.id)/unwatch",
            posts: page.posts.map { post in
                let removed = post.deleted || post.hidden
                let facts = Policy.PostFacts(thread: thread.facts, authorID: post.authorID, position: post.position,
                                             isHidden: post.hidden, isDeleted: post.deleted)
                let hiddenFromMember = removed && !moderator
                return ThreadPage.Post(
                    id: post.id, anchor: "p\(post.id)", position: post.position, author: post.authorUsername,
                    authorName: post.authorName, authorHref: "/u/\(post.authorUsername)", role: post.authorRole.label,
                    isStaff: post.authorRole.canModerate, school: post.schoolName ?? "",
                    schoolHref: post.schoolSlug.map { "/s/\($0)" } ?? "",
                    postedAt: Format.date(post.createdAt), postedISO: Format.iso(post.createdAt),
                    edited: post.editedAt != nil, historyHref: "/p/\(post.id)/history",
                    removed: hiddenFromMember,
                    removedNote: post.deleted ? "This post was deleted." : "This post was hidden by a moderator"
                        + (post.hiddenReason.map { ": \($0)" } ?? "."),
                    deletedButShown: removed && moderator,
                    bodyHTML: hiddenFromMember ? "" : post.bodyHTML,
                    accepted: post.accepted && !post.deleted,
                    helpfulLabel: post.helpfulCount > 0 ? "\(Format.count(post.helpfulCount, "person", "people")) found this helpful" : "",
                    helpfulBy: post.helpfulBy.joined(separator: ", "),
                    helpfulByMe: post.helpfulByMe,
                    canReact: !hiddenFromMember && Policy.canReact(member, facts),
                    canEdit: !hiddenFromMember && Policy.canEdit(member, facts),
                    canDelete: Policy.canDelete(member, facts),
                    canRestore: Policy.canRestore(member, facts),
                    canAccept: Policy.canAccept(member, facts),
                    canQuote: refusal == nil && !removed,
                    quoteHref: "/t/\(thread.id)/reply?quote=\(post.id)",
                    editHref: "/p/\(post.id)/edit", actionBase: "/p/\(post.id)",
                    flag: PostFlagControls(post, in: thread, member: member, note: flagNotes[post.id]),
                    moderation: PostModerationControls(post, in: thread, member: member))
            },
            pagination: Pagination(path: Paths.thread(thread.id, slug: thread.slug), page: page.page, pageCount: page.pageCount),
            canReply: refusal == nil, replyRefusal: refusal ?? "", replyAction: "/t/\(thread.id)/reply",
            moderation: ThreadModerationControls(thread, member: member))
    }
}
