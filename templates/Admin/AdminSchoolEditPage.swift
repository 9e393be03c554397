/// `/admin/schools/{id}`: one school's name, slug, website and description.
public struct AdminSchoolEditPage: PageView {
    public var form: SchoolForm
    public var title: String { form.heading }

    public init(form: SchoolForm) {
        self.form = form
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        \(AdminNav.html)<h1>\(form.heading)</h1>
        \(form.html(csrf: viewer.csrfField))<p><a href="\(SiteURL.adminSchools)">Back to schools</a></p>

        """)
    }
}
