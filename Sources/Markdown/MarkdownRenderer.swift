import CCmarkGFM

/// Renders user-written Markdown (GitHub flavour: tables, strikethrough, autolinks) to HTML that
/// is safe to embed in a page: no raw HTML, no script URLs, no embedded images, no `<h1>`/`<h2>`.
public struct MarkdownRenderer: Sendable {
    public struct Limits: Sendable {
        /// Longer input is cut at a UTF-8 boundary before parsing. Rejecting over-long posts is
        /// the caller's validation job; this only keeps rendering cheap if one gets through.
        public var maxSourceBytes: Int
        /// GFM pads every row to the header's width, so output grows with columns²; documents
        /// that could contain a wider table are rendered without the table extension.
        public var maxTableColumns: Int
        /// Block quotes and lists nested deeper than this on one line are written out as text
        /// (see `NestingLimiter`): each open level costs time on every later line.
        public var maxNestingDepth: Int
        /// Rendered HTML larger than this many times the source (in bytes) is replaced by the
        /// source as escaped text (see `PlainTextFallback`), so no post can bloat a page.
        public var maxOutputRatio: Int

        public init(maxSourceBytes: Int = 50_000, maxTableColumns: Int = 20, maxNestingDepth: Int = 16,
                    maxOutputRatio: Int = 10) {
            self.maxSourceBytes = maxSourceBytes
            self.maxTableColumns = maxTableColumns
            self.maxNestingDepth = maxNestingDepth
            self.maxOutputRatio = maxOutputRatio
        }

        public static let `default` = Limits()
    }

    public let limits: Limits

    public init(limits: Limits = .default) {
        self.limits = limits
    }

    public func render(_ source: String) -> String {
        render(source, linkingMentions: [])
    }

    /// Like `render(_:)`, and also links `@name` in ordinary text to `/u/name` for every name in
    /// `linkingMentions` (compared lowercased). Mentions in code, link text or image
    /// descriptions stay plain text.
    public func render(_ source: String, linkingMentions: Set<String>) -> String {
        let input = PreparedSource(source, limits: limits)
        if input.plainTextOnly { return PlainTextFallback.render(input.source) }
        let mentions = Set(linkingMentions.map { $0.lowercased() })
        // Mention links are told apart from user links by an unguessable URL prefix, because
        // cmark's renderer has no way to put a class on one particular link.
        let marker = mentions.isEmpty ? nil : "/" + randomHex()

        let rewriter = TreeRewriter(
            mentions: mentions,
            mentionURLPrefix: marker ?? "",
            linkURLBudget: max(100_000, 4 * input.bytes.count)
        )
        let html = Self.withDocument(input) { document in
            rewriter.rewrite(document.root)
            return document.renderHTML()
        }
        let decorated = HTMLPostProcessor.decorateLinks(html, mentionURLPrefix: marker)
        // Checked after the fact because cmark's output size is hard to predict from its
        // input (every nesting level, link or table cell adds fixed markup), and rendering
        // the oversized result once is cheap next to what the guards in PreparedSource prevent.
        guard decorated.utf8.count <= input.maxOutputBytes else { return PlainTextFallback.render(input.source) }
        return decorated
    }

    /// Usernames (lowercased, first occurrence order, no duplicates) written as `@name` in the
    /// text of `source`. Code spans and code blocks do not count, nor do e-mail addresses.
    public static func mentionedUsernames(in source: String) -> [String] {
        let input = PreparedSource(source, limits: .default)
        let texts: [String]
        if input.plainTextOnly {
            // The fallback shows the whole source as text, so every `@name` in it counts.
            texts = [String(decoding: input.source, as: UTF8.self)]
        } else {
            texts = withDocument(input) { document in
                cmark_consolidate_text_nodes(document.root)
                var texts: [String] = []
                CmarkNode.walk(document.root) { node, type, entering in
                    if entering, type == CMARK_NODE_TEXT { texts.append(CmarkNode.literal(node)) }
                }
                return texts
            }
        }
        var seen = Set<String>()
        var names: [String] = []
        for text in texts {
            for match in MentionScanner.matches(in: text) where seen.insert(match.username).inserted {
                names.append(match.username)
            }
        }
        return names
    }
}

extension MarkdownRenderer {
    /// Parses under the cmark lock, with the table extension only when tables cannot blow up.
    private static func withDocument<Result: Sendable>(
        _ input: PreparedSource,
        _ body: (CmarkDocument) -> Result
    ) -> Result {
        var tables = input.tablesAllowed
        while true {
            let result: Result? = withCmark { engine in
                engine.withDocument(input.bytes, tables: tables, autolinks: input.autolinksAllowed) { document in
                    if tables, TableSize.cellCount(document.root) > input.tableCellBudget { return nil }
                    return body(document)
                }
            }
            if let result { return result }
            tables = false
        }
    }
}

private func randomHex() -> String {
    var generator = SystemRandomNumberGenerator()
    let high = generator.next() as UInt64
    let low = generator.next() as UInt64
    let digits = String(high, radix: 16) + String(low, radix: 16)
    return "m" + digits
}
