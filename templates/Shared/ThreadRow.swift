import Foundation

/// A thread in a list (home, category, school page).
public struct ThreadRow: Sendable {
    public var id: Int
    public var slug: String
    public var title: String
    public var categorySlug: String
    public var categoryName: String
    public var showCategory: Bool
    public var author: String
    public var authorSchool: String?
    public var replyCount: Int
    public var lastPoster: String
    public var lastPostedAt: Date
    public var pinned: Bool
    public var locked: Bool
    public var deleted: Bool
    public var isFeedback: Bool
    public var feedbackOpen: Bool
    /// Posts the viewer hasn't seen; `everRead` tells "3 new" from "New" (never opened).
    public var unreadCount: Int
    public var everRead: Bool
    /// Where the first unread post is: its page and id.
    public var firstUnreadPage: Int
    public var firstUnreadPostID: Int?

    public init(id: Int, slug: String, title: String, categorySlug: String, categoryName: String, showCategory: Bool,
                author: String, authorSchool: String?, replyCount: Int, lastPoster: String, lastPostedAt: Date,
                pinned: Bool, locked: Bool, deleted: Bool, isFeedback: Bool, feedbackOpen: Bool,
                unreadCount: Int, everRead: Bool, firstUnreadPage: Int, firstUnreadPostID: Int?) {
        self.id = id
        self.slug = slug
        self.title = title
        self.categorySlug = categorySlug
        self.categoryName = categoryName
        self.showCategory = showCategory
        self.author = author
        self.authorSchool = authorSchool
        self.replyCount = replyCount
        self.lastPoster = lastPoster
        self.lastPostedAt = lastPostedAt
        self.pinned = pinned
        self.locked = locked
        self.deleted = deleted
        self.isFeedback = isFeedback
        self.feedbackOpen = feedbackOpen
        self.unreadCount = unreadCount
        self.everRead = everRead
        self.firstUnreadPage = firstUnreadPage
        self.firstUnreadPostID = firstUnreadPostID
    }

    public var html: HTML {
        let unread: HTML = unreadCount > 0
            ? "<a class=\"badge badge-unread\" href=\"\(SiteURL.threadPage(id, slug: slug, page: firstUnreadPage, post: firstUnreadPostID))\">\(everRead ? "\(unreadCount) new" : "New")<span class=\"visually-hidden\"> posts: jump to the first unread</span></a>"
            : .empty
        return """
        <li class="thread-row">
          <div class="thread-main">
            <a class="thread-title" href="\(SiteURL.threadPage(id, slug: slug))">\(title)</a>
            \(unread)\(if: pinned, "<span class=\"badge\">Pinned</span>")\(if: locked, "<span class=\"badge\">Locked</span>")\(if: deleted, "<span class=\"badge badge-warn\">Deleted</span>")\(if: isFeedback, "<span class=\"badge badge-feedback\">Feedback request · \(feedbackOpen ? "open" : "closed")</span>")
            <div class="meta">
              by <a href="\(SiteURL.profile(.value(author)))">\(author)</a>\(if: authorSchool != nil, " (\(authorSchool))")\(if: showCategory, " in <a href=\"\(SiteURL.category(.value(categorySlug)))\">\(categoryName)</a>")
            </div>
          </div>
          <div class="thread-stats">
            <span>\(Format.count(replyCount, "reply", "replies"))</span>
            <span>last by \(lastPoster), \(time: lastPostedAt)</span>
          </div>
        </li>

        """
    }
}
