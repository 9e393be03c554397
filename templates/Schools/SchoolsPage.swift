/// `/schools`: the member schools of the network.
public struct SchoolsPage: PageView {
    public struct School: Sendable {
        public var slug: String
        public var name: String
        public var memberCount: Int
        public var description: String

        public init(slug: String, name: String, memberCount: Int, description: String) {
            self.slug = slug
            self.name = name
            self.memberCount = memberCount
            self.description = description
        }
    }

    public var title: String { "Member schools" }
    public var schools: [School]

    public init(schools: [School]) {
        self.schools = schools
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("<h1>Member schools</h1>\n\(if: schools.isEmpty, "<p>No schools yet.</p>")\n<ul class=\"school-list\">\n")
        for school in schools {
            html("  <li><a href=\"\(SiteURL.school(.value(school.slug)))\">\(school.name)</a> · \(Format.count(school.memberCount, "member"))\(if: !school.description.isEmpty, "<p class=\"muted\">\(school.description)</p>")</li>\n")
        }
        html("</ul>\n")
    }
}
