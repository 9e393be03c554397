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
        isActive(member) && canSee(member, category)
    }

    /// Why the member may not reply, or nil when they may.
    public static func replyRefusal(_ member: Member, _ thread: ThreadFacts) -> String? {
        if let refusal = standingRefusal(member) { return refusal }
        if thread.isDeleted { return "This thread has been deleted." }
        if thread.isLocked && !member.role.canModerate { return "This thread is locked." }
        if thread.kind == .feedback && thread.feedbackClosed && !member.role.canModerate {
            return "This feedback request is closed."
        }
        return nil
    }

    public static func canModerate(_ member: Member) -> Bool { member.role.canModerate }
    public static func canAdminister(_ member: Member) -> Bool { member.role == .admin }

    /// Staff must turn on two-factor sign-in before anything else when admins require it.
    public static func mustEnrolTwoFactor(_ member: Member, required: Bool, enrolled: Bool) -> Bool {
        required && member.role.canModerate && !enrolled
    }

    // MARK: Posts (issue 4: edits, deletion, reactions, feedback)

    /// What a decision needs to know about a post.
    public struct PostFacts: Sendable {
        public var thread: ThreadFacts
        public var authorID: Int
        /// 1 for the post that opened the thread.
        public var position: Int
        public var isHidden: Bool
        public var isDeleted: Bool

        public init(thread: ThreadFacts, authorID: Int, position: Int = 0, isHidden: Bool = false, isDeleted: Bool) {
            self.thread = thread
            self.authorID = authorID
            self.position = position
            self.isHidden = isHidden
            self.isDeleted = isDeleted
        }
    }

    /// Authors edit their own live posts while the thread takes replies from them; moderators
    /// edit any post.
    public static func canEdit(_ member: Member, _ post: PostFacts) -> Bool {
        if member.role.canModerate { return true }
        return post.authorID == member.id && !post.isDeleted && !post.isHidden && !post.thread.isDeleted && !post.thread.isLocked
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
        post.authorID != member.id && !post.isDeleted && !post.isHidden && !post.thread.isDeleted
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

// MARK: Decisions and member standing

/// Whether a member's account may act at all.
public enum Standing: String, Sendable, CaseIterable {
    case active, suspended, deactivated
}

/// A policy answer the web layer turns into a status: allowed, 404 (existence does not leak)
/// or 403 with the reason shown.
public enum Decision: Sendable, Equatable {
    case allowed
    case notFound
    case forbidden(String)

    public var isAllowed: Bool { self == .allowed }

    /// Throws `NotFound` or `Forbidden` unless allowed.
    public func enforce() throws {
        switch self {
        case .allowed: return
        case .notFound: throw NotFound()
        case .forbidden(let reason): throw Forbidden(reason)
        }
    }
}

extension Policy {
    public static func isActive(_ member: Member) -> Bool { member.standing == .active }

    static func standingRefusal(_ member: Member) -> String? {
        switch member.standing {
        case .active: return nil
        case .suspended: return "Your account is suspended."
        case .deactivated: return "Your account is deactivated."
        }
    }
}

// MARK: Categories

extension Policy {
    /// Lists (home, category pages) include moderators-only categories and deleted threads,
    /// marked, for the members this answers true for; SQL filters with it.
    public static func listsIncludeHiddenThreads(_ member: Member) -> Bool {
        isActive(member) && canModerate(member)
    }

    /// Starting a thread: a category a member can't see answers "not found".
    public static func decideStartThread(by member: Member, in category: CategoryFacts) -> Decision {
        guard isActive(member), canSee(member, category) else { return .notFound }
        return canStartThread(member, in: category) ? .allowed : .forbidden("You can't start threads here.")
    }
}

// MARK: Thread moderation

extension Policy {
    public enum ThreadAction: String, Sendable, CaseIterable {
        case view, reply, lock, unlock, pin, unpin, delete, restore, move

        public var isModeration: Bool { self != .view && self != .reply }
    }

    /// Every question about a thread: who may see it, reply, or moderate it. A member who
    /// can't see the thread gets `.notFound` whatever they ask.
    public static func decide(_ action: ThreadAction, by member: Member, on thread: ThreadFacts) -> Decision {
        guard isActive(member), canSee(member, thread) else { return .notFound }
        switch action {
        case .view:
            return .allowed
        case .reply:
            return replyRefusal(member, thread).map(Decision.forbidden) ?? .allowed
        case .lock, .unlock, .pin, .unpin, .delete, .restore, .move:
            return canModerate(member) ? .allowed : .forbidden("Only moderators can do that.")
        }
    }
}

// MARK: Post moderation and flags

extension Policy {
    public enum PostModeration: String, Sendable, CaseIterable {
        case hide, unhide, flag
    }

    public static func decide(_ action: PostModeration, by member: Member, on post: PostFacts) -> Decision {
        guard isActive(member), canSee(member, post.thread) else { return .notFound }
        switch action {
        case .hide, .unhide:
            return canModerate(member) ? .allowed : .forbidden("Only moderators can hide posts.")
        case .flag:
            if post.authorID == member.id { return .forbidden("You can't flag your own post.") }
            if post.isHidden || post.isDeleted { return .forbidden("This post has already been removed.") }
            return .allowed
        }
    }
}

// MARK: Moderator pages and suspensions

extension Policy {
    /// `/mod/*`: pages members never learn exist.
    public static func canSeeModeratorPages(_ member: Member) -> Bool {
        isActive(member) && canModerate(member)
    }

    /// What a suspension decision needs to know about the member being suspended.
    public struct MemberFacts: Sendable {
        public var id: Int
        public var role: Role
        public init(id: Int, role: Role) {
            self.id = id
            self.role = role
        }
    }

    /// Suspending and lifting a suspension: moderators only, never of an admin or of oneself
    /// (a moderator locking themselves out, or an admin, would need an admin to undo).
    public static func decideSuspension(by member: Member, of target: MemberFacts) -> Decision {
        guard isActive(member) else { return .notFound }
        guard canModerate(member) else { return .forbidden("Only moderators can suspend members.") }
        if target.id == member.id { return .forbidden("You can't suspend yourself.") }
        if target.role == .admin { return .forbidden("Admins can't be suspended.") }
        return .allowed
    }
}
