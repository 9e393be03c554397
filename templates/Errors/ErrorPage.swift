/// Every error the forum answers with a page: what happened, in words, and the way back.
public struct ErrorPage: PageView {
    public var title: String
    public var code: Int
    public var explanation: String

    public init(title: String, code: Int, explanation: String) {
        self.title = title
        self.code = code
        self.explanation = explanation
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        <section class="error-page">
          <h1>\(title)</h1>
          <p role="alert">\(explanation)</p>
          <p class="muted">Error \(code)</p>
          <p><a href="\(SiteURL.home)">Back to the forum</a></p>
        </section>

        """)
    }
}
