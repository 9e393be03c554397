import Markdown

/// `/p/{id}/flag`: telling the moderators what is wrong with a post (the form without
/// JavaScript's `<details>`).
public struct FlagPostPage: PageView {
    public var title: String { "Flag a post" }
    public var postID: Int
    public var threadTitle: String
    public var postLink: String
    public var author: String
    public var body: SanitizedHTML
    public var reason = ""
    public var error: String?

    public init(postID: Int, threadTitle: String, postLink: String, author: String, body: SanitizedHTML) {
        self.postID = postID
        self.threadTitle = threadTitle
        self.postLink = postLink
        self.author = author
        self.body = body
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        <nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="\(SiteURL.home)">Home</a> › <a href="\(postLink)">\(threadTitle)</a></nav>
        <h1>Flag a post by @\(author)</h1>
        <blockquote class="flagged-post"><div class="post-body">\(body)</div></blockquote>
        <form method="post" action="\(SiteURL.post(.value(postID), .flag))" class="stacked-form">
          \(viewer.csrfField)
          <label for="reason">What is wrong with this post?</label>
          \(FormParts.error("reason", error))
          <textarea id="reason" name="reason" rows="4" maxlength="1000" required\(FormParts.invalid("reason", error))>\(reason)</textarea>
          <button type="submit">Flag for moderators</button>
        </form>

        """)
    }
}
