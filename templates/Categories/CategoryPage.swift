/// `/c/{slug}`: a category's threads, pinned first, a page at a time.
public struct CategoryPage: PageView {
    public var title: String
    public var slug: String
    public var description: String
    public var threads: [ThreadRow]
    public var pagination: Pagination

    public init(title: String, slug: String, description: String, threads: [ThreadRow], pagination: Pagination) {
        self.title = title
        self.slug = slug
        self.description = description
        self.threads = threads
        self.pagination = pagination
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        <nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="\(SiteURL.home)">Home</a></nav>
        <div class="page-heading">
          <h1>\(title)</h1>
          <a class="button" href="\(SiteURL.newThread(category: .value(slug)))">New thread</a>
        </div>
        \(if: !description.isEmpty, "<p class=\"muted\">\(description)</p>")
        \(if: threads.isEmpty, "<p>No threads here yet. Start the first one.</p>")
        <ul class="thread-list">

        """)
        for thread in threads { html(thread.html) }
        html("</ul>\n")
        html(pagination.html)
    }
}
