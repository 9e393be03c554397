import Forum
import Foundation
import Hummingbird

/// `/search?q=...&category=slug&author=username&page=N`: full-text search.
struct SearchController {
    let services: ForumServices
    let renderer: Renderer

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get("/search", use: search)
    }

    struct SearchPage: PageViewModel {
        struct Hit: Sendable, Encodable {
            var href: String
            var threadTitle: String
            var categoryName: String
            var author: String
            var at: String
            var atISO: String
            var snippetHTML: String
        }

        var layout = Layout()
        var title = "Search"
        var query: String
        var category: String
        var author: String
        var searched: Bool
        var summary: String
        var hits: [Hit]
        var pagination: Pagination
    }

    @Sendable func search(_ request: Request, context: AppContext) async throws -> Response {
        // Echoed into the form; kept short so a huge query string doesn't become a huge page.
        let form = request.formQuery
        func parameter(_ name: String) -> String { String((form[name] ?? "").prefix(Search.maxQueryLength)) }
        let text = parameter("q"), category = parameter("category"), author = parameter("author")
        let page = RequestInput.page(request)
        let results = try await services.search.run(
            .init(text: text, categorySlug: category, authorUsername: author, page: page), for: try context.member)
        let searched = !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        var query = "q=" + encode(text)
        if !category.isEmpty { query += "&category=" + encode(category) }
        if !author.isEmpty { query += "&author=" + encode(author) }
        return try renderer.page("search", SearchPage(
            query: text, category: category, author: author, searched: searched,
            summary: Format.count(results.total, "result"),
            hits: results.hits.map { hit in
                .init(href: Paths.thread(hit.threadID, slug: hit.threadSlug, page: ThreadQueries.page(ofPosition: hit.position), post: hit.postID),
                      threadTitle: hit.threadTitle, categoryName: hit.categoryName, author: hit.authorUsername,
                      at: Format.date(hit.createdAt), atISO: Format.iso(hit.createdAt), snippetHTML: hit.snippetHTML)
            },
            pagination: Pagination(path: "/search", query: query, page: results.page, pageCount: results.pageCount)),
            context: context)
    }

    private func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
