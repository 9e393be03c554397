import Markdown

/// GitHub-flavoured Markdown through `MarkdownRenderer`, which drops raw HTML and unsafe links.
public struct MarkdownPostRenderer: PostRenderer {
    let markdown: MarkdownRenderer

    public init(limits: MarkdownRenderer.Limits = .init(maxSourceBytes: 4 * Discussions.maxBodyLength)) {
        // Posts are validated to 50,000 characters; the byte cap leaves room for multi-byte ones.
        markdown = MarkdownRenderer(limits: limits)
    }

    public func render(_ source: String) -> String {
        markdown.render(source)
    }

    public func render(_ source: String, linkingMentions: Set<String>) -> String {
        markdown.render(source, linkingMentions: linkingMentions)
    }

    /// The `@name`s written in `source`, lowercased, without duplicates.
    public static func mentionedUsernames(in source: String) -> [String] {
        MarkdownRenderer.mentionedUsernames(in: source)
    }
}
