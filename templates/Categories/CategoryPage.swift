/// `/c/{slug}`: a category's threads, pinned first, a page at a time.
public struct CategoryPage: PageView {
    public var title: String
    public var slug: String
    public var description: String
    public var threads: [ThreadRow]
    public var pagination: Pagination
    /// The journey elements to filter by, and the one chosen ("" for all threads).
    public var elements: [SelectOption] = []
    public var element = ""

    public init(title: String, slug: String, description: String, threads: [ThreadRow], pagination: Pagination) {
        self.title = title
        self.slug = slug
        self.description = description
        self.threads = threads
        self.pagination = pagination
    }

    /// Threads about one element of the journey; without JavaScript, a GET form.
    private var elementFilter: HTML {
        guard !elements.isEmpty else { return .empty }
        let options = [SelectOption(value: "", label: "All threads", selected: element.isEmpty)] + elements
        return """
        <form method="get" action="\(SiteURL.category(.value(slug)))" class="filters">
          <label for="element">Journey element</label>
          <select id="element" name="element">\(SelectOption.html(options))</select>
          <button type="submit" class="secondary">Filter</button>
        </form>

        """
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        <nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="\(SiteURL.home)">Home</a></nav>
        <div class="page-heading">
          <h1>\(title)</h1>
          <a class="button" href="\(SiteURL.newThread(category: .value(slug)))">New thread</a>
        </div>
        \(if: !description.isEmpty, "<p class=\"muted\">\(description)</p>")
        \(elementFilter)\(if: threads.isEmpty, element.isEmpty ? "<p>No threads here yet. Start the first one.</p>" : "<p>No threads on this element here yet.</p>")
        <ul class="thread-list">

        """)
        for thread in threads { html(thread.html) }
        html("</ul>\n")
        html(pagination.html)
    }
}
