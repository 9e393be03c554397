import Forum
import Hummingbird
import Markdown
import Views

/// Moderators' actions on threads (`/t/{id}/lock` ...) and posts (`/p/{id}/hide`), and
/// members' flags (`/p/{id}/flag`). These sit with the member routes, not behind the `/mod`
/// gate: a member who can see the thread learns "forbidden", one who can't, "not found".
struct ModerationController {
    let services: ForumServices
    let renderer: Renderer

    /// The move form lives under `/mod`: a GET `/t/{id}/move` would shadow a thread whose slug is "move".
    func addRoutes(to router: some RouterMethods<AppContext>, moderators: some RouterMethods<AppContext>) {
        for action in [Policy.ThreadAction.lock, .unlock, .pin, .unpin, .delete, .restore] {
            guard let route = SiteURL.ThreadAction(rawValue: action.rawValue) else { continue }
            router.post(SiteURL.threadAction(.key, route).route) { request, context in
                try await moderateThread(action, request: request, context: context)
            }
        }
        moderators.get(SiteURL.moveThreadForm(.key).route, use: moveForm)
        router.post(SiteURL.threadAction(.key, .move).route, use: move)
        router.post(SiteURL.post(.key, .hide).route, use: hidePost)
        router.post(SiteURL.post(.key, .unhide).route, use: unhidePost)
        router.get(SiteURL.post(.key, .flag).route, use: flagForm)
        router.post(SiteURL.post(.key, .flag).route, use: flag)
    }

    // MARK: Threads

    /// What the lock, hide and flag forms send: a reason, optional or not.
    struct ReasonForm: Decodable {
        var reason: String?
    }

    func moderateThread(_ action: Policy.ThreadAction, request: Request, context: AppContext) async throws -> Response {
        let form = try context.form.decode(ReasonForm.self)
        let location = try await services.moderation.moderate(
            action, thread: try RequestInput.pathID(context), by: try context.member, reason: form.reason ?? "")
        if action == .delete { return .seeOther(SiteURL.category(.value(location.categorySlug)).path) }
        return .seeOther(SiteURL.threadPage(location.threadID, slug: location.slug))
    }

    @Sendable func moveForm(_ request: Request, context: AppContext) async throws -> Response {
        try await renderMovePage(threadID: try RequestInput.pathID(context), chosen: nil, error: nil, context: context, status: .ok)
    }

    /// What the move form sends.
    struct MoveForm: Decodable {
        var category: String?
        var reason: String?
    }

    @Sendable func move(_ request: Request, context: AppContext) async throws -> Response {
        let threadID = try RequestInput.pathID(context)
        let form = try context.form.decode(MoveForm.self)
        let destination = form.category ?? ""
        do {
            let location = try await services.moderation.moderate(
                .move, thread: threadID, by: try context.member, reason: form.reason ?? "", destination: destination)
            return .seeOther(SiteURL.threadPage(location.threadID, slug: location.slug))
        } catch let error as ValidationError {
            return try await renderMovePage(
                threadID: threadID, chosen: destination, error: error.messages.values.first ?? "Choose a category.",
                context: context, status: .unprocessableContent)
        }
    }

    private func renderMovePage(threadID: Int, chosen: String?, error: String?, context: AppContext,
                                status: HTTPResponse.Status) async throws -> Response {
        let member = try context.member
        let thread = try await services.threads.header(id: threadID, for: member)
        try Policy.decide(.move, by: member, on: thread.facts).enforce()
        let selected = chosen ?? thread.categorySlug
        let choices = try await services.moderation.categoryChoices().map {
            SelectOption(value: $0.slug, label: $0.name, selected: $0.slug == selected)
        }
        return renderer.page(MoveThreadPage(threadID: thread.id, threadSlug: thread.slug, threadTitle: thread.title,
                                            categories: choices, error: error), context: context, status: status)
    }

    // MARK: Posts

    @Sendable func hidePost(_ request: Request, context: AppContext) async throws -> Response {
        let form = try context.form.decode(ReasonForm.self)
        let location = try await services.moderation.hidePost(try RequestInput.pathID(context), by: try context.member, reason: form.reason ?? "")
        return .seeOther(Self.path(location))
    }

    @Sendable func unhidePost(_ request: Request, context: AppContext) async throws -> Response {
        let location = try await services.moderation.unhidePost(try RequestInput.pathID(context), by: try context.member)
        return .seeOther(Self.path(location))
    }

    @Sendable func flagForm(_ request: Request, context: AppContext) async throws -> Response {
        let target = try await services.moderation.flagTarget(try RequestInput.pathID(context), for: try context.member)
        return renderer.page(flagPage(target), context: context)
    }

    /// A second flag on the same post is not an error: it updates the reason, or (once a
    /// moderator decided) changes nothing; either way the thread shows the member where it stands.
    @Sendable func flag(_ request: Request, context: AppContext) async throws -> Response {
        let postID = try RequestInput.pathID(context)
        let member = try context.member
        let reason = try context.form.decode(ReasonForm.self).reason ?? ""
        do {
            let (location, _) = try await services.moderation.flag(postID, by: member, reason: reason)
            return .seeOther(Self.path(location))
        } catch let error as ValidationError {
            var page = flagPage(try await services.moderation.flagTarget(postID, for: member))
            page.reason = reason
            page.error = error.messages["reason"] ?? "Say what is wrong with this post."
            return renderer.page(page, context: context, status: .unprocessableContent)
        }
    }

    private func flagPage(_ target: Moderation.FlagTarget) -> FlagPostPage {
        FlagPostPage(postID: target.location.postID, threadTitle: target.threadTitle, postLink: Self.path(target.location),
                     author: target.authorUsername, body: SanitizedHTML(storedRendering: target.bodyHTML))
    }

    static func path(_ location: Moderation.PostLocation) -> String {
        SiteURL.threadPage(location.threadID, slug: location.threadSlug, page: ThreadQueries.page(ofPosition: location.position),
                           post: location.postID)
    }
}
