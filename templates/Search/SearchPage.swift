import Foundation

/// `/search`: full-text search over what the member may see, with its filters, best-or-newest
/// order, and a way back out of a search that found nothing.
public struct SearchPage: PageView {
    /// The search as the member set it, as the form shows it back.
    public struct Filters: Sendable, Equatable {
        public var text: String
        /// `best` or `newest`.
        public var order: String
        public var category: String
        public var author: String
        public var school: String
        /// A journey element's slug, or "".
        public var element: String
        /// Days as `YYYY-MM-DD`, or "".
        public var from: String
        public var to: String
        public var thread: Int?

        public init(text: String, order: String, category: String, author: String, school: String, element: String,
                    from: String, to: String, thread: Int?) {
            self.text = text
            self.order = order
            self.category = category
            self.author = author
            self.school = school
            self.element = element
            self.from = from
            self.to = to
            self.thread = thread
        }

        /// The query string of this search (without `page`), for pagination and for links that
        /// change one thing about it.
        var parameters: [(String, String?)] {
            [("q", text), ("order", order == "newest" ? order : nil), ("category", nonEmpty(category)),
             ("author", nonEmpty(author)), ("school", nonEmpty(school)), ("element", nonEmpty(element)), ("from", nonEmpty(from)),
             ("to", nonEmpty(to)), ("thread", thread.map(String.init))]
        }

        func link(dropping name: String) -> String {
            SiteURL.search.path(query: parameters.filter { $0.0 != name })
        }

        private func nonEmpty(_ value: String) -> String? { value.isEmpty ? nil : value }
    }

    public struct Hit: Sendable {
        public var link: String
        public var threadTitle: String
        /// The post's place in its thread, and how many posts the thread has.
        public var position: Int
        public var threadPostCount: Int
        public var categoryName: String
        public var author: String
        public var school: String?
        public var at: Date
        /// The text around the matches; the matched runs are marked.
        public var snippet: [(text: String, matched: Bool)]

        public init(link: String, threadTitle: String, position: Int, threadPostCount: Int, categoryName: String,
                    author: String, school: String?, at: Date, snippet: [(text: String, matched: Bool)]) {
            self.link = link
            self.threadTitle = threadTitle
            self.position = position
            self.threadPostCount = threadPostCount
            self.categoryName = categoryName
            self.author = author
            self.school = school
            self.at = at
            self.snippet = snippet
        }
    }

    public var title: String { filters.text.isEmpty ? "Search" : "Search: \(filters.text)" }
    public var filters: Filters
    /// The thread a "search in this thread" is limited to, when the member may see it.
    public var scopeThreadTitle: String?
    /// The categories the member may search in and every school, as (slug, name).
    public var categories: [(slug: String, name: String)]
    public var schools: [(slug: String, name: String)]
    /// The school-journey elements threads can be tagged with, as (slug, name).
    public var elements: [(slug: String, name: String)]
    /// nil before anything was searched.
    public var total: Int?
    /// More matched than `total` (the count stops there).
    public var totalIsLowerBound: Bool
    public var hits: [Hit]
    public var page: Int
    public var pageCount: Int

