import Forum
import Hummingbird

/// Moderators' actions on threads (`/t/{id}/lock` ...) and posts (`/p/{id}/hide`), and
/// members' flags (`/p/{id}/flag`). These sit with the member routes, not behind the `/mod`
/// gate: a member who can see the thread learns "forbidden", one who can't, "not found".
struct ModerationController {
    let services: ForumServices
    let renderer: Renderer

    /// The move form lives under `/mod`: a GET `/t/{id}/move` would shadow a thread whose slug is "move".
    func addRoutes(to router: some RouterMethods<AppContext>, moderators: some RouterMethods<AppContext>) {
        for action in [Policy.ThreadAction.lock, .unlock, .pin, .unpin, .delete, .restore] {
            router.post("/t/:id/\(action.rawValue)") { request, context in
                try await moderateThread(action, request: request, context: context)
            }
        }
        moderators.get("/mod/threads/:id/move", use: moveForm)
        router.post("/t/:id/move", use: move)
        router.post("/p/:id/hide", use: hidePost)
        router.post("/p/:id/unhide", use: unhidePost)
        router.get("/p/:id/flag", use: flagForm)
        router.post("/p/:id/flag", use: flag)
    }

    // MARK: Threads

    func moderateThread(_ action: Policy.ThreadAction, request: Request, context: AppContext) async throws -> Response {
        let location = try await services.moderation.moderate(
            action, thread: try id(context), by: try context.member, reason: context.form["reason"])
        if action == .delete { return .seeOther("/c/\(location.categorySlug)") }
        return .seeOther(Paths.thread(location.threadID, slug: location.slug))
    }

    struct MovePage: PageViewModel {
        struct Choice: Sendable, Encodable {
            var slug: String
            var name: String
            var selected: Bool
        }

        var layout = Layout()
        var title = "Move thread"
        var threadTitle: String
        var threadHref: String
        var action: String
        var choices: [Choice]
        var error = ""
    }

    @Sendable func moveForm(_ request: Request, context: AppContext) async throws -> Response {
        try await renderMovePage(threadID: try id(context), chosen: nil, error: "", context: context, status: .ok)
    }

    @Sendable func move(_ request: Request, context: AppContext) async throws -> Response {
        let threadID = try id(context)
        let destination = context.form["category"]
        do {
            let location = try await services.moderation.moderate(
                .move, thread: threadID, by: try context.member, reason: context.form["reason"], destination: destination)
            return .seeOther(Paths.thread(location.threadID, slug: location.slug))
        } catch let error as ValidationError {
            return try await renderMovePage(
                threadID: threadID, chosen: destination, error: error.messages.values.first ?? "Choose a category.",
                context: context, status: .unprocessableContent)
        }
    }

    private func renderMovePage(threadID: Int, chosen: String?, error: String, context: AppContext,
                                status: HTTPResponse.Status) async throws -> Response {
        let member = try context.member
        let thread = try await services.threads.thread(id: threadID, for: member, page: 1).thread
        try Policy.decide(.move, by: member, on: thread.facts).enforce()
        let selected = chosen ?? thread.categorySlug
        let choices = try await services.moderation.categoryChoices().map {
            MovePage.Choice(slug: $0.slug, name: $0.name, selected: $0.slug == selected)
        }
        let page = MovePage(threadTitle: thread.title, threadHref: Paths.thread(thread.id, slug: thread.slug),
                            action: "/t/\(thread.id)/move", choices: choices, error: error)
        return try renderer.page("move-thread", page, context: context, status: status)
    }

    // MARK: Posts

    @Sendable func hidePost(_ request: Request, context: AppContext) async throws -> Response {
        let location = try await services.moderation.hidePost(try id(context), by: try context.member, reason: context.form["reason"])
        return .seeOther(Self.path(location))
    }

    @Sendable func unhidePost(_ request: Request, context: AppContext) async throws -> Response {
        let location = try await services.moderation.unhidePost(try id(context), by: try context.member)
        return .seeOther(Self.path(location))
    }

    struct FlagPage: PageViewModel {
        var layout = Layout()
        var title = "Flag a post"
        var threadTitle: String
        var threadHref: String
        var author: String
        var bodyHTML: String
        var action: String
        var reason = ""
        var error = ""
    }

    @Sendable func flagForm(_ request: Request, context: AppContext) async throws -> Response {
        let target = try await services.moderation.flagTarget(try id(context), for: try context.member)
        return try renderer.page("flag-post", flagPage(target), context: context)
    }

