import Foundation
import Markdown

/// `/t/{id}`: a thread with one page of its posts, the moderator's tools and the reply form.
public struct ThreadPage: PageView {
    public struct Post: Sendable {
        public var id: Int
        public var author: String
        public var authorName: String
        public var role: String
        public var isStaff: Bool
        public var school: String?
        public var postedAt: Date
        public var edited: Bool
        /// Hidden or deleted, and the viewer is no moderator: only `removedNote` is shown.
        public var removed: Bool
        public var removedNote: String
        /// Hidden or deleted, shown to a moderator with a badge.
        public var deletedButShown: Bool
        public var body: SanitizedHTML
        public var accepted: Bool
        public var helpfulCount: Int
        public var helpfulBy: [String]
        public var helpfulByMe: Bool
        public var canReact: Bool
        public var canEdit: Bool
        public var canDelete: Bool
        public var canRestore: Bool
        public var canAccept: Bool
        public var canQuote: Bool
        public var flag: FlagControls?
        public var moderation: ModerationControls?
        /// Empty for whoever may not read the post.
        public var attachments: [AttachmentLink]

        public init(id: Int, author: String, authorName: String, role: String, isStaff: Bool, school: String?,
                    postedAt: Date, edited: Bool, removed: Bool, removedNote: String, deletedButShown: Bool,
                    body: SanitizedHTML, accepted: Bool, helpfulCount: Int, helpfulBy: [String], helpfulByMe: Bool,
                    canReact: Bool, canEdit: Bool, canDelete: Bool, canRestore: Bool, canAccept: Bool, canQuote: Bool,
                    flag: FlagControls?, moderation: ModerationControls?, attachments: [AttachmentLink] = []) {
            self.id = id
            self.author = author
            self.authorName = authorName
            self.role = role
            self.isStaff = isStaff
            self.school = school
            self.postedAt = postedAt
            self.edited = edited
            self.removed = removed
            self.removedNote = removedNote
            self.deletedButShown = deletedButShown
            self.body = body
            self.accepted = accepted
            self.helpfulCount = helpfulCount
            self.helpfulBy = helpfulBy
            self.helpfulByMe = helpfulByMe
            self.canReact = canReact
            self.canEdit = canEdit
            self.canDelete = canDelete
            self.canRestore = canRestore
            self.canAccept = canAccept
            self.canQuote = canQuote
            self.flag = flag
            self.moderation = moderation
            self.attachments = attachments
        }
    }

    /// A member's flag form under a post, or what became of their flag.
    public struct FlagControls: Sendable {
        public var canFlag: Bool
        public var note: String?
        public init(canFlag: Bool, note: String?) {
            self.canFlag = canFlag
            self.note = note
        }
    }

    /// A moderator's view of one post: whether it is hidden and why, and the hide/show form.
    public struct ModerationControls: Sendable {
        public var hidden: Bool
        public var note: String?
        public init(hidden: Bool, note: String?) {
            self.hidden = hidden
            self.note = note
        }
    }

    public var title: String
    public var id: Int
    public var slug: String
    public var categorySlug: String
    public var categoryName: String
    public var isFeedback: Bool
    public var feedbackOpen: Bool
    public var replyCount: Int
    public var acceptedCount: Int
    public var canSetFeedbackStatus: Bool
    public var pinned: Bool
    public var locked: Bool
    public var lockReason: String?
    public var deleted: Bool
    public var watching: Bool
    /// Moderators see the lock, pin, delete and move tools.
    public var canModerate: Bool
    public var posts: [Post]
    public var pagination: Pagination
    /// Why the viewer can't reply, or nil when the form is shown.
    public var replyRefusal: String?
    public var replyBody: String = ""
    public var replyError: String?
    public var replyFilesError: String?

    public init(title: String, id: Int, slug: String, categorySlug: String, categoryName: String, isFeedback: Bool,
                feedbackOpen: Bool, replyCount: Int, acceptedCount: Int, canSetFeedbackStatus: Bool, pinned: Bool,
                locked: Bool, lockReason: String?, deleted: Bool, watching: Bool, canModerate: Bool, posts: [Post],
                pagination: Pagination, replyRefusal: String?) {
        self.title = title
        self.id = id
        self.slug = slug
        self.categorySlug = categorySlug
        self.categoryName = categoryName
        self.isFeedback = isFeedback
        self.feedbackOpen = feedbackOpen
        self.replyCount = replyCount
        self.acceptedCount = acceptedCount
        self.canSetFeedbackStatus = canSetFeedbackStatus
        self.pinned = pinned
        self.locked = locked
        self.lockReason = lockReason
        self.deleted = deleted
        self.watching = watching
        self.canModerate = canModerate
        self.posts = posts
        self.pagination = pagination
        self.replyRefusal = replyRefusal
    }

