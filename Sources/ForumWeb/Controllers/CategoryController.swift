import Forum
import Hummingbird
import Views

/// `/c/{slug}`: a category's threads; `/c/{slug}/new`: starting a thread there.
struct CategoryController {
    let services: ForumServices
    let renderer: Renderer
    let configuration: WebConfiguration

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.category(.key).route, use: show)
        router.get(SiteURL.newThread(category: .key).route, use: newThreadForm)
        router.post(SiteURL.newThread(category: .key).route, use: createThread)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let page = RequestInput.page(request)
        let element = String((request.formQuery["element"] ?? "").prefix(63))
        let listing = try await services.threads.category(slug: slug, for: try context.member, page: page, element: element)
        var view = CategoryPage(
            title: listing.name, slug: listing.slug, description: listing.description,
            threads: listing.threads.map { ThreadRow($0, showCategory: false) },
            pagination: Pagination(path: SiteURL.category(.value(listing.slug)).path,
                                   query: element.isEmpty ? "" : "element=" + SiteURL.encodeQueryValue(element),
                                   page: listing.page, pageCount: listing.pageCount))
        view.element = element
        view.elements = try await elementOptions(selected: element, none: nil)
        return renderer.page(view, context: context)
    }

    /// The journey elements as a select's options; `none` labels the empty choice.
    private func elementOptions(selected: String, none: String?) async throws -> [SelectOption] {
        let elements = try await services.journeyElements.all()
        guard !elements.isEmpty else { return [] }
        let options = elements.map { SelectOption(value: $0.slug, label: $0.name, selected: $0.slug == selected) }
        guard let none else { return options }
        return [SelectOption(value: "", label: none, selected: selected.isEmpty)] + options
    }

    /// What the new-thread form sends.
    struct NewThreadForm: Decodable {
        var title: String?
        var body: String?
        var kind: String?
        var preview: String?
        /// A journey element's slug, or empty.
        var element: String?
    }

    @Sendable func newThreadForm(_ request: Request, context: AppContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let listing = try await services.threads.category(slug: slug, for: try context.member, page: 1)
        var page = NewThreadPage(categorySlug: listing.slug, categoryName: listing.name)
        page.isFeedback = request.formQuery["kind"] == "feedback"
        page.elements = try await elementOptions(selected: request.formQuery["element"] ?? "", none: "None")
        return renderer.page(page, context: context)
    }

    @Sendable func createThread(_ request: Request, context: AppContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let member = try context.member
        let form = try context.form.decode(NewThreadForm.self)
        let listing = try await services.threads.category(slug: slug, for: member, page: 1)
        var page = NewThreadPage(categorySlug: listing.slug, categoryName: listing.name)
        page.threadTitle = form.title ?? ""
        page.body = form.body ?? ""
        let element = form.element ?? ""
        page.elements = try await elementOptions(selected: element, none: "None")
        let kindValue = form.kind.flatMap { $0.isEmpty ? nil : $0 } ?? "discussion"
        page.isFeedback = kindValue == "feedback"
        guard let kind = ThreadKind(rawValue: kindValue) else {
            page.errors = ["Choose a discussion or a feedback request."]
            return renderer.page(page, context: context, status: .unprocessableContent)
        }
        if form.preview?.isEmpty == false {
            return try await renderer.preview(page, body: page.body, by: member, services: services, context: context) { page, outcome in
                if case .limited(_, let message) = outcome { page.errors = [message] } else { page.bodyError = outcome.message }
                page.preview = outcome.rendered
            }
        }
        if case .limited(let retryAfter) = try await services.rateLimiter.hit("post:\(member.id)", limit: configuration.postLimit) {
            page.errors = [RateLimitMessage.posting(retryAfter)]
            return renderer.tooManyRequests(page, retryAfter: retryAfter, context: context)
        }
        do {
            let created = try await services.discussions.startThread(
                by: member, inCategory: slug, title: page.threadTitle, body: page.body, kind: kind, element: element,
                uploads: context.form.uploads)
            return .seeOther(SiteURL.threadPage(created.threadID, slug: created.slug))
        } catch let error as ValidationError {
            page.titleError = error.messages["title"]
            page.bodyError = error.messages["body"]
            page.elementError = error.messages["element"]
            page.filesError = error.messages["files"]
            return renderer.page(page, context: context, status: .unprocessableContent)
        }
    }
}
