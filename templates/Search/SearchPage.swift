import Foundation

/// `/search`: full-text search over what the member may see, narrowed by category and author.
public struct SearchPage: PageView {
    public struct Hit: Sendable {
        public var link: String
        public var threadTitle: String
        public var categoryName: String
        public var author: String
        public var at: Date
        /// The text around the matches; the matched runs are marked.
        public var snippet: [(text: String, matched: Bool)]

        public init(link: String, threadTitle: String, categoryName: String, author: String, at: Date,
                    snippet: [(text: String, matched: Bool)]) {
            self.link = link
            self.threadTitle = threadTitle
            self.categoryName = categoryName
            self.author = author
            self.at = at
            self.snippet = snippet
        }
    }

    public var title: String { "Search" }
    public var query: String
    /// "" for every category.
    public var category: String
    /// The categories the member may search in, as (slug, name).
    public var categories: [(slug: String, name: String)]
    public var author: String
    /// nil before anything was searched.
    public var total: Int?
    public var hits: [Hit]
    public var pagination: Pagination

    public init(query: String, category: String, categories: [(slug: String, name: String)], author: String,
                total: Int?, hits: [Hit], pagination: Pagination) {
        self.query = query
        self.category = category
        self.categories = categories
        self.author = author
        self.total = total
        self.hits = hits
        self.pagination = pagination
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        let options = [SelectOption(value: "", label: "All categories", selected: category.isEmpty)]
            + categories.map { SelectOption(value: $0.slug, label: $0.name, selected: $0.slug == category) }
        html("""
        <h1>Search</h1>
        <form method="get" action="\(SiteURL.search)" class="search-form" role="search">
          <label for="q">Search for</label>
          <input id="q" name="q" type="search" value="\(query)" maxlength="200">
          <label for="category">Category</label>
          <select id="category" name="category">\(SelectOption.html(options))</select>
          <label for="author">Author (username, optional)</label>
          <input id="author" name="author" type="text" value="\(author)" autocomplete="off">
          <button type="submit">Search</button>
        </form>

        """)
        guard let total else { return }
        html("<p class=\"muted\">\(Format.count(total, "result"))</p>\n<ol class=\"search-results\">\n")
        for hit in hits {
            let snippet = HTML.join(hit.snippet.map { $0.matched ? "<mark>\($0.text)</mark>" : HTML.text($0.text) })
            html("""
              <li class="search-hit">
                <a class="thread-title" href="\(hit.link)">\(hit.threadTitle)</a>
                <div class="meta">by \(hit.author) in \(hit.categoryName), \(time: hit.at)</div>
                <p class="snippet">\(snippet)</p>
              </li>

            """)
        }
        html("</ol>\n")
        html(pagination.html)
    }
}
