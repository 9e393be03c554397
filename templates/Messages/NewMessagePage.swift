import Markdown

/// `/messages/new`: starting a conversation with 1 to 20 members.
public struct NewMessagePage: PageView {
    public var title: String { "New message" }
    public var to = ""
    public var subject = ""
    public var body = ""
    public var errors: [String] = []
    public var toError: String?
    public var subjectError: String?
    public var bodyError: String?
    public var filesError: String?

    public init(to: String = "") {
        self.to = to
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        <nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="\(SiteURL.messages)">Messages</a></nav>
        <h1>New message</h1>
        \(FormParts.alerts(errors))<form method="post" action="\(SiteURL.newMessage)" class="stacked-form" id="new-message-form" enctype="multipart/form-data">
          \(viewer.csrfField)
          <label for="to">To (usernames, separated by commas or spaces; up to 20)</label>
          \(FormParts.error("to", toError))
          <input id="to" name="to" type="text" maxlength="2000" required autocomplete="off" value="\(to)"\(FormParts.invalid("to", toError))>
          <label for="subject">Subject</label>
          \(FormParts.error("subject", subjectError))
          <input id="subject" name="subject" type="text" maxlength="200" required value="\(subject)"\(FormParts.invalid("subject", subjectError))>
          <label for="body">Message (Markdown)</label>
          \(FormParts.error("body", bodyError))
          <textarea id="body" name="body" rows="12" required\(FormParts.invalid("body", bodyError))>\(body)</textarea>
          \(AttachmentParts.input(filesError))          <div class="form-buttons">
            <button type="submit">Send</button>
          </div>
        </form>

        """)
    }
}