    public var sizeHint: Int {
        8 * 1024 + posts.reduce(0) { $0 &+ 2 * 1024 &+ $1.body.html.utf8.count }
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        let csrf = viewer.csrfField
        let state: HTML = feedbackOpen ? "open" : "closed"
        html("""
        <nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="\(SiteURL.home)">Home</a> › <a href="\(SiteURL.category(.value(categorySlug)))">\(categoryName)</a></nav>
        <h1>\(title)</h1>
        <p class="thread-badges">
          \(if: isFeedback, "<span class=\"badge badge-feedback\">Feedback request · \(state)</span>")\(if: pinned, "<span class=\"badge\">Pinned</span>")\(if: locked, "<span class=\"badge\">Locked</span>")\(if: deleted, "<span class=\"badge badge-warn\">Deleted</span>")
        </p>
        <div class="thread-tools">

        """)
        if watching {
            html("""
              <form method="post" action="\(SiteURL.threadAction(.value(id), .unwatch))" class="inline-form">
                \(csrf)
                <button type="submit" class="link-button">Stop watching</button>
              </form>
              <span class="muted">You get notified of replies.</span>

            """)
        } else {
            html("""
              <form method="post" action="\(SiteURL.threadAction(.value(id), .watch))" class="inline-form">
                \(csrf)
                <button type="submit" class="link-button">Watch this thread</button>
              </form>

            """)
        }
        html("""
          <form method="get" action="\(SiteURL.search)" class="inline-form thread-search" role="search">
            <input type="hidden" name="thread" value="\(id)">
            <label for="thread-search-q">Search in this thread</label>
            <input id="thread-search-q" name="q" type="search" maxlength="200">
            <button type="submit" class="secondary">Search</button>
          </form>
        </div>

        """)
        if isFeedback {
            html("""
            <section class="feedback-state" aria-label="Feedback request">
              <p>This feedback request is <strong>\(state)</strong>: \(Format.count(replyCount, "reply", "replies")), \(acceptedCount) taken up.</p>

            """)
            if canSetFeedbackStatus {
                html("""
                  <form method="post" action="\(SiteURL.threadAction(.value(id), .feedback))" class="inline-form">
                    \(csrf)
                    \(if: feedbackOpen, "<input type=\"hidden\" name=\"status\" value=\"closed\"><button type=\"submit\">Close request</button>",
                      else: "<input type=\"hidden\" name=\"status\" value=\"open\"><button type=\"submit\">Reopen request</button>")
                  </form>

                """)
            }
            html("</section>\n")
        }
        if locked {
            html("<p class=\"notice\">This thread is locked\(if: lockReason != nil, ": \(lockReason)").</p>\n")
        }
        if canModerate { moderationTools(&html, csrf: csrf) }
        html(pagination.html)
        html("<div class=\"posts\">\n")
        for post in posts { article(post, &html, csrf: csrf) }
        html("</div>\n")
        html(pagination.html)
        replyForm(&html, csrf: csrf)
    }

    private func moderationTools(_ html: inout HTMLWriter, csrf: HTML) {
        func button(_ action: SiteURL.ThreadAction, _ label: StaticString) -> HTML {
            "<form method=\"post\" action=\"\(SiteURL.threadAction(.value(id), action))\" class=\"inline-form\">\(csrf)<button type=\"submit\" class=\"secondary\">\(HTML(stringLiteral: label))</button></form>\n"
        }
        html("""
        <section class="mod-tools" aria-labelledby="mod-tools-heading">
          <h2 id="mod-tools-heading" class="visually-hidden">Moderation</h2>

        """)
        if locked {
            html(button(.unlock, "Unlock"))
        } else {
            html("""
              <form method="post" action="\(SiteURL.threadAction(.value(id), .lock))" class="inline-form">
                \(csrf)
                <label for="lock-reason">Reason (optional)</label>
                <input id="lock-reason" name="reason" type="text" maxlength="500">
                <button type="submit" class="secondary">Lock</button>
              </form>

            """)
        }
        html(pinned ? button(.unpin, "Unpin") : button(.pin, "Pin"))
        html(deleted ? button(.restore, "Restore thread") : button(.delete, "Delete thread"))
        html("""
          <a href="\(SiteURL.moveThreadForm(.value(id)))">Move to another category…</a>
        </section>

        """)
    }