    public init(query: Filters, scopeThreadTitle: String?, categories: [(slug: String, name: String)],
                schools: [(slug: String, name: String)], elements: [(slug: String, name: String)], total: Int?, totalIsLowerBound: Bool, hits: [Hit],
                page: Int, pageCount: Int) {
        self.filters = query
        self.scopeThreadTitle = scopeThreadTitle
        self.categories = categories
        self.schools = schools
        self.elements = elements
        self.total = total
        self.totalIsLowerBound = totalIsLowerBound
        self.hits = hits
        self.page = page
        self.pageCount = pageCount
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        let categoryOptions = [SelectOption(value: "", label: "All categories", selected: filters.category.isEmpty)]
            + categories.map { SelectOption(value: $0.slug, label: $0.name, selected: $0.slug == filters.category) }
        let schoolOptions = [SelectOption(value: "", label: "All schools", selected: filters.school.isEmpty)]
            + schools.map { SelectOption(value: $0.slug, label: $0.name, selected: $0.slug == filters.school) }
        let elementOptions = [SelectOption(value: "", label: "Any journey element", selected: filters.element.isEmpty)]
            + elements.map { SelectOption(value: $0.slug, label: $0.name, selected: $0.slug == filters.element) }
        let orderOptions = [SelectOption(value: "best", label: "Best match", selected: filters.order != "newest"),
                            SelectOption(value: "newest", label: "Newest first", selected: filters.order == "newest")]
        html("""
        <h1>Search</h1>
        <form method="get" action="\(SiteURL.search)" class="search-form" role="search">
          <p><label for="q">Search for</label>
          <input id="q" name="q" type="search" value="\(filters.text)" maxlength="200" aria-describedby="q-help">
          <span id="q-help" class="hint">Put "a phrase" in quotes; -word leaves out posts with that word; or finds either word.</span></p>

        """)
        if let thread = filters.thread, let scopeThreadTitle {
            html("""
              <p class="search-scope"><input type="hidden" name="thread" value="\(thread)">
              Searching in the thread <strong>\(scopeThreadTitle)</strong>.
              <a href="\(filters.link(dropping: "thread"))">Search everywhere instead</a></p>

            """)
        }
        html("""
          <fieldset class="search-filters">
            <legend>Narrow the search</legend>
            <p><label for="order">Order</label>
            <select id="order" name="order">\(SelectOption.html(orderOptions))</select></p>
            <p><label for="category">Category</label>
            <select id="category" name="category">\(SelectOption.html(categoryOptions))</select></p>
            <p><label for="author">Author (username)</label>
            <input id="author" name="author" type="text" value="\(filters.author)" autocomplete="off" maxlength="100"></p>
            <p><label for="school">School</label>
            <select id="school" name="school">\(SelectOption.html(schoolOptions))</select></p>
            <p><label for="element">Journey element</label>
            <select id="element" name="element">\(SelectOption.html(elementOptions))</select></p>
            <p><label for="from">From</label>
            <input id="from" name="from" type="date" value="\(filters.from)"></p>
            <p><label for="to">To</label>
            <input id="to" name="to" type="date" value="\(filters.to)"></p>
          </fieldset>
          <button type="submit">Search</button>
        </form>

        """)
        guard let total else { return }
        if hits.isEmpty {
            noResults(&html, total: total)
            return
        }
        let count = totalIsLowerBound ? "More than \(Self.grouped(total)) results" : Format.count(total, "result")
        html("<p class=\"muted\" role=\"status\">\(count)\(if: pageCount > 1, ", page \(page) of \(pageCount)")</p>\n")
        html("<ol class=\"search-results\">\n")
        for hit in hits {
            let snippet = HTML.join(hit.snippet.map { $0.matched ? "<mark>\($0.text)</mark>" : HTML.text($0.text) })
            let school: HTML = hit.school.map { " (\($0))" } ?? ""
            html("""
              <li class="search-hit">
                <a class="thread-title" href="\(hit.link)">\(hit.threadTitle)</a>
                <div class="meta">post \(hit.position) of \(hit.threadPostCount) · by \(hit.author)\(school) in \(hit.categoryName), \(time: hit.at)</div>
                <p class="snippet">\(snippet)</p>
              </li>

            """)
        }
        html("</ol>\n")
        html(Pagination(path: SiteURL.search.path, query: SiteURL.queryString(filters.parameters),
                        page: page, pageCount: pageCount).html)
    }

    /// Nothing found: say so, and offer the same search without each filter that narrowed it.
    private func noResults(_ html: inout HTMLWriter, total: Int) {
        html("<p role=\"status\">\(total > 0 ? "No results on this page." : "No posts match this search.")</p>\n")
        var ways: [(String, String)] = []
        if filters.thread != nil { ways.append(("thread", "in every thread")) }
        if !filters.category.isEmpty { ways.append(("category", "in every category")) }
        if !filters.author.isEmpty { ways.append(("author", "by any author")) }
        if !filters.school.isEmpty { ways.append(("school", "from any school")) }
        if !filters.element.isEmpty { ways.append(("element", "about any journey element")) }
        if !filters.from.isEmpty { ways.append(("from", "without the start date")) }
        if !filters.to.isEmpty { ways.append(("to", "without the end date")) }
        if total > 0 { html("<p><a href=\"\(filters.link(dropping: "page"))\">Back to the first page</a></p>\n") }
        guard !ways.isEmpty else { return }
        html("<p>Try removing a filter:</p>\n<ul class=\"search-suggestions\">\n")
        for (name, label) in ways {
            html("<li><a href=\"\(filters.link(dropping: name))\">Search \(label)</a></li>\n")
        }
        html("</ul>\n")
    }

    static func grouped(_ number: Int) -> String {
        let digits = Array(String(number))
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return result
    }
}
