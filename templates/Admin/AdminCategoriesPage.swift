/// `/admin/categories`: every category in its order, and the form that adds one.
public struct AdminCategoriesPage: PageView {
    public struct Row: Sendable {
        public var id: Int
        public var name: String
        public var slug: String
        public var position: Int
        public var visibility: String

        public init(id: Int, name: String, slug: String, position: Int, visibility: String) {
            self.id = id
            self.name = name
            self.slug = slug
            self.position = position
            self.visibility = visibility
        }
    }

    public var title: String { "Categories" }
    public var categories: [Row]
    public var form: CategoryForm

    public init(categories: [Row], form: CategoryForm) {
        self.categories = categories
        self.form = form
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        \(AdminNav.html)<h1>Categories</h1>
        <div class="table-scroll">
        <table class="admin-table">
          <thead><tr><th scope="col">Position</th><th scope="col">Category</th><th scope="col">Slug</th><th scope="col">Visible to</th><th scope="col">Actions</th></tr></thead>
          <tbody>

        """)
        for category in categories {
            html("  <tr><td>\(category.position)</td><td><a href=\"\(SiteURL.category(.value(category.slug)))\">\(category.name)</a></td><td>\(category.slug)</td><td>\(category.visibility)</td><td><a href=\"\(SiteURL.adminCategory(.value(category.id)))\">Edit</a></td></tr>\n")
        }
        if categories.isEmpty { html("  <tr><td colspan=\"5\">No categories yet.</td></tr>\n") }
        html("""
          </tbody>
        </table>
        </div>
        <h2>\(form.heading)</h2>
        \(form.html(csrf: viewer.csrfField))
        """)
    }
}
