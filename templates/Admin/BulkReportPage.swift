/// What a CSV upload did, line by line: invited, skipped or refused, and why.
public struct BulkReportPage: PageView {
    public struct Line: Sendable {
        public var line: Int
        public var email: String
        public var outcome: String
        public var reason: String

        public init(line: Int, email: String, outcome: String, reason: String) {
            self.line = line
            self.email = email
            self.outcome = outcome
            self.reason = reason
        }
    }

    public var title: String { "Bulk invitation report" }
    public var lines: [Line]

    public init(lines: [Line]) {
        self.lines = lines
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        let count = { (outcome: String) in lines.count { $0.outcome == outcome } }
        html("""
        \(AdminNav.html)<h1>Bulk invitation report</h1>
        <p role="status">\(count("invited")) invited, \(count("skipped")) skipped, \(count("refused")) refused.</p>
        <div class="table-scroll">
        <table class="admin-table">
          <thead><tr><th scope="col">Line</th><th scope="col">Email</th><th scope="col">Result</th><th scope="col">Reason</th></tr></thead>
          <tbody>

        """)
        for line in lines {
            html("  <tr class=\"bulk-\(line.outcome)\"><td>\(line.line)</td><td>\(line.email)</td><td>\(line.outcome)</td><td>\(line.reason)</td></tr>\n")
        }
        html("""
          </tbody>
        </table>
        </div>
        <p><a href="\(SiteURL.adminInvitations)">Back to invitations</a></p>

        """)
    }
}
