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
        "(\(liveSQL) AND \(threadListedSQL(moderator: moderator)))"
    }

    /// The thread part of `listedSQL`, over `threads t` and `categories c`: a thread whose
    /// posts a listing may show.
    static func threadListedSQL(moderator: String) -> String {
        "(t.deleted_at IS NULL AND \(categoryListedSQL(moderator: moderator)))"
    }

    /// `listedSQL` over `posts p` alone, for a scan that checks many posts (search): the
    /// threads the reader may not see (deleted, or in a category closed to them: few) are read
    /// once per statement, through indexes, into a hash table that each post is looked up in,
    /// rather than each post's thread and category being read.
    public static func listedPostSQL(moderator: String) -> String {
        """
        (\(liveSQL) AND p.thread_id NOT IN (
            SELECT t.id FROM threads t WHERE t.deleted_at IS NOT NULL
            UNION ALL
            SELECT t.id FROM categories c JOIN threads t ON t.category_id = c.id
            WHERE NOT \(categoryListedSQL(moderator: moderator))
        ))
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
