import Forum
import Foundation
import Hummingbird
import Views

/// `/search?q=...&category=slug&author=username&page=N`: full-text search.
struct SearchController {
    let services: ForumServices
    let renderer: Renderer

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.search.route, use: search)
    }

    @Sendable func search(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.member
        // Echoed into the form; kept short so a huge query string doesn't become a huge page.
        let form = request.formQuery
        func parameter(_ name: String) -> String { String((form[name] ?? "").prefix(Search.maxQueryLength)) }
        let text = parameter("q"), category = parameter("category")
        // A name typed with its @ (as posts write it) means the same member.
        let author = parameter("author").trimmingCharacters(in: .whitespaces).drop { $0 == "@" }.description
        let page = RequestInput.page(request)
        let categories = try await services.administration.categories()
            .filter { Policy.canSee(member, .init(visibility: $0.visibility)) }
            .map { (slug: $0.slug, name: $0.name) }
        let searched = !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        let results = try await services.search.run(
            .init(text: text, categorySlug: category, authorUsername: author, page: page), for: member)
        var query = "q=" + SiteURL.encodeQueryValue(text)
        if !category.isEmpty { query += "&category=" + SiteURL.encodeQueryValue(category) }
        if !author.isEmpty { query += "&author=" + SiteURL.encodeQueryValue(author) }
        return renderer.page(SearchPage(
            query: text, category: category, categories: categories, author: author,
            total: searched ? results.total : nil,
            hits: results.hits.map { hit in
                .init(link: SiteURL.threadPage(hit.threadID, slug: hit.threadSlug, page: ThreadQueries.page(ofPosition: hit.position),
                                               post: hit.postID),
                      threadTitle: hit.threadTitle, categoryName: hit.categoryName, author: hit.authorUsername,
                      at: hit.createdAt, snippet: hit.snippet.map { (text: $0.text, matched: $0.matched) })
            },
            pagination: Pagination(path: SiteURL.search.path, query: query, page: results.page, pageCount: results.pageCount)),
            context: context)
    }
}
