import Forum
import Foundation
import Hummingbird

/// The moderators' pages: the flag queue (`/mod/flags`), the log (`/mod/log`) and members
/// with their suspensions (`/mod/members`). Suspending itself is `POST /u/{username}/suspend`
/// (the contract's address), answered here so a bad form re-shows the member's page.
struct ModeratorPagesController {
    let services: ForumServices
    let renderer: Renderer

    /// `moderators` is the group behind `RequireModeratorMiddleware`; the suspension actions
    /// go to `members`, so a member learns "forbidden" (profiles are visible to members).
    func addRoutes(moderators: some RouterMethods<AppContext>, members: some RouterMethods<AppContext>) {
        moderators.get("/mod/flags", use: flags)
        moderators.post("/mod/flags/:id/resolve", use: resolve)
        moderators.get("/mod/log", use: log)
        moderators.get("/mod/members", use: membersPage)
        moderators.get("/mod/members/:username", use: memberPage)
        members.post("/u/:username/suspend", use: suspend)
        members.post("/u/:username/unsuspend", use: unsuspend)
    }

    // MARK: Flags

    struct FlagsPage: PageViewModel {
        struct Post: Sendable, Encodable {
            struct Report: Sendable, Encodable {
                var flagger: String
                var reason: String
                var flaggedAt: String
                var flaggedISO: String
            }

            var anchor: String
            var href: String
            var threadTitle: String
            var author: String
            var bodyHTML: String
            var hidden: Bool
            var deleted: Bool
            var reports: [Report]
            var reportCount: String
            var resolveAction: String
        }

        var layout = Layout()
        var title = "Flags"
        var posts: [Post]
        var error = ""
    }

    @Sendable func flags(_ request: Request, context: AppContext) async throws -> Response {
        try await renderFlags(error: "", context: context, status: .ok)
    }

    @Sendable func resolve(_ request: Request, context: AppContext) async throws -> Response {
        let flagID = try RequestInput.pathID(context)
        guard let resolution = Moderation.FlagResolution(rawValue: context.form["action"]) else {
            return try await renderFlags(error: "Choose to dismiss the flags or hide the post.", context: context,
                                         status: .unprocessableContent)
        }
        do {
            _ = try await services.moderation.resolveFlags(flagID, resolution, by: try context.member, reason: context.form["reason"])
        } catch let error as ValidationError {
            return try await renderFlags(error: error.messages.values.first ?? "Check the form.", context: context,
                                         status: .unprocessableContent)
        }
        return .seeOther("/mod/flags")
    }

    private func renderFlags(error: String, context: AppContext, status: HTTPResponse.Status) async throws -> Response {
        let posts = try await services.moderation.openFlags().map { post in
            FlagsPage.Post(
                anchor: "flagged-\(post.location.postID)", href: ModerationController.path(post.location),
                threadTitle: post.threadTitle, author: post.authorUsername, bodyHTML: post.bodyHTML,
                hidden: post.hidden, deleted: post.deleted,
                reports: post.reports.map {
                    .init(flagger: $0.flagger, reason: $0.reason, flaggedAt: Format.date($0.createdAt), flaggedISO: Format.iso($0.createdAt))
                },
                reportCount: Format.count(post.reports.count, "flag"), resolveAction: "/mod/flags/\(post.flagID)/resolve")
        }
        return try renderer.page("mod-flags", FlagsPage(posts: posts, error: error), context: context, status: status)
    }

    // MARK: Log

    struct LogPage: PageViewModel {
        struct Entry: Sendable, Encodable {
            var actor: String
            var actorHref: String
            var action: String
            var summary: String
            var targetLabel: String
            var targetHref: String
            var reason: String
            var at: String
            var atISO: String
        }

        var layout = Layout()
        var title = "Moderation log"
        var actor: String
        var action: String
        var filtered: Bool
        var entries: [Entry]
        var hasEntries: Bool
        var pagination: Pagination
    }

