import Markdown

/// `/c/{slug}/new`: starting a discussion or a feedback request.
public struct NewThreadPage: PageView {
    public var title = "New thread"
    public var categorySlug: String
    public var categoryName: String
    public var threadTitle = ""
    public var body = ""
    public var isFeedback = false
    public var errors: [String] = []
    public var titleError: String?
    public var bodyError: String?
    public var filesError: String?
    public var preview: SanitizedHTML?
    /// The journey elements a thread can be tagged with, the chosen one selected.
    public var elements: [SelectOption] = []
    public var elementError: String?

    public init(categorySlug: String, categoryName: String) {
        self.categorySlug = categorySlug
        self.categoryName = categoryName
    }

    private var elementSelect: HTML {
        guard !elements.isEmpty else { return .empty }
        return """
        <label for="element">Journey element (optional): what part of the move to mastery learning it is about</label>
          \(FormParts.error("element", elementError))
          <select id="element" name="element"\(FormParts.invalid("element", elementError))>\(SelectOption.html(elements))</select>
          
        """
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        <nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="\(SiteURL.home)">Home</a> › <a href="\(SiteURL.category(.value(categorySlug)))">\(categoryName)</a></nav>
        <h1>New thread in \(categoryName)</h1>
        \(FormParts.alerts(errors))\(FormParts.preview(preview))<form method="post" action="\(SiteURL.newThread(category: .value(categorySlug)))" class="stacked-form" enctype="multipart/form-data">
          \(viewer.csrfField)
          <fieldset>
            <legend>Kind of thread</legend>
            <label class="choice"><input type="radio" name="kind" value="discussion"\(if: !isFeedback, " checked")> Discussion</label>
            <label class="choice"><input type="radio" name="kind" value="feedback"\(if: isFeedback, " checked")> Feedback request: share your work and ask for feedback</label>
          </fieldset>
          <label for="title">Title</label>
          \(FormParts.error("title", titleError))
          <input id="title" name="title" type="text" maxlength="200" required value="\(threadTitle)"\(FormParts.invalid("title", titleError))>
          \(elementSelect)<label for="body">Post (Markdown)</label>
          \(FormParts.error("body", bodyError))
          <textarea id="body" name="body" rows="12" required\(FormParts.invalid("body", bodyError))>\(body)</textarea>
          \(AttachmentParts.input(filesError))          <div class="form-buttons">
            <button type="submit">Start thread</button>
            <button type="submit" name="preview" value="1" class="secondary" formnovalidate>Preview</button>
          </div>
        </form>

        """)
    }
}
