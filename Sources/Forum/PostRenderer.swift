/// Turns a post's source into the HTML stored beside it. Rendering happens once, when a post
/// is written or edited, never when it is read.
public protocol PostRenderer: Sendable {
    func render(_ source: String) -> String
    /// Renders with `@name` linked for the given (existing) usernames.
    func render(_ source: String, linkingMentions: Set<String>) -> String
}

extension PostRenderer {
    public func render(_ source: String, linkingMentions: Set<String>) -> String { render(source) }
}