    private func article(_ post: Post, _ html: inout HTMLWriter, csrf: HTML) {
        let postID = post.id
        func postURL(_ action: SiteURL.PostAction) -> SiteURL { .post(.value(postID), action) }
        html("""
        <article id="p\(post.id)" class="post\(if: post.accepted, " post-accepted")" aria-labelledby="p\(post.id)-author">
          <header class="post-header">
            <a id="p\(post.id)-author" class="post-author" href="\(SiteURL.profile(.value(post.author)))">\(post.authorName)</a>
            <span class="muted">@\(post.author)</span>
            \(if: post.school != nil, "<span class=\"school\">\(post.school)</span>")\(if: post.isStaff, "<span class=\"badge\">\(post.role)</span>")
            <a class="post-time" href="#p\(post.id)">\(time: post.postedAt)</a>
            \(if: post.edited, "<a class=\"muted post-edited\" href=\"\(postURL(.history))\">(edited)</a>")\(if: post.accepted, "<span class=\"badge badge-accepted\">Feedback taken up</span>")\(if: post.deletedButShown, "<span class=\"badge badge-warn\">\(post.removedNote)</span>")
          </header>

        """)
        if post.removed {
            html("  <p class=\"muted post-removed\">\(post.removedNote)</p>\n")
        } else {
            html("  <div class=\"post-body\">")
            html(post.body)
            html("</div>\n")
            html(AttachmentParts.list(post.attachments))
        }
        html("""
          <footer class="post-footer">
            \(if: post.helpfulCount > 0, "<p class=\"reactions muted\">\(Format.count(post.helpfulCount, "person", "people")) found this helpful: \(post.helpfulBy.joined(separator: ", "))</p>")
            <div class="post-actions">

        """)
        if post.canReact {
            html("""
                  <form method="post" action="\(postURL(.react))" class="inline-form">
                    \(csrf)
                    <input type="hidden" name="reaction" value="helpful">
                    <button type="submit" class="link-button" aria-pressed="\(if: post.helpfulByMe, "true", else: "false")">\(if: post.helpfulByMe, "Helpful ✓ (take back)", else: "Helpful")</button>
                  </form>

            """)
        }
        if post.canQuote {
            html("      <a href=\"\(SiteURL.threadAction(.value(id), .reply))?quote=\(post.id)\">Quote</a>\n")
        }
        if post.canEdit { html("      <a href=\"\(postURL(.edit))\">Edit</a>\n") }
        if post.canAccept {
            html("""
                  <form method="post" action="\(postURL(.accept))" class="inline-form">
                    \(csrf)
                    <button type="submit" class="link-button">\(if: post.accepted, "Unmark taken up", else: "Mark feedback as taken up")</button>
                  </form>

            """)
        }
        if post.canDelete {
            html("      <form method=\"post\" action=\"\(postURL(.delete))\" class=\"inline-form\">\(csrf)<button type=\"submit\" class=\"link-button\">Delete</button></form>\n")
        }
        if post.canRestore {
            html("      <form method=\"post\" action=\"\(postURL(.restore))\" class=\"inline-form\">\(csrf)<button type=\"submit\" class=\"link-button\">Restore</button></form>\n")
        }
        html("""
            </div>
          </footer>

        """)
        if let moderation = post.moderation {
            if let note = moderation.note { html("  <p class=\"mod-note\">\(note)</p>\n") }
            if moderation.hidden {
                html("  <form method=\"post\" action=\"\(postURL(.unhide))\" class=\"inline-form\">\(csrf)<button type=\"submit\" class=\"secondary\">Show again</button></form>\n")
            } else {
                html("""
                  <details class="post-action">
                    <summary>Hide</summary>
                    <form method="post" action="\(postURL(.hide))" class="stacked-form">
                      \(csrf)
                      <label for="hide-\(post.id)">Reason shown to members (optional)</label>
                      <input id="hide-\(post.id)" name="reason" type="text" maxlength="500">
                      <button type="submit" class="secondary">Hide post</button>
                    </form>
                  </details>

                """)
            }
        }
        if let flag = post.flag {
            if let note = flag.note { html("  <p class=\"flag-note\">\(note)</p>\n") }
            if flag.canFlag {
                html("""
                  <details class="post-action">
                    <summary>Flag</summary>
                    <form method="post" action="\(postURL(.flag))" class="stacked-form">
                      \(csrf)
                      <label for="flag-\(post.id)">What is wrong with this post?</label>
                      <textarea id="flag-\(post.id)" name="reason" rows="2" maxlength="1000" required></textarea>
                      <button type="submit" class="secondary">Flag for moderators</button>
                    </form>
                  </details>

                """)
            }
        }
        html("</article>\n")
    }

    private func replyForm(_ html: inout HTMLWriter, csrf: HTML) {
        html("""
        <section class="reply" id="reply" aria-labelledby="reply-heading">
          <h2 id="reply-heading">Reply</h2>

        """)
        if let refusal = replyRefusal {
            html("  <p class=\"notice\">\(refusal)</p>\(if: replyError != nil, "<p class=\"alert\" role=\"alert\">\(replyError)</p>")\n")
        } else {
            html("""
              <form method="post" action="\(SiteURL.threadAction(.value(id), .reply))" class="stacked-form" enctype="multipart/form-data">
                \(csrf)
                <label for="body">Your reply (Markdown)</label>
                \(if: replyError != nil, "<p class=\"field-error\" id=\"body-error\" role=\"alert\">\(replyError)</p>")
                <textarea id="body" name="body" rows="8" required\(if: replyError != nil, " aria-invalid=\"true\" aria-describedby=\"body-error\"")>\(replyBody)</textarea>
                \(AttachmentParts.input(replyFilesError))                <div class="form-buttons">
                  <button type="submit">Post reply</button>
                  <button type="submit" name="preview" value="1" class="secondary" formnovalidate>Preview</button>
                </div>
              </form>

            """)
        }
        html("</section>\n")
    }
}
