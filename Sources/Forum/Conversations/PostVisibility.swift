/// Who may read a post's text: moderators always; members only while the post is neither
/// hidden nor deleted, in a thread they may see (not deleted, in a category open to members).
/// Every reader of post text (thread pages, history, quotes, the edit form) and every count
/// of things about posts (the notification badge and list) applies this one rule, in SQL
/// through `sql(moderator:)` and in Swift through `canRead`; listings (search, profiles) use
/// `listedSQL`, which shows less. So a new reader can't pick a rule of its own. Hidden text once leaked through history and quotes that checked only
/// `deleted`.
public enum PostVisibility {
    /// A boolean SQL expression over `posts p`, `threads t` and `categories c`; `moderator`
    /// is the SQL for "the reader moderates" (a parameter such as `$2`, or an expression over
    /// the reader's row). Only constant SQL is ever passed in, never a value.
    public static func sql(moderator: String) -> String {
        "((\(moderator)) OR (\(liveSQL) AND \(ThreadVisibility.membersSQL)))"
    }

    /// Like `sql`, for rows that may concern no post (`p` from a LEFT JOIN is NULL): then only
    /// the thread decides.
    public static func sqlAllowingNoPost(moderator: String) -> String {
        "((\(moderator)) OR ((p.id IS NULL OR \(liveSQL)) AND \(ThreadVisibility.membersSQL)))"
    }

    /// A boolean SQL expression for listings (search results, a profile's recent posts):
    /// only live posts, for moderators too, in threads the reader may see. A subset of
    /// `sql`, so a listing never shows what a reader may not read.
    public static func listedSQL(moderator: String) -> String {
        "(\(liveSQL) AND t.deleted_at IS NULL AND \(categoryListedSQL(moderator: moderator)))"
    }

    /// `listedSQL` over `posts p` alone, for a scan that checks posts one at a time (search):
    /// the post's thread is looked up per post, and the categories the reader may see are
    /// listed once per statement (an InitPlan) rather than joined again for every post.
    /// `categoryCondition` (over `categories c`) and `threadCondition` (over `threads t`) are
    /// constant SQL that narrows further, for filters.
    public static func listedOneByOneSQL(moderator: String, categoryCondition: String = "true",
                                         threadCondition: String = "true") -> String {
        """
        (\(liveSQL) AND coalesce((
            SELECT true FROM threads t
            WHERE t.id = p.thread_id AND t.deleted_at IS NULL AND (\(threadCondition))
              AND t.category_id = ANY (ARRAY(SELECT c.id FROM categories c
                                             WHERE \(categoryListedSQL(moderator: moderator)) AND (\(categoryCondition))))
        ), false))
        """
    }

    static func categoryListedSQL(moderator: String) -> String {
        "(c.visibility = 'members' OR (\(moderator)))"
    }

    static let liveSQL = "(p.hidden_at IS NULL AND p.deleted_at IS NULL)"

    public static func canRead(_ member: Member, _ post: Policy.PostFacts) -> Bool {
        guard Policy.canSee(member, post.thread) else { return false }
        return member.role.canModerate || (!post.isHidden && !post.isDeleted)
    }
}
