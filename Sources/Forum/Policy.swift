/// Every permission decision in one place. Routes ask; none decides alone.
/// Things a member may not see answer "not found" (their existence does not leak);
/// things they see but may not do answer "forbidden".
public enum Policy {
    /// What a decision needs to know about a category.
    public struct CategoryFacts: Sendable {
        public var visibility: CategoryVisibility
        public init(visibility: CategoryVisibility) { self.visibility = visibility }
    }

    /// What a decision needs to know about a thread.
    public struct ThreadFacts: Sendable {
        public var category: CategoryFacts
        public var authorID: Int
        public var isLocked: Bool
        public var isDeleted: Bool
        public var kind: ThreadKind
        public var feedbackClosed: Bool

        public init(category: CategoryFacts, authorID: Int, isLocked: Bool, isDeleted: Bool, kind: ThreadKind, feedbackClosed: Bool) {
            self.category = category
            self.authorID = authorID
            self.isLocked = isLocked
            self.isDeleted = isDeleted
            self.kind = kind
            self.feedbackClosed = feedbackClosed
        }
    }

    public static func canSee(_ member: Member, _ category: CategoryFacts) -> Bool {
        switch category.visibility {
        case .members: return true
        case .moderators: return member.role.canModerate
        }
    }

    public static func canSee(_ member: Member, _ thread: ThreadFacts) -> Bool {
        canSee(member, thread.category) && (!thread.isDeleted || member.role.canModerate)
    }

    public static func canStartThread(_ member: Member, in category: CategoryFacts) -> Bool {
        canSee(member, category)
    }

    /// Why the member may not reply, or nil when they may.
    public static func replyRefusal(_ member: Member, _ thread: ThreadFacts) -> String? {
        if thread.isDeleted { return "This thread has been deleted." }
        if thread.isLocked && !member.role.canModerate { return "This thread is locked." }
        if thread.kind == .feedback && thread.feedbackClosed && !member.role.canModerate {
            return "This feedback request is closed."
        }
        return nil
    }

    public static func canModerate(_ member: Member) -> Bool { member.role.canModerate }
    public static func canAdminister(_ member: Member) -> Bool { member.role == .admin }

    // MARK: Posts (issue 4: edits, deletion, reactions, feedback)

    /// What a decision needs to know about a post.
    public struct PostFacts: Sendable {
        public var thread: ThreadFacts
        public var authorID: Int
        public var position: Int
        public var isDeleted: Bool

        public init(thread: ThreadFacts, authorID: Int, position: Int, isDeleted: Bool) {
            self.thread = thread
            self.authorID = authorID
            self.position = position
            self.isDeleted = isDeleted
        }
    }

    /// Authors edit their own live posts while the thread takes replies from them; moderators
    /// edit any post.
    public static func canEdit(_ member: Member, _ post: PostFacts) -> Bool {
        if member.role.canModerate { return true }
        return post.authorID == member.id && !post.isDeleted && !post.thread.isDeleted && !post.thread.isLocked
    }

    public static func canDelete(_ member: Member, _ post: PostFacts) -> Bool {
        if post.isDeleted { return false }
        return member.role.canModerate || (post.authorID == member.id && !post.thread.isLocked && !post.thread.isDeleted)
    }

    public static func canRestore(_ member: Member, _ post: PostFacts) -> Bool {
        post.isDeleted && member.role.canModerate
    }

    /// Nobody finds their own post helpful on the record.
    public static func canReact(_ member: Member, _ post: PostFacts) -> Bool {
        post.authorID != member.id && !post.isDeleted && !post.thread.isDeleted
    }

    /// The requester (or a moderator) marks replies to a feedback request as taken up.
    public static func canAccept(_ member: Member, _ post: PostFacts) -> Bool {
        post.thread.kind == .feedback && post.position > 1 && !post.isDeleted
            && (post.thread.authorID == member.id || member.role.canModerate)
    }

    public static func canSetFeedbackStatus(_ member: Member, _ thread: ThreadFacts) -> Bool {
        thread.kind == .feedback && !thread.isDeleted && (thread.authorID == member.id || member.role.canModerate)
    }
}
