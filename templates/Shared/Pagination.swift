/// Links to the pages of a list; `?page=N` on the list's own path, other query values kept.
public struct Pagination: Sendable {
    public struct Link: Sendable {
        public var number: Int
        public var href: String
        public var current: Bool
    }

    public var page: Int
    public var pageCount: Int
    public var previousHref: String?
    public var nextHref: String?
    public var links: [Link]

    /// `query` (already encoded, without `?`) is kept on every link, e.g. a list's filters.
    public init(path: String, query: String = "", page: Int, pageCount: Int) {
        func href(_ number: Int) -> String {
            let parameters = (query.isEmpty ? [] : [query]) + (number == 1 ? [] : ["page=\(number)"])
            return parameters.isEmpty ? path : path + "?" + parameters.joined(separator: "&")
        }
        // A page past the end (or before the start) of the list shows as the nearest page.
        let pageCount = max(1, pageCount)
        let page = min(max(1, page), pageCount)
        self.page = page
        self.pageCount = pageCount
        previousHref = page > 1 ? href(page - 1) : nil
        nextHref = page < pageCount ? href(page + 1) : nil
        // First, last and the neighbourhood of the current page keep the list short.
        let shown = Set([1, pageCount] + Array(max(1, page - 2)...min(pageCount, page + 2)))
        links = shown.sorted().map { Link(number: $0, href: href($0), current: $0 == page) }
    }

    public var html: HTML {
        guard pageCount > 1 else { return .empty }
        let links = HTML.join(links.map { link in
            link.current ? "    <li><span aria-current=\"page\">\(link.number)</span></li>\n"
                : "    <li><a href=\"\(link.href)\">\(link.number)</a></li>\n"
        })
        return """
        <nav class="pagination" aria-label="Pages">
          \(if: previousHref != nil, "<a href=\"\(previousHref)\" rel=\"prev\">Previous</a>")
          <ul>
        \(links)  </ul>
          \(if: nextHref != nil, "<a href=\"\(nextHref)\" rel=\"next\">Next</a>")
        </nav>

        """
    }
}
