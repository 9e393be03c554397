/// `/admin/journey`: the journey's design elements with their stages, and the form that adds
/// one or (with `?element=id`) edits one.
public struct AdminJourneyPage: PageView {
    public struct Row: Sendable {
        public var id: Int
        public var name: String
        public var slug: String
        public var position: Int
        /// Each stage's name and how many schools stand on it.
        public var stages: [(name: String, schools: Int)]

        public init(id: Int, name: String, slug: String, position: Int, stages: [(name: String, schools: Int)]) {
            self.id = id
            self.name = name
            self.slug = slug
            self.position = position
            self.stages = stages
        }
    }

    public var title: String { "Journey" }
    public var elements: [Row]
    public var form: JourneyElementForm

    public init(elements: [Row], form: JourneyElementForm) {
        self.elements = elements
        self.form = form
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        \(AdminNav.html)<h1>Journey elements and stages</h1>
        <div class="table-scroll">
        <table class="admin-table">
          <thead><tr><th scope="col">Position</th><th scope="col">Element</th><th scope="col">Slug</th><th scope="col">Stages (schools on each)</th><th scope="col">Actions</th></tr></thead>
          <tbody>

        """)
        for element in elements {
            let stages = HTML.join(element.stages.map { "<li>\($0.name) (\($0.schools))</li>" })
            html("  <tr><td>\(element.position)</td><td>\(element.name)</td><td>\(element.slug)</td><td><ol>\(stages)</ol></td><td><a href=\"\(SiteURL.adminJourney.path(query: ["element": String(element.id)]))\">Edit</a></td></tr>\n")
        }
        if elements.isEmpty { html("  <tr><td colspan=\"5\">No elements yet.</td></tr>\n") }
        html("""
          </tbody>
        </table>
        </div>
        <h2>\(form.heading)</h2>
        \(form.html(csrf: viewer.csrfField))
        """)
    }
}
