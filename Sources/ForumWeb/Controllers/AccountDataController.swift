import Forum
import Foundation
import Hummingbird
import NIOCore
import Views

/// `/settings/export` and `/settings/delete`: a member takes their data with them, or has
/// their account erased.
struct AccountDataController {
    let services: ForumServices
    let renderer: Renderer
    let configuration: WebConfiguration

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.settingsExport.route, use: export)
        router.get(SiteURL.settingsDelete.route, use: showDelete)
        router.post(SiteURL.settingsDelete.route, use: delete)
    }

    @Sendable func export(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.member
        let data = try await MemberData.collect(for: member, db: services.db)
        let now = Date()
        let document = DataExportDocument(
            exportedAt: now,
            profile: .init(username: data.profile.username, name: data.profile.name, email: data.profile.email,
                           role: data.profile.role, school: data.profile.school, joinedAt: data.profile.joinedAt),
            posts: data.posts.map { post in
                .init(id: post.id, threadID: post.threadID, threadSlug: post.threadSlug, threadTitle: post.threadTitle,
                      createdAt: post.createdAt, editedAt: post.editedAt, text: post.text, hidden: post.hidden, deleted: post.deleted)
            },
            reactions: data.reactions.map { reaction in
                .init(reaction: reaction.reaction, postID: reaction.postID, threadID: reaction.threadID,
                      threadSlug: reaction.threadSlug, createdAt: reaction.createdAt)
            })
        let body = try document.json()
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/json; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(DataExportDocument.fileName(username: member.username, on: now))\"",
                .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    @Sendable func showDelete(_ request: Request, context: AppContext) async throws -> Response {
        renderer.page(DeleteAccountPage(), context: context)
    }

    /// What the erasure form sends.
    struct DeleteForm: Decodable {
        var password: String?
    }

    @Sendable func delete(_ request: Request, context: AppContext) async throws -> Response {
        let form = try context.form.decode(DeleteForm.self)
        let member = try context.member
        var page = DeleteAccountPage()
        if let retryAfter = try await MemberRateLimit.passwordCheck.retryAfter(for: member, services: services) {
            page.errors["password"] = MemberRateLimit.passwordCheck.message(retryAfter: retryAfter)
            return renderer.tooManyRequests(page, retryAfter: retryAfter, context: context)
        }
        do {
            try await services.erasure.eraseOwn(member, password: form.password ?? "")
        } catch let error as ValidationError {
            page.errors = error.messages
            return renderer.page(page, context: context, status: .unprocessableContent)
        }
        var response = Response.seeOther(SiteURL.login.path)
        response.setCookie(Cookie(name: configuration.cookieNames.session, value: "", maxAge: 0, path: "/",
                                  secure: configuration.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }
}
