/// `/admin/schools`: every member school, and the form that adds one.
public struct AdminSchoolsPage: PageView {
    public struct Row: Sendable {
        public var id: Int
        public var name: String
        public var slug: String
        public var memberCount: Int

        public init(id: Int, name: String, slug: String, memberCount: Int) {
            self.id = id
            self.name = name
            self.slug = slug
            self.memberCount = memberCount
        }
    }

    public var title: String { "Schools" }
    public var schools: [Row]
    public var form: SchoolForm

    public init(schools: [Row], form: SchoolForm) {
        self.schools = schools
        self.form = form
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        \(AdminNav.html)<h1>Schools</h1>
        <div class="table-scroll">
        <table class="admin-table">
          <thead><tr><th scope="col">School</th><th scope="col">Slug</th><th scope="col">Members</th><th scope="col">Actions</th></tr></thead>
          <tbody>

        """)
        for school in schools {
            html("  <tr><td><a href=\"\(SiteURL.school(.value(school.slug)))\">\(school.name)</a></td><td>\(school.slug)</td><td>\(school.memberCount)</td><td><a href=\"\(SiteURL.adminSchool(.value(school.id)))\">Edit</a></td></tr>\n")
        }
        if schools.isEmpty { html("  <tr><td colspan=\"4\">No schools yet.</td></tr>\n") }
        html("""
          </tbody>
        </table>
        </div>
        <h2>\(form.heading)</h2>
        \(form.html(csrf: viewer.csrfField))
        """)
    }
}
