import Forum
import Hummingbird

/// `/c/{slug}`: a category's threads; `/c/{slug}/new`: starting a thread there.
struct CategoryController {
    let services: ForumServices
    let renderer: Renderer
    let configuration: WebConfiguration

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get("/c/:slug", use: show)
        router.get("/c/:slug/new", use: newThreadForm)
        router.post("/c/:slug/new", use: createThread)
    }

    struct CategoryPage: PageViewModel {
        var layout = Layout()
        var title: String
        var slug: String
        var description: String
        var newThreadHref: String
        var threads: [ThreadRow]
        var pagination: Pagination
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let page = RequestInput.page(request)
        let listing = try await services.threads.category(slug: slug, for: try context.member, page: page)
        return try renderer.page("category", CategoryPage(
            title: listing.name, slug: listing.slug, description: listing.description,
            newThreadHref: "/c/\(listing.slug)/new",
            threads: listing.threads.map { ThreadRow($0, showCategory: false) },
            pagination: Pagination(path: "/c/\(listing.slug)", page: listing.page, pageCount: listing.pageCount)),
            context: context)
    }

    struct NewThreadPage: PageViewModel {
        var layout = Layout()
        var title = "New thread"
        var categoryName: String
        var categoryHref: String
        var action: String
        var threadTitle = ""
        var body = ""
        var isFeedback = false
        var errors: [String] = []
        var titleError = ""
        var bodyError = ""
        var previewHTML = ""
    }

    @Sendable func newThreadForm(_ request: Request, context: AppContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let listing = try await services.threads.category(slug: slug, for: try context.member, page: 1)
        var page = NewThreadPage(categoryName: listing.name, categoryHref: "/c/\(slug)", action: "/c/\(slug)/new")
        page.isFeedback = request.formQuery["kind"] == "feedback"
        return try renderer.page("new-thread", page, context: context)
    }

    @Sendable func createThread(_ request: Request, context: AppContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let member = try context.member
        let listing = try await services.threads.category(slug: slug, for: member, page: 1)
        var page = NewThreadPage(categoryName: listing.name, categoryHref: "/c/\(slug)", action: "/c/\(slug)/new")
        page.threadTitle = context.form["title"]
        page.body = context.form["body"]
        let kindValue = context.form["kind"].isEmpty ? "discussion" : context.form["kind"]
        page.isFeedback = kindValue == "feedback"
        guard let kind = ThreadKind(rawValue: kindValue) else {
            page.errors = ["Choose a discussion or a feedback request."]
            return try renderer.page("new-thread", page, context: context, status: .unprocessableContent)
        }
        if !context.form["preview"].isEmpty {
            if let retryAfter = try await MemberRateLimit.preview.retryAfter(for: member, services: services) {
                page.errors = [MemberRateLimit.preview.message(retryAfter: retryAfter)]
                return try renderer.page("new-thread", page, context: context, status: .tooManyRequests).retrying(after: retryAfter)
            }
            if let problem = Discussions.validate(body: page.body) { page.bodyError = problem }
            else { page.previewHTML = try await services.discussions.preview(page.body) }
            return try renderer.page("new-thread", page, context: context)
        }
        if case .limited(let retryAfter) = try await services.rateLimiter.hit("post:\(member.id)", limit: configuration.postLimit) {
            page.errors = ["You're posting too quickly. Try again in \(Format.count(retryAfter, "second"))."]
            var response = try renderer.page("new-thread", page, context: context, status: .tooManyRequests)
            response.headers[.retryAfter] = String(retryAfter)
            return response
        }
        do {
            let created = try await services.discussions.startThread(
                by: member, inCategory: slug, title: page.threadTitle, body: page.body, kind: kind)
            return .seeOther(Paths.thread(created.threadID, slug: created.slug))
        } catch let error as ValidationError {
            page.titleError = error.messages["title"] ?? ""
            page.bodyError = error.messages["body"] ?? ""
            return try renderer.page("new-thread", page, context: context, status: .unprocessableContent)
        }
    }
}
