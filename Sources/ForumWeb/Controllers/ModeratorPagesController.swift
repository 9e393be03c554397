import Forum
import Foundation
import Hummingbird
import Markdown
import Views

/// The moderators' pages: the flag queue (`/mod/flags`), the log (`/mod/log`) and members
/// with their suspensions (`/mod/members`). Suspending itself is `POST /u/{username}/suspend`
/// (the contract's address), answered here so a bad form re-shows the member's page.
struct ModeratorPagesController {
    let services: ForumServices
    let renderer: Renderer

    /// `moderators` is the group behind `RequireModeratorMiddleware`; the suspension actions
    /// go to `members`, so a member learns "forbidden" (profiles are visible to members).
    func addRoutes(moderators: some RouterMethods<AppContext>, members: some RouterMethods<AppContext>) {
        moderators.get(SiteURL.modFlags.route, use: flags)
        moderators.post(SiteURL.resolveFlag(.key).route, use: resolve)
        moderators.get(SiteURL.modLog.route, use: log)
        moderators.get(SiteURL.modMembers.route, use: membersPage)
        moderators.get(SiteURL.modMember(.key).route, use: memberPage)
        members.post(SiteURL.suspend(.key).route, use: suspend)
        members.post(SiteURL.unsuspend(.key).route, use: unsuspend)
    }

    // MARK: Flags

    /// What the resolve form sends.
    struct ResolveForm: Decodable {
        var action: String?
        var reason: String?
    }

    @Sendable func flags(_ request: Request, context: AppContext) async throws -> Response {
        try await renderFlags(error: nil, context: context, status: .ok)
    }

    @Sendable func resolve(_ request: Request, context: AppContext) async throws -> Response {
        let flagID = try RequestInput.pathID(context)
        let form = try context.form.decode(ResolveForm.self)
        guard let resolution = Moderation.FlagResolution(rawValue: form.action ?? "") else {
            return try await renderFlags(error: "Choose to dismiss the flags or hide the post.", context: context,
                                         status: .unprocessableContent)
        }
        do {
            // A private conversation's flags are marked reviewed, whichever button was used.
            if try await services.moderation.reviewConversationFlags(flagID, by: try context.member, reason: form.reason ?? "") {
                return .seeOther(SiteURL.modFlags.path)
            }
            _ = try await services.moderation.resolveFlags(flagID, resolution, by: try context.member, reason: form.reason ?? "")
        } catch let error as ValidationError {
            return try await renderFlags(error: error.messages.values.first ?? "Check the form.", context: context,
                                         status: .unprocessableContent)
        }
        return .seeOther(SiteURL.modFlags.path)
    }

    private func renderFlags(error: String?, context: AppContext, status: HTTPResponse.Status) async throws -> Response {
        let posts = try await services.moderation.openFlags().map { post in
            FlagsPage.FlaggedPost(
                flagID: post.flagID, postID: post.location.postID, postLink: ModerationController.path(post.location),
                threadTitle: post.threadTitle, author: post.authorUsername,
                body: SanitizedHTML(storedRendering: post.bodyHTML), hidden: post.hidden, deleted: post.deleted,
                reports: post.reports.map { .init(flagger: $0.flagger, reason: $0.reason, flaggedAt: $0.createdAt) })
        }
        let conversations = try await services.moderation.openConversationFlags().map { flagged in
            FlagsPage.FlaggedConversation(
                flagID: flagged.flagID, conversationID: flagged.conversationID, subject: flagged.subject,
                snapshot: flagged.snapshot,
                reports: flagged.reports.map { .init(flagger: $0.flagger, reason: $0.reason, flaggedAt: $0.createdAt) })
        }
        return renderer.page(FlagsPage(posts: posts, conversations: conversations, error: error), context: context, status: status)
    }

    // MARK: Log

