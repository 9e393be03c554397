import Forum
import Hummingbird

/// `/t/{id}`: a thread and its posts; `/t/{id}/reply`: adding one.
struct ThreadController {
    let services: ForumServices
    let renderer: Renderer
    let configuration: WebConfiguration

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get("/t/:id", use: show)
        router.get("/t/:id/:slug", use: show)
        router.post("/t/:id/reply", use: reply)
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
            var removed: Bool
            var removedNote: String
            var bodyHTML: String
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
        var pinned: Bool
        var locked: Bool
        var lockReason: String
        var deleted: Bool
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
        let page = request.uri.queryParameters.get("page", as: Int.self) ?? 1
        let threadPage = try await services.threads.thread(id: id, for: try context.member, page: page)
        let flagNotes = try await services.moderation.flagNotes(by: try context.member, inThread: id)
        return try renderer.page("thread", viewModel(threadPage, member: try context.member, flagNotes: flagNotes), context: context)
    }

    @Sendable func reply(_ request: Request, context: AppContext) async throws -> Response {
        let id = try threadID(context)
        let member = try context.member
        let body = context.form["body"]
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
        guard let id = Int(try context.parameters.require("id")), id > 0 else { throw NotFound() }
        return id
    }

    private func viewModel(_ page: ThreadQueries.ThreadPage, member: Member, flagNotes: [Int: Moderation.FlagNote] = [:]) -> ThreadPage {
        let thread = page.thread
        let refusal = Policy.replyRefusal(member, thread.facts)
        return ThreadPage(
            title: thread.title, threadID: thread.id, categoryName: thread.categoryName,
            categoryHref: "/c/\(thread.categorySlug)", isFeedback: thread.kind == .feedback,
            feedbackOpen: thread.feedbackOpen, pinned: thread.pinned, locked: thread.locked,
            lockReason: thread.lockReason ?? "", deleted: thread.deleted,
            posts: page.posts.map { post in
                let removed = post.deleted || post.hidden
                return ThreadPage.Post(
                    id: post.id, anchor: "p\(post.id)", position: post.position, author: post.authorUsername,
                    authorName: post.authorName, authorHref: "/u/\(post.authorUsername)", role: post.authorRole.label,
                    isStaff: post.authorRole.canModerate, school: post.schoolName ?? "",
                    schoolHref: post.schoolSlug.map { "/s/\($0)" } ?? "",
                    postedAt: Format.date(post.createdAt), postedISO: Format.iso(post.createdAt),
                    edited: post.editedAt != nil, removed: removed && !member.role.canModerate,
                    removedNote: post.deleted ? "This post was deleted." : "This post was hidden by a moderator"
                        + (post.hiddenReason.map { ": \($0)" } ?? "."),
                    bodyHTML: removed && !member.role.canModerate ? "" : post.bodyHTML,
                    flag: PostFlagControls(post, in: thread, member: member, note: flagNotes[post.id]),
                    moderation: PostModerationControls(post, in: thread, member: member))
            },
            pagination: Pagination(path: Paths.thread(thread.id, slug: thread.slug), page: page.page, pageCount: page.pageCount),
            canReply: refusal == nil, replyRefusal: refusal ?? "", replyAction: "/t/\(thread.id)/reply",
            moderation: ThreadModerationControls(thread, member: member))
    }
}
