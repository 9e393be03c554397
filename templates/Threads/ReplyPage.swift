import Markdown

/// `/t/{id}/reply`: the reply form on a page of its own, the target of Quote links and Preview.
public struct ReplyPage: PageView {
    public var title: String
    public var threadID: Int
    public var threadSlug: String
    public var body: String
    public var preview: SanitizedHTML?
    public var error: String?
    public var filesError: String?

    public init(threadTitle: String, threadID: Int, threadSlug: String, body: String,
                preview: SanitizedHTML? = nil, error: String? = nil) {
        title = "Reply to \(threadTitle)"
        self.threadID = threadID
        self.threadSlug = threadSlug
        self.body = body
        self.preview = preview
        self.error = error
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        <nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="\(SiteURL.home)">Home</a> › <a href="\(SiteURL.threadPage(threadID, slug: threadSlug))">Back to the thread</a></nav>
        <h1>\(title)</h1>
        \(FormParts.preview(preview))<form method="post" action="\(SiteURL.threadAction(.value(threadID), .reply))" class="stacked-form" enctype="multipart/form-data">
          \(viewer.csrfField)
          <label for="body">Your reply (Markdown)</label>
          \(FormParts.error("body", error))
          <textarea id="body" name="body" rows="12" required\(FormParts.invalid("body", error))>\(body)</textarea>
          \(AttachmentParts.input(filesError))          <div class="form-buttons">
            <button type="submit">Post reply</button>
            <button type="submit" name="preview" value="1" class="secondary" formnovalidate>Preview</button>
          </div>
        </form>

        """)
    }
}
