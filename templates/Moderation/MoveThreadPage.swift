/// `/mod/threads/{id}/move`: choosing the category a thread moves to.
public struct MoveThreadPage: PageView {
    public var title: String { "Move thread" }
    public var threadID: Int
    public var threadSlug: String
    public var threadTitle: String
    public var categories: [SelectOption]
    public var error: String?

    public init(threadID: Int, threadSlug: String, threadTitle: String, categories: [SelectOption], error: String?) {
        self.threadID = threadID
        self.threadSlug = threadSlug
        self.threadTitle = threadTitle
        self.categories = categories
        self.error = error
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        <nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="\(SiteURL.home)">Home</a> › <a href="\(SiteURL.threadPage(threadID, slug: threadSlug))">\(threadTitle)</a></nav>
        <h1>Move “\(threadTitle)”</h1>
        <form method="post" action="\(SiteURL.threadAction(.value(threadID), .move))" class="stacked-form">
          \(viewer.csrfField)
          <label for="category">Category</label>
          \(FormParts.error("category", error))
          <select id="category" name="category"\(FormParts.invalid("category", error))>
            \(SelectOption.html(categories))
          </select>
          <label for="reason">Reason (optional, for the log)</label>
          <input id="reason" name="reason" type="text" maxlength="500">
          <button type="submit">Move thread</button>
        </form>

        """)
    }
}