    @Sendable func log(_ request: Request, context: AppContext) async throws -> Response {
        let actor = request.formQuery["actor"] ?? ""
        let action = request.formQuery["action"] ?? ""
        let number = RequestInput.page(request)
        let log = try await services.modLog.page(number, actor: actor, action: action)
        var filters: [String] = []
        if !actor.isEmpty { filters.append("actor=" + SiteURL.encodeQueryValue(actor)) }
        if !action.isEmpty { filters.append("action=" + SiteURL.encodeQueryValue(action)) }
        return renderer.page(ModLogPage(
            actor: actor, action: action,
            entries: log.entries.map { entry in
                ModLogPage.Entry(actor: entry.actorUsername, action: entry.action, summary: entry.summary,
                                 target: entry.target.map(Self.link), reason: entry.reason, at: entry.createdAt)
            },
            pagination: Pagination(path: SiteURL.modLog.path, query: filters.joined(separator: "&"), page: log.page,
                                   pageCount: log.pageCount)),
            context: context)
    }

    /// A log entry's target as a label and the page that shows it now.
    private static func link(_ target: ModLogQueries.Target) -> (label: String, link: String) {
        switch target {
        case .thread(let id, let slug, let title):
            (title, SiteURL.threadPage(id, slug: slug))
        case .post(let id, let threadID, let threadSlug, let threadTitle, let position):
            ("post #\(position) in “\(threadTitle)”",
             SiteURL.threadPage(threadID, slug: threadSlug, page: ThreadQueries.page(ofPosition: position), post: id))
        case .member(let username):
            ("@\(username)", SiteURL.modMember(.value(username)).path)
        }
    }

    // MARK: Members and suspensions

    @Sendable func membersPage(_ request: Request, context: AppContext) async throws -> Response {
        let query = request.formQuery["q"] ?? ""
        let results = try await services.suspensions.search(query)
        let suspensions = try await services.suspensions.current()
        return renderer.page(ModMembersPage(query: query, results: results.map(MemberStanding.init),
                                            suspensions: suspensions.map(MemberStanding.init)), context: context)
    }

    @Sendable func memberPage(_ request: Request, context: AppContext) async throws -> Response {
        try await renderMember(try context.parameters.require("username"), context: context, status: .ok)
    }

    /// What the suspend form sends.
    struct SuspendForm: Decodable {
        var reason: String?
        var until: String?
    }

    @Sendable func suspend(_ request: Request, context: AppContext) async throws -> Response {
        let username = try context.parameters.require("username")
        let form = try context.form.decode(SuspendForm.self)
        do {
            try await services.suspensions.suspend(
                username: username, by: try context.member, reason: form.reason ?? "", until: form.until ?? "")
            return .seeOther(SiteURL.modMember(.value(username)).path)
        } catch let error as ValidationError {
            return try await renderMember(username, context: context, status: .unprocessableContent) { page in
                page.reason = form.reason ?? ""
                page.until = form.until ?? ""
                page.errors = error.messages
            }
        }
    }

    @Sendable func unsuspend(_ request: Request, context: AppContext) async throws -> Response {
        let username = try context.parameters.require("username")
        try await services.suspensions.unsuspend(username: username, by: try context.member)
        return .seeOther(SiteURL.modMember(.value(username)).path)
    }

    private func renderMember(_ username: String, context: AppContext, status: HTTPResponse.Status,
                              adjust: (inout ModMemberPage) -> Void = { _ in }) async throws -> Response {
        guard let found = try await services.suspensions.status(username: username) else { throw NotFound() }
        let decision = Policy.decideSuspension(by: try context.member, of: .init(id: found.member.id, role: found.member.role))
        var refusal: String?
        if case .forbidden(let reason) = decision { refusal = reason }
        var page = ModMemberPage(member: MemberStanding(found), refusal: refusal)
        adjust(&page)
        return renderer.page(page, context: context, status: status)
    }
}

extension MemberStanding {
    init(_ status: Suspensions.MemberStatus) {
        self.init(username: status.member.username, name: status.member.name, role: status.member.role.label,
                  school: status.member.schoolName, suspended: status.isSuspended, suspendedUntil: status.suspendedUntil,
                  reason: status.reason)
    }
}
