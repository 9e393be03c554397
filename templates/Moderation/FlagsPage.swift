import Foundation
import Markdown

/// `/mod/flags`: posts with open flags, oldest first, each with its reports and the
/// dismiss/hide form.
public struct FlagsPage: PageView {
    public struct FlaggedPost: Sendable {
        public struct Report: Sendable {
            public var flagger: String
            public var reason: String
            public var flaggedAt: Date

            public init(flagger: String, reason: String, flaggedAt: Date) {
                self.flagger = flagger
                self.reason = reason
                self.flaggedAt = flaggedAt
            }
        }

        /// The oldest open flag's id: resolving goes through it.
        public var flagID: Int
        public var postID: Int
        public var postLink: String
        public var threadTitle: String
        public var author: String
        public var body: SanitizedHTML
        public var hidden: Bool
        public var deleted: Bool
        public var reports: [Report]

        public init(flagID: Int, postID: Int, postLink: String, threadTitle: String, author: String, body: SanitizedHTML,
                    hidden: Bool, deleted: Bool, reports: [Report]) {
            self.flagID = flagID
            self.postID = postID
            self.postLink = postLink
            self.threadTitle = threadTitle
            self.author = author
            self.body = body
            self.hidden = hidden
            self.deleted = deleted
            self.reports = reports
        }
    }

    /// A private conversation a participant flagged: its text as it was then, as plain text.
    public struct FlaggedConversation: Sendable {
        public var flagID: Int
        public var conversationID: Int
        public var subject: String
        public var snapshot: String
        public var reports: [FlaggedPost.Report]

        public init(flagID: Int, conversationID: Int, subject: String, snapshot: String, reports: [FlaggedPost.Report]) {
            self.flagID = flagID
            self.conversationID = conversationID
            self.subject = subject
            self.snapshot = snapshot
            self.reports = reports
        }
    }

    public var title: String { "Flags" }
    public var posts: [FlaggedPost]
    public var conversations: [FlaggedConversation]
    public var error: String?

    public init(posts: [FlaggedPost], conversations: [FlaggedConversation] = [], error: String?) {
        self.posts = posts
        self.conversations = conversations
        self.error = error
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        <h1>Flags</h1>
        \(if: error != nil, "<p class=\"alert\" role=\"alert\">\(error)</p>")
        \(if: posts.isEmpty && conversations.isEmpty, "<p>No open flags. Nothing to review.</p>")

        """)
        for post in posts {
            let anchor: HTML = "flagged-\(post.postID)"
            let reports = HTML.join(post.reports.map {
                "<li><strong>@\($0.flagger)</strong> \(time: $0.flaggedAt): \($0.reason)</li>"
            })
            html("""
            <section class="flagged" id="\(anchor)" aria-labelledby="\(anchor)-heading">
              <h2 id="\(anchor)-heading"><a href="\(post.postLink)">Post by @\(post.author) in “\(post.threadTitle)”</a> <span class="muted">\(Format.count(post.reports.count, "flag"))</span></h2>
              \(if: post.hidden, "<p class=\"mod-note\">Already hidden.</p>")\(if: post.deleted, "<p class=\"mod-note\">Deleted by its author.</p>")
              <blockquote class="flagged-post"><div class="post-body">\(post.body)</div></blockquote>
              <ul class="flag-reports">
                \(reports)
              </ul>
              <form method="post" action="\(SiteURL.resolveFlag(.value(post.flagID)))" class="inline-form">
                \(viewer.csrfField)
                <label for="\(anchor)-reason">Reason (optional)</label>
                <input id="\(anchor)-reason" name="reason" type="text" maxlength="500">
                <button type="submit" name="action" value="dismiss" class="secondary">Dismiss flags</button>
                <button type="submit" name="action" value="hide">Hide post</button>
              </form>
            </section>

            """)
        }
        for conversation in conversations {
            let anchor: HTML = "flagged-conversation-\(conversation.conversationID)"
            let reports = HTML.join(conversation.reports.map {
                "<li><strong>@\($0.flagger)</strong> \(time: $0.flaggedAt): \($0.reason)</li>"
            })
            html("""
            <section class="flagged" id="\(anchor)" aria-labelledby="\(anchor)-heading">
              <h2 id="\(anchor)-heading">Private conversation “\(conversation.subject)” <span class="muted">\(Format.count(conversation.reports.count, "flag"))</span></h2>
              <p class="mod-note">The text as it was when flagged. Moderators cannot open the conversation itself.</p>
              <blockquote class="flagged-post flagged-conversation"><pre class="conversation-snapshot">\(conversation.snapshot)</pre></blockquote>
              <ul class="flag-reports">
                \(reports)
              </ul>
              <form method="post" action="\(SiteURL.resolveFlag(.value(conversation.flagID)))" class="inline-form">
                \(viewer.csrfField)
                <label for="\(anchor)-reason">Note (optional)</label>
                <input id="\(anchor)-reason" name="reason" type="text" maxlength="500">
                <button type="submit" name="action" value="dismiss" class="secondary">Mark reviewed</button>
              </form>
            </section>

            """)
        }
    }
}