    /// A second flag on the same post is not an error: it updates the reason, or (once a
    /// moderator decided) changes nothing; either way the thread shows the member where it stands.
    @Sendable func flag(_ request: Request, context: AppContext) async throws -> Response {
        let postID = try id(context)
        let member = try context.member
        do {
            let (location, _) = try await services.moderation.flag(postID, by: member, reason: context.form["reason"])
            return .seeOther(Self.path(location))
        } catch let error as ValidationError {
            var page = flagPage(try await services.moderation.flagTarget(postID, for: member))
            page.reason = context.form["reason"]
            page.error = error.messages["reason"] ?? "Say what is wrong with this post."
            return try renderer.page("flag-post", page, context: context, status: .unprocessableContent)
        }
    }

    private func flagPage(_ target: Moderation.FlagTarget) -> FlagPage {
        FlagPage(threadTitle: target.threadTitle, threadHref: Self.path(target.location), author: target.authorUsername,
                 bodyHTML: target.bodyHTML, action: "/p/\(target.location.postID)/flag")
    }

    static func path(_ location: Moderation.PostLocation) -> String {
        Paths.thread(location.threadID, slug: location.threadSlug, page: ThreadQueries.page(ofPosition: location.position),
                     post: location.postID)
    }

    private func id(_ context: AppContext) throws -> Int {
        let id = try RequestInput.pathID(context)
        return id
    }
}

/// The moderators' buttons on a thread page; nil for members.
struct ThreadModerationControls: Sendable, Encodable {
    var lockAction: String
    var unlockAction: String
    var pinAction: String
    var unpinAction: String
    var deleteAction: String
    var restoreAction: String
    var moveHref: String
    var locked: Bool
    var pinned: Bool
    var deleted: Bool

    init?(_ thread: ThreadDetail, member: Member) {
        guard Policy.decide(.lock, by: member, on: thread.facts).isAllowed else { return nil }
        let base = "/t/\(thread.id)"
        lockAction = base + "/lock"
        unlockAction = base + "/unlock"
        pinAction = base + "/pin"
        unpinAction = base + "/unpin"
        deleteAction = base + "/delete"
        restoreAction = base + "/restore"
        moveHref = "/mod/threads/\(thread.id)/move"
        locked = thread.locked
        pinned = thread.pinned
        deleted = thread.deleted
    }
}

/// A moderator's view of one post: whether it is hidden and why, and the hide/show form.
struct PostModerationControls: Sendable, Encodable {
    var hidden: Bool
    var deleted: Bool
    var note: String
    var hideAction: String
    var unhideAction: String
    var formID: String

    init?(_ post: PostView, in thread: ThreadDetail, member: Member) {
        let facts = Policy.PostFacts(thread: thread.facts, authorID: post.authorID, isHidden: post.hidden, isDeleted: post.deleted)
        guard Policy.decide(.hide, by: member, on: facts).isAllowed else { return nil }
        hidden = post.hidden
        deleted = post.deleted
        note = post.deleted ? "Deleted by its author; members don't see it."
            : post.hidden ? "Hidden by a moderator" + (post.hiddenReason.map { ": \($0)" } ?? "") + ". Members don't see it." : ""
        hideAction = "/p/\(post.id)/hide"
        unhideAction = "/p/\(post.id)/unhide"
        formID = "hide-\(post.id)"
    }
}

/// A member's flag form under a post, or what became of their flag.
struct PostFlagControls: Sendable, Encodable {
    var action: String
    var formID: String
    var canFlag: Bool
    var note: String

    init?(_ post: PostView, in thread: ThreadDetail, member: Member, note flagNote: Moderation.FlagNote?) {
        let facts = Policy.PostFacts(thread: thread.facts, authorID: post.authorID, isHidden: post.hidden, isDeleted: post.deleted)
        canFlag = Policy.decide(.flag, by: member, on: facts).isAllowed
        switch (flagNote?.reason, flagNote?.resolution) {
        case (nil, _): note = ""
        case (_, "dismissed"): note = "You flagged this post. A moderator reviewed it and left it up."
        case (_, "hidden"): note = "You flagged this post. A moderator reviewed it and hid it."
        case (let reason?, _): note = "You flagged this post (“\(reason)”). A moderator will look at it."
        }
        guard canFlag || !note.isEmpty else { return nil }
        action = "/p/\(post.id)/flag"
        formID = "flag-\(post.id)"
    }
}
