import Foundation

/// `/`: the categories with their counts and latest activity, open feedback requests and the
/// recently active threads.
public struct HomePage: PageView {
    public struct Category: Sendable {
        public var slug: String
        public var name: String
        public var description: String
        public var threadCount: Int
        public var lastActivity: Date?
        public var isPrivate: Bool

        public init(slug: String, name: String, description: String, threadCount: Int, lastActivity: Date?, isPrivate: Bool) {
            self.slug = slug
            self.name = name
            self.description = description
            self.threadCount = threadCount
            self.lastActivity = lastActivity
            self.isPrivate = isPrivate
        }
    }

    public var title: String { "Home" }
    public var categories: [Category]
    public var recentThreads: [ThreadRow]
    public var openFeedback: [ThreadRow]

    public init(categories: [Category], recentThreads: [ThreadRow], openFeedback: [ThreadRow]) {
        self.categories = categories
        self.recentThreads = recentThreads
        self.openFeedback = openFeedback
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        <h1>Roundtable</h1>
        <section aria-labelledby="categories-heading">
          <h2 id="categories-heading">Categories</h2>
          <ul class="category-list">

        """)
        for category in categories {
            html("""
                <li class="category-row">
                  <div>
                    <a class="category-name" href="\(SiteURL.category(.value(category.slug)))">\(category.name)</a>\(if: category.isPrivate, " <span class=\"badge\">Moderators only</span>")
                    <p class="muted">\(category.description)</p>
                  </div>
                  <div class="thread-stats">
                    <span>\(Format.count(category.threadCount, "thread"))</span>
                    \(if: category.lastActivity != nil, "<span>latest \(category.lastActivity.map(HTML.time) ?? .empty)</span>")
                  </div>
                </li>

            """)
        }
        html("  </ul>\n</section>\n")
        if !openFeedback.isEmpty {
            html("""
            <section aria-labelledby="feedback-heading">
              <h2 id="feedback-heading">Open feedback requests</h2>
              <p class="muted">Colleagues are waiting for your feedback, the least answered first.</p>
              <ul class="thread-list">

            """)
            for thread in openFeedback { html(thread.html) }
            html("  </ul>\n</section>\n")
        }
        html("""
        <section aria-labelledby="recent-heading">
          <h2 id="recent-heading">Recent threads</h2>
          \(if: recentThreads.isEmpty, "<p>No threads yet.</p>")
          <ul class="thread-list">

        """)
        for thread in recentThreads { html(thread.html) }
        html("  </ul>\n</section>\n")
    }
}
