/// The SQL side of `Policy.canSee(_:_: ThreadFacts)`: what members (not moderators) may see
/// of `threads t` in `categories c`.
enum ThreadVisibility {
    static let membersSQL = "(t.deleted_at IS NULL AND c.visibility = 'members')"

    /// A boolean SQL expression; `moderator` as in `PostVisibility.sql(moderator:)`.
    static func sql(moderator: String) -> String {
        "((\(moderator)) OR \(membersSQL))"
    }
}
