import Forum
import Hummingbird
import Views

/// `/p/{id}/...`: what members do to one post: edit (and see its history), delete and
/// restore, react, and mark feedback as taken up.
struct PostController {
    let services: ForumServices
    let renderer: Renderer

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.post(.key, .edit).route, use: editForm)
        router.post(SiteURL.post(.key, .edit).route, use: edit)
        router.get(SiteURL.post(.key, .history).route, use: history)
        router.post(SiteURL.post(.key, .delete).route, use: delete)
        router.post(SiteURL.post(.key, .restore).route, use: restore)
        router.post(SiteURL.post(.key, .react).route, use: react)
        router.post(SiteURL.post(.key, .accept).route, use: accept)
    }

    @Sendable func editForm(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.member
        let post = try await services.posts.target(try RequestInput.pathID(context), for: member)
        guard Policy.canEdit(member, post.facts) else { throw Forbidden("You can't edit this post.") }
        var page = editPage(post, body: post.bodySource)
        page.attachments = try await services.attachments.listed(forPost: post.id).map(AttachmentLinks.link)
        return renderer.page(page, context: context)
    }

    /// What the edit form sends.
    struct EditForm: Decodable {
        var body: String?
        var preview: String?
    }

    @Sendable func edit(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.member
        let id = try RequestInput.pathID(context)
        let form = try context.form.decode(EditForm.self)
        let body = form.body ?? ""
        let post = try await services.posts.target(id, for: member)
        guard Policy.canEdit(member, post.facts) else { throw Forbidden("You can't edit this post.") }
        var page = editPage(post, body: body)
        page.attachments = try await services.attachments.listed(forPost: post.id).map(AttachmentLinks.link)
        if form.preview?.isEmpty == false {
            return try await renderer.preview(page, body: body, by: member, services: services, context: context) { page, outcome in
                page.error = outcome.message
                page.preview = outcome.rendered
            }
        }
        if let retryAfter = try await MemberRateLimit.edit.retryAfter(for: member, services: services) {
            page.error = MemberRateLimit.edit.message(retryAfter: retryAfter)
            return renderer.tooManyRequests(page, retryAfter: retryAfter, context: context)
        }
        do {
            try await services.posts.edit(id, by: member, body: body, uploads: context.form.uploads,
                                          removing: Self.removals(in: context.form))
            return .seeOther(Self.location(of: post))
        } catch let error as ValidationError {
            page.filesError = error.messages["files"]
            page.error = error.messages["body"] ?? (page.filesError == nil ? "Check the post." : nil)
            return renderer.page(page, context: context, status: .unprocessableContent)
        }
    }

    /// The files ticked for removal: one checkbox per file, named `remove-{id}`, since a form
    /// field holds one value here. Other ids are ignored (`PostActions.edit` keeps only this
    /// post's files), and a form can name at most a few hundred.
    static func removals(in form: FormData) -> [Int] {
        form.fields.keys.compactMap { key in
            guard key.hasPrefix("remove-"), key.utf8.count <= 27 else { return nil }
            return Int(key.dropFirst("remove-".count)).flatMap { $0 > 0 ? $0 : nil }
        }
    }

    private func editPage(_ post: PostTarget, body: String) -> EditPostPage {
        EditPostPage(postID: post.id, threadTitle: post.threadTitle, postLink: Self.location(of: post), body: body)
    }

    /// The current text first, then each earlier version, newest first, with who replaced it.
    @Sendable func history(_ request: Request, context: AppContext) async throws -> Response {
        let history = try await services.posts.history(try RequestInput.pathID(context), for: try context.member)
        var versions: [PostHistoryPage.Version] = []
        let current = history.lastEditedAt.map { "Current version, edited by \(history.lastEditedBy ?? "someone") on \(Format.date($0))" }
            ?? "Current version, written by \(history.post.authorUsername) on \(Format.date(history.createdAt))"
        versions.append(.init(label: current, source: history.currentSource))
        for (index, revision) in history.revisions.enumerated() {
            let written = index == history.revisions.count - 1
                ? "Original, written by \(history.post.authorUsername) on \(Format.date(history.createdAt))"
                : "Earlier version"
            let files = revision.attachmentChanges.map { ". " + $0 } ?? ""
            versions.append(.init(label: "\(written); replaced by \(revision.editedByUsername) on \(Format.date(revision.editedAt))\(files)",
                                  source: revision.bodySource))
        }
        return renderer.page(PostHistoryPage(
            threadTitle: history.post.threadTitle, postLink: Self.location(of: history.post),
            versions: versions, neverEdited: history.revisions.isEmpty), context: context)
    }

    @Sendable func delete(_ request: Request, context: AppContext) async throws -> Response {
        .seeOther(Self.location(of: try await services.posts.delete(try RequestInput.pathID(context), by: try context.member)))
    }

    @Sendable func restore(_ request: Request, context: AppContext) async throws -> Response {
        .seeOther(Self.location(of: try await services.posts.restore(try RequestInput.pathID(context), by: try context.member)))
    }

    /// What the Helpful button sends.
    struct ReactionForm: Decodable {
        var reaction: String?
    }

    @Sendable func react(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.member
        let id = try RequestInput.pathID(context)
        do {
            let reaction = try context.form.decode(ReactionForm.self).reaction ?? ""
            return .seeOther(Self.location(of: try await services.posts.toggleReaction(reaction, on: id, by: member)))
        } catch is ValidationError {
            // Only a hand-made form sends another reaction; the post stays visible, nothing changed.
            let post = try await services.posts.target(id, for: member)
            throw HTTPError(.unprocessableContent, message: "Unknown reaction on \(post.threadTitle).")
        }
    }

    @Sendable func accept(_ request: Request, context: AppContext) async throws -> Response {
        .seeOther(Self.location(of: try await services.posts.toggleAccepted(try RequestInput.pathID(context), by: try context.member)))
    }

    static func location(of post: PostTarget) -> String {
        SiteURL.threadPage(post.threadID, slug: post.threadSlug, page: post.pageNumber, post: post.id)
    }
}
