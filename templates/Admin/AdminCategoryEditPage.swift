/// `/admin/categories/{id}`: one category's name, slug, description, position and visibility.
public struct AdminCategoryEditPage: PageView {
    public var form: CategoryForm
    public var title: String { form.heading }

    public init(form: CategoryForm) {
        self.form = form
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        \(AdminNav.html)<h1>\(form.heading)</h1>
        \(form.html(csrf: viewer.csrfField))<p><a href="\(SiteURL.adminCategories)">Back to categories</a></p>

        """)
    }
}
