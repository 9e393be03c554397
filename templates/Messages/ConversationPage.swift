import Foundation
import Markdown

/// `/messages/{id}`: a private conversation, its messages (`<article id="m{id}">`), the
/// reply form, and the leave and flag forms.
public struct ConversationPage: PageView {
    public struct Message: Sendable {
        public var id: Int
        public var author: String
        public var authorName: String
        public var postedAt: Date
        public var body: SanitizedHTML
        public var isNew: Bool
        public var attachments: [AttachmentLink]

        public init(id: Int, author: String, authorName: String, postedAt: Date, body: SanitizedHTML, isNew: Bool,
                    attachments: [AttachmentLink] = []) {
            self.id = id
            self.author = author
            self.authorName = authorName
            self.postedAt = postedAt
            self.body = body
            self.isNew = isNew
            self.attachments = attachments
        }
    }

    public struct Participant: Sendable {
        public var username: String
        public var hasLeft: Bool

        public init(username: String, hasLeft: Bool) {
            self.username = username
            self.hasLeft = hasLeft
        }
    }

    public var title: String { subject }
    public var id: Int
    public var subject: String
    public var participants: [Participant]
    public var messages: [Message]
    public var pagination: Pagination
    public var replyBody = ""
    public var replyError: String?
    public var replyFilesError: String?
    public var flagError: String?
    /// The viewer's flag waiting for a moderator.
    public var openFlagReason: String?

    public init(id: Int, subject: String, participants: [Participant], messages: [Message], pagination: Pagination) {
        self.id = id
        self.subject = subject
        self.participants = participants
        self.messages = messages
        self.pagination = pagination
    }

    public var sizeHint: Int { 8 * 1024 + messages.count * 2 * 1024 }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        let people = HTML.join(participants.map { person in
            "<li><a href=\"\(SiteURL.profile(.value(person.username)))\">@\(person.username)</a>\(if: person.hasLeft, " <span class=\"muted\">(left)</span>")</li>"
        })
        html("""
        <nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="\(SiteURL.messages)">Messages</a></nav>
        <h1>\(subject)</h1>
        <p class="muted">Private conversation. Only its participants can read it.</p>
        <ul class="participants" aria-label="Participants">\(people)</ul>

        """)
        html(pagination.html)
        html("<div class=\"posts\">\n")
        for message in messages {
            html("""
            <article id="m\(message.id)" class="post\(if: message.isNew, " post-new")" aria-labelledby="m\(message.id)-author">
              <header class="post-header">
                <a id="m\(message.id)-author" class="post-author" href="\(SiteURL.profile(.value(message.author)))">\(message.authorName)</a>
                <span class="muted">@\(message.author)</span>
                <a class="post-time" href="#m\(message.id)">\(time: message.postedAt)</a>
                \(if: message.isNew, "<span class=\"badge badge-unread\">New</span>")
              </header>
              <div class="post-body">\(message.body)</div>
            \(AttachmentParts.list(message.attachments))
              <footer class="post-footer"><div class="post-actions">
                <a href="\(SiteURL.message(.value(id)))?quote=\(message.id)#reply">Quote</a>
              </div></footer>
            </article>

            """)
        }
        html("</div>\n")
        html(pagination.html)
        html("""
        <section class="reply" id="reply" aria-labelledby="reply-heading">
          <h2 id="reply-heading">Reply</h2>
          <form method="post" action="\(SiteURL.messageAction(.value(id), .reply))" class="stacked-form" id="reply-form" enctype="multipart/form-data">
            \(viewer.csrfField)
            <label for="body">Your reply (Markdown)</label>
            \(FormParts.error("body", replyError))
            <textarea id="body" name="body" rows="8" required\(FormParts.invalid("body", replyError))>\(replyBody)</textarea>
            \(AttachmentParts.input(replyFilesError))            <div class="form-buttons">
              <button type="submit">Send reply</button>
            </div>
          </form>
        </section>
        <section class="conversation-tools" aria-labelledby="tools-heading">
          <h2 id="tools-heading" class="visually-hidden">Conversation</h2>
          <form method="post" action="\(SiteURL.messageAction(.value(id), .leave))" class="inline-form">
            \(viewer.csrfField)
            <button type="submit" class="secondary">Leave this conversation</button>
          </form>

        """)
        if let reason = openFlagReason {
            html("  <p class=\"flag-note\">You flagged this conversation (“\(reason)”). A moderator will look at it.</p>\n")
        }
        html("""
          <details class="post-action"\(if: flagError != nil, " open")>
            <summary>Flag to moderators</summary>
            <form method="post" action="\(SiteURL.messageAction(.value(id), .flag))" class="stacked-form">
              \(viewer.csrfField)
              <p class="muted">Moderators will see this conversation's text as it is now.</p>
              <label for="flag-reason">What is wrong with this conversation?</label>
              \(FormParts.error("reason", flagError))
              <textarea id="flag-reason" name="reason" rows="2" maxlength="1000" required\(FormParts.invalid("reason", flagError))></textarea>
              <button type="submit" class="secondary">Flag for moderators</button>
            </form>
          </details>
        </section>

        """)
    }
}
