/// A mailed link (invitation, password reset) that can't be used, and why.
public struct UnusableLinkPage: PageView {
    public var title: String
    public var reason: String

    public init(title: String, reason: String) {
        self.title = title
        self.reason = reason
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        <section class="error-page">
          <h1>\(title)</h1>
          <p role="alert">\(reason)</p>
          <p><a href="\(SiteURL.login)">Sign in</a></p>
        </section>

        """)
    }
}
