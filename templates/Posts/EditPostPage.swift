import Markdown

/// `/p/{id}/edit`: changing a post; the earlier version stays in its history.
public struct EditPostPage: PageView {
    public var title: String { "Edit post" }
    public var postID: Int
    public var threadTitle: String
    public var postLink: String
    public var body: String
    public var preview: SanitizedHTML?
    public var error: String?
    public var filesError: String?
    public var attachments: [AttachmentLink] = []

    public init(postID: Int, threadTitle: String, postLink: String, body: String) {
        self.postID = postID
        self.threadTitle = threadTitle
        self.postLink = postLink
        self.body = body
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        <nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="\(SiteURL.home)">Home</a> › <a href="\(postLink)">\(threadTitle)</a></nav>
        <h1>Edit post</h1>
        \(FormParts.preview(preview))<form method="post" action="\(SiteURL.post(.value(postID), .edit))" class="stacked-form" enctype="multipart/form-data">
          \(viewer.csrfField)
          <label for="body">Post (Markdown)</label>
          \(FormParts.error("body", error))
          <textarea id="body" name="body" rows="14" required\(FormParts.invalid("body", error))>\(body)</textarea>
          \(AttachmentParts.removeChoices(attachments))\(AttachmentParts.input(filesError))          <p class="muted">The earlier version stays in the post's history.</p>
          <div class="form-buttons">
            <button type="submit">Save changes</button>
            <button type="submit" name="preview" value="1" class="secondary" formnovalidate>Preview</button>
          </div>
        </form>

        """)
    }
}
