import Markdown

/// Turns a post's source into the HTML stored beside it. Rendering happens once, when a post
/// is written or edited, never when it is read. Async so that implementations can keep slow
/// work off the threads that serve requests.
public protocol PostRenderer: Sendable {
    func render(_ source: String) async -> SanitizedHTML
    /// Renders with `@name` linked for the given (existing) usernames.
    func render(_ source: String, linkingMentions: Set<String>) async -> SanitizedHTML
    /// The `@name`s written in `source`, lowercased, without duplicates, in order.
    func mentionedUsernames(in source: String) async -> [String]
}

extension PostRenderer {
    public func render(_ source: String, linkingMentions: Set<String>) async -> SanitizedHTML { await render(source) }
}
