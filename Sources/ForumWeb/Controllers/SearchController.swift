import Forum
import Foundation
import Hummingbird
import Views

/// `/search?q=...`: full-text search, narrowed by `category`, `author`, `school`, `element`, `from`/`to`
/// (days, YYYY-MM-DD) and `thread`, ordered by `order` (`best` or `newest`); `page=N`.
struct SearchController {
    let services: ForumServices
    let renderer: Renderer

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.search.route, use: search)
    }

    @Sendable func search(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.member
        let query = Self.query(from: request)
        let choices = try await services.search.filterChoices(for: member)
        let searched = !query.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        let results = try await services.search.run(query, for: member)
        var threadTitle: String?
        if let id = query.threadID {
            // A thread the member may not see scopes the search to nothing, as if it didn't exist.
            do { threadTitle = try await services.threads.header(id: id, for: member).title } catch is NotFound {}
        }
        return renderer.page(SearchPage(
            query: SearchPage.Filters(query), scopeThreadTitle: threadTitle,
            categories: choices.categories, schools: choices.schools, elements: choices.elements,
            total: searched ? results.total : nil, totalIsLowerBound: results.isTotalALowerBound,
            hits: results.hits.map { hit in
                .init(link: SiteURL.threadPage(hit.threadID, slug: hit.threadSlug, page: ThreadQueries.page(ofPosition: hit.position),
                                               post: hit.postID),
                      threadTitle: hit.threadTitle, position: hit.position, threadPostCount: hit.threadPostCount,
                      categoryName: hit.categoryName, author: hit.authorUsername, school: hit.authorSchool,
                      at: hit.createdAt, snippet: hit.snippet.map { (text: $0.text, matched: $0.matched) })
            },
            page: results.page, pageCount: results.pageCount),
            context: context)
    }

    /// The search as the query string gives it; anything malformed is dropped, never an error.
    static func query(from request: Request) -> SearchQuery {
        let form = request.formQuery
        // Echoed into the form; kept short so a huge query string doesn't become a huge page.
        func parameter(_ name: String) -> String { String((form[name] ?? "").prefix(Search.maxQueryLength)) }
        // A name typed with its @ (as posts write it) means the same member.
        let author = parameter("author").trimmingCharacters(in: .whitespaces).drop { $0 == "@" }.description
        return SearchQuery(
            text: parameter("q"), order: SearchQuery.Order(rawValue: parameter("order")) ?? .best,
            categorySlug: parameter("category"), authorUsername: author, schoolSlug: parameter("school"),
            elementSlug: parameter("element"),
            from: RequestInput.day(request, "from"), through: RequestInput.day(request, "to"),
            threadID: RequestInput.queryID(request, "thread"), page: RequestInput.page(request))
    }
}

extension SearchPage.Filters {
    init(_ query: SearchQuery) {
        self.init(text: query.text, order: query.order.rawValue, category: query.categorySlug,
                  author: query.authorUsername, school: query.schoolSlug, element: query.elementSlug,
                  from: query.from.map(RequestInput.dayText) ?? "", to: query.through.map(RequestInput.dayText) ?? "",
                  thread: query.threadID)
    }
}
