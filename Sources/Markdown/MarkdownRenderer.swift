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

        public init(maxSourceBytes: Int = 50_000, maxTableColumns: Int = 20) {
            self.maxSourceBytes = maxSourceBytes
            self.maxTableColumns = maxTableColumns
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
        return HTMLPostProcessor.decorateLinks(html, mentionURLPrefix: marker)
    }

    /// Usernames (lowercased, first occurrence order, no duplicates) written as `@name` in the
    /// text of `source`. Code spans and code blocks do not count, nor do e-mail addresses.
    public static func mentionedUsernames(in source: String) -> [String] {
        let input = PreparedSource(source, limits: .default)
        let texts = withDocument(input) { document in
            cmark_consolidate_text_nodes(document.root)
            var texts: [String] = []
            CmarkNode.walk(document.root) { node, type, entering in
                if entering, type == CMARK_NODE_TEXT { texts.append(CmarkNode.literal(node)) }
            }
            return texts
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
                engine.withDocument(input.bytes, tables: tables) { document in
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

/// The bytes cmark will see, after the limits are applied.
struct PreparedSource {
    let bytes: [UInt8]
    /// False when some table could be wider than the column limit.
    let tablesAllowed: Bool
    /// Padding lets a few bytes stand for a whole row; an honest table needs a byte per cell.
    var tableCellBudget: Int { max(2_000, bytes.count) }

    init(_ source: String, limits: MarkdownRenderer.Limits) {
        var bytes = Array(source.utf8)
        let maxBytes = max(0, limits.maxSourceBytes)
        if bytes.count > maxBytes {
            var cut = maxBytes
            // Step back off UTF-8 continuation bytes so no character is split.
            while cut > 0, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
            bytes.removeSubrange(cut...)
        }
        self.bytes = bytes
        self.tablesAllowed = Self.maxCellsOnAnyLine(bytes) <= limits.maxTableColumns
    }

    /// An upper bound on the columns of any table in the document. A GFM table has exactly as
    /// many columns as its delimiter row has cells, and a row's cells are its pipes plus one,
    /// not counting a leading or trailing pipe. Counting every line (escaped pipes included,
    /// container prefixes other than `>` not stripped) can only over-estimate, which merely
    /// renders a narrow table as text; under-estimating would let the blow-up through.
    static func maxCellsOnAnyLine(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { line in
            var best = 1
            var pipes = 0
            var inPrefix = true
            var leadingPipe = false
            var lastNonBlank: UInt8 = 0
            var nonBlankCount = 0

            func endLine() {
                var cells = pipes + 1
                if leadingPipe { cells -= 1 }
                if lastNonBlank == UInt8(ascii: "|"), !(leadingPipe && nonBlankCount == 1) { cells -= 1 }
                best = max(best, cells)
                (pipes, inPrefix, leadingPipe, lastNonBlank, nonBlankCount) = (0, true, false, 0, 0)
            }

            for byte in line {
                switch byte {
                case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                    endLine()
                case UInt8(ascii: " "), UInt8(ascii: "\t"):
                    continue
                case UInt8(ascii: ">") where inPrefix:
                    continue
                default:
                    if inPrefix {
                        inPrefix = false
                        leadingPipe = byte == UInt8(ascii: "|")
                    }
                    if byte == UInt8(ascii: "|") { pipes += 1 }
                    lastNonBlank = byte
                    nonBlankCount += 1
                }
            }
            endLine()
            return best
        }
    }
}
