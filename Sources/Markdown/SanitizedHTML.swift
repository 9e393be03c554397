/// HTML that the Markdown renderer produced in safe mode: raw HTML dropped, links checked. Views
/// write it without escaping; nothing else may, so this type has no way to be made from an
/// arbitrary string except the stored rendering of a post, which the renderer wrote.
public struct SanitizedHTML: Sendable, Equatable {
    public let html: String

    init(rendered html: String) {
        self.html = html
    }

    /// A rendering this renderer produced earlier and the database kept (`posts.body_html`).
    /// Only readers of that column call this.
    public init(storedRendering html: String) {
        self.html = html
    }

    public static let empty = SanitizedHTML(rendered: "")
}

extension MarkdownRenderer {
    /// `render(_:linkingMentions:)` as the type views write without escaping.
    public func renderSanitized(_ source: String, linkingMentions: Set<String> = []) -> SanitizedHTML {
        SanitizedHTML(rendered: render(source, linkingMentions: linkingMentions))
    }
}
