/// `/p/{id}/history`: a post's versions, the current one first, each with who wrote it and when.
public struct PostHistoryPage: PageView {
    public struct Version: Sendable {
        public var label: String
        public var source: String

        public init(label: String, source: String) {
            self.label = label
            self.source = source
        }
    }

    public var title: String { "Post history" }
    public var threadTitle: String
    public var postLink: String
    public var versions: [Version]
    public var neverEdited: Bool

    public init(threadTitle: String, postLink: String, versions: [Version], neverEdited: Bool) {
        self.threadTitle = threadTitle
        self.postLink = postLink
        self.versions = versions
        self.neverEdited = neverEdited
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        <nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="\(SiteURL.home)">Home</a> › <a href="\(postLink)">\(threadTitle)</a></nav>
        <h1>Post history</h1>
        \(if: neverEdited, "<p class=\"muted\">This post has never been edited.</p>")
        <ol class="revisions">

        """)
        for version in versions {
            html("""
              <li class="revision">
                <p class="revision-meta">\(version.label)</p>
                <pre class="revision-source">\(version.source)</pre>
              </li>

            """)
        }
        html("</ol>\n")
    }
}
