import Forum
import Hummingbird

/// `/p/{id}/...`: what members do to one post: edit (and see its history), delete and
/// restore, react, and mark feedback as taken up.
struct PostController {
    let services: ForumServices
    let renderer: Renderer

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get("/p/:id/edit", use: editForm)
        router.post("/p/:id/edit", use: edit)
        router.get("/p/:id/history", use: history)
        router.post("/p/:id/delete", use: delete)
        router.post("/p/:id/restore", use: restore)
        router.post("/p/:id/react", use: react)
        router.post("/p/:id/accept", use: accept)
    }

    struct EditPage: PageViewModel {
        var layout = Layout()
        var title = "Edit post"
        var threadTitle: String
        var threadHref: String
        var action: String
        var body: String
        var previewHTML = ""
        var error = ""
    }

    @Sendable func editForm(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.member
        let post = try await services.posts.target(try postID(context), for: member)
        guard Policy.canEdit(member, post.facts) else { throw Forbidden("You can't edit this post.") }
        return try renderer.page("post-edit", editPage(post, body: post.bodySource), context: context)
    }

    @Sendable func edit(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.member
        let id = try postID(context)
        let body = context.form["body"]
        let post = try await services.posts.target(id, for: member)
        guard Policy.canEdit(member, post.facts) else { throw Forbidden("You can't edit this post.") }
        var page = editPage(post, body: body)
        let limit: MemberRateLimit = context.form["preview"].isEmpty ? .edit : .preview
        if let retryAfter = try await limit.retryAfter(for: member, services: services) {
            page.error = limit.message(retryAfter: retryAfter)
            return try renderer.page("post-edit", page, context: context, status: .tooManyRequests).retrying(after: retryAfter)
        }
        if !context.form["preview"].isEmpty {
            if let problem = Discussions.validate(body: body) { page.error = problem }
            else { page.previewHTML = try await services.discussions.preview(body) }
            return try renderer.page("post-edit", page, context: context)
        }
        do {
            try await services.posts.edit(id, by: member, body: body)
            return .seeOther(location(of: post))
        } catch let error as ValidationError {
            page.error = error.messages["body"] ?? "Check the post."
            return try renderer.page("post-edit", page, context: context, status: .unprocessableContent)
        }
    }

    private func editPage(_ post: PostTarget, body: String) -> EditPage {
        EditPage(threadTitle: post.threadTitle, threadHref: location(of: post), action: "/p/\(post.id)/edit", body: body)
    }

    struct HistoryPage: PageViewModel {
        struct Version: Sendable, Encodable {
            var label: String
            var source: String
        }

        var layout = Layout()
        var title = "Post history"
        var threadTitle: String
        var postHref: String
        var versions: [Version]
        var neverEdited: Bool
    }

    /// The current text first, then each earlier version, newest first, with who replaced it.
    @Sendable func history(_ request: Request, context: AppContext) async throws -> Response {
        let history = try await services.posts.history(try postID(context), for: try context.member)
        var versions: [HistoryPage.Version] = []
        let current = history.lastEditedAt.map { "Current version, edited by \(history.lastEditedBy ?? "someone") on \(Format.date($0))" }
            ?? "Current version, written by \(history.post.authorUsername) on \(Format.date(history.createdAt))"
        versions.append(.init(label: current, source: history.currentSource))
        for (index, revision) in history.revisions.enumerated() {
            let written = index == history.revisions.count - 1
                ? "Original, written by \(history.post.authorUsername) on \(Format.date(history.createdAt))"
                : "Earlier version"
            versions.append(.init(label: "\(written); replaced by \(revision.editedByUsername) on \(Format.date(revision.editedAt))",
                                  source: revision.bodySource))
        }
        return try renderer.page("post-history", HistoryPage(
            threadTitle: history.post.threadTitle, postHref: location(of: history.post),
            versions: versions, neverEdited: history.revisions.isEmpty), context: context)
    }

    @Sendable func delete(_ request: Request, context: AppContext) async throws -> Response {
        .seeOther(location(of: try await services.posts.delete(try postID(context), by: try context.member)))
    }

    @Sendable func restore(_ request: Request, context: AppContext) async throws -> Response {
        .seeOther(location(of: try await services.posts.restore(try postID(context), by: try context.member)))
    }

    @Sendable func react(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.member
        let id = try postID(context)
        do {
            return .seeOther(location(of: try await services.posts.toggleReaction(context.form["reaction"], on: id, by: member)))
        } catch is ValidationError {
            // Only a hand-made form sends another reaction; the post stays visible, nothing changed.
            let post = try await services.posts.target(id, for: member)
            throw HTTPError(.unprocessableContent, message: "Unknown reaction on \(post.threadTitle).")
        }
    }

    @Sendable func accept(_ request: Request, context: AppContext) async throws -> Response {
        .seeOther(location(of: try await services.posts.toggleAccepted(try postID(context), by: try context.member)))
    }

    private func location(of post: PostTarget) -> String {
        Paths.thread(post.threadID, slug: post.threadSlug, page: post.pageNumber, post: post.id)
    }

    private func postID(_ context: AppContext) throws -> Int {
        let id = try RequestInput.pathID(context)
        return id
    }
}