    @Sendable func log(_ request: Request, context: AppContext) async throws -> Response {
        let actor = request.formQuery["actor"] ?? ""
        let action = request.formQuery["action"] ?? ""
        let number = RequestInput.page(request)
        let log = try await services.modLog.page(number, actor: actor, action: action)
        var filters: [String] = []
        if !actor.isEmpty { filters.append("actor=" + QueryValue.encode(actor)) }
        if !action.isEmpty { filters.append("action=" + QueryValue.encode(action)) }
        let page = LogPage(
            actor: actor, action: action, filtered: !filters.isEmpty,
            entries: log.entries.map { entry in
                LogPage.Entry(
                    actor: entry.actorUsername ?? "system",
                    actorHref: entry.actorUsername.map { "/mod/log?actor=\(QueryValue.encode($0))" } ?? "",
                    action: entry.action, summary: entry.summary, targetLabel: entry.targetLabel ?? "",
                    targetHref: entry.targetPath ?? "", reason: entry.reason ?? "",
                    at: Format.date(entry.createdAt), atISO: Format.iso(entry.createdAt))
            },
            hasEntries: !log.entries.isEmpty,
            pagination: Pagination(path: "/mod/log", query: filters.joined(separator: "&"), page: log.page, pageCount: log.pageCount))
        return try renderer.page("mod-log", page, context: context)
    }

    // MARK: Members and suspensions

    struct MemberRow: Sendable, Encodable {
        var username: String
        var name: String
        var href: String
        var role: String
        var suspended: Bool
        var until: String
        var reason: String

        init(_ status: Suspensions.MemberStatus) {
            username = status.member.username
            name = status.member.name
            href = "/mod/members/\(status.member.username)"
            role = status.member.role.label
            suspended = status.isSuspended
            until = status.suspendedUntil.map { "until \(Format.date($0)) UTC" } ?? "until lifted"
            reason = status.reason ?? ""
        }
    }

    struct MembersPage: PageViewModel {
        var layout = Layout()
        var title = "Members"
        var query: String
        var searched: Bool
        var results: [MemberRow]
        var suspensions: [MemberRow]
    }

    @Sendable func membersPage(_ request: Request, context: AppContext) async throws -> Response {
        let query = request.formQuery["q"] ?? ""
        let results = try await services.suspensions.search(query)
        let suspensions = try await services.suspensions.current()
        return try renderer.page("mod-members", MembersPage(
            query: query, searched: !query.trimmingCharacters(in: .whitespaces).isEmpty,
            results: results.map(MemberRow.init), suspensions: suspensions.map(MemberRow.init)), context: context)
    }

    struct MemberPage: PageViewModel {
        var layout = Layout()
        var title: String
        var member: MemberRow
        var school: String
        var canSuspend: Bool
        var refusal: String
        var suspendAction: String
        var unsuspendAction: String
        var reason = ""
        var until = ""
        var reasonError = ""
        var untilError = ""
    }

    @Sendable func memberPage(_ request: Request, context: AppContext) async throws -> Response {
        try await renderMember(try context.parameters.require("username"), context: context, status: .ok)
    }

    @Sendable func suspend(_ request: Request, context: AppContext) async throws -> Response {
        let username = try context.parameters.require("username")
        do {
            try await services.suspensions.suspend(
                username: username, by: try context.member, reason: context.form["reason"], until: context.form["until"])
            return .seeOther("/mod/members/\(username)")
        } catch let error as ValidationError {
            return try await renderMember(username, context: context, status: .unprocessableContent) { page in
                page.reason = context.form["reason"]
                page.until = context.form["until"]
                page.reasonError = error.messages["reason"] ?? ""
                page.untilError = error.messages["until"] ?? ""
            }
        }
    }

    @Sendable func unsuspend(_ request: Request, context: AppContext) async throws -> Response {
        let username = try context.parameters.require("username")
        try await services.suspensions.unsuspend(username: username, by: try context.member)
        return .seeOther("/mod/members/\(username)")
    }

    private func renderMember(_ username: String, context: AppContext, status: HTTPResponse.Status,
                              adjust: (inout MemberPage) -> Void = { _ in }) async throws -> Response {
        guard let found = try await services.suspensions.status(username: username) else { throw NotFound() }
        let decision = Policy.decideSuspension(by: try context.member, of: .init(id: found.member.id, role: found.member.role))
        var refusal = ""
        if case .forbidden(let reason) = decision { refusal = reason }
        var page = MemberPage(
            title: "@\(found.member.username)", member: MemberRow(found), school: found.member.schoolName ?? "",
            canSuspend: decision.isAllowed, refusal: refusal,
            suspendAction: "/u/\(found.member.username)/suspend", unsuspendAction: "/u/\(found.member.username)/unsuspend")
        adjust(&page)
        return try renderer.page("mod-member", page, context: context, status: status)
    }
}

/// Values put into the query strings of links.
enum QueryValue {
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
