import CCmarkGFM

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Edits a parsed tree before rendering. Everything here changes nodes, never HTML text, so all
/// escaping and URL filtering stays with cmark's renderer.
struct TreeRewriter {
    let mentions: Set<String>
    let mentionURLPrefix: String
    /// Reference links repeat their definition's URL at every use, so 50 KB of input can expand
    /// to 100 MB of HTML. Past this many URL and title bytes, further links lose their target.
    let linkURLBudget: Int

    func rewrite(_ root: OpaquePointer) {
        replaceImages(root)
        // cmark splits text at every potential delimiter, so `@a_b` would otherwise arrive in
        // pieces and not be recognised as a mention.
        cmark_consolidate_text_nodes(root)

        var rawHTML: [OpaquePointer] = []
        var mentionCandidates: [OpaquePointer] = []
        var linkDepth = 0
        var urlBytes = 0

        CmarkNode.walk(root) { node, type, entering in
            switch type {
            case CMARK_NODE_HEADING where entering:
                demoteHeading(node)
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                rawHTML.append(node)
            case CMARK_NODE_LINK:
                guard entering else { linkDepth -= 1; return }
                linkDepth += 1
                urlBytes += cmark_node_get_url(node).map { strlen($0) } ?? 0
                urlBytes += cmark_node_get_title(node).map { strlen($0) } ?? 0
                if urlBytes > linkURLBudget || URLPolicy.isDangerous(CmarkNode.url(node)) {
                    cmark_node_set_url(node, "")
                    cmark_node_set_title(node, "")
                }
            case CMARK_NODE_TEXT where linkDepth == 0 && !mentions.isEmpty:
                if let literal = cmark_node_get_literal(node), strchr(literal, Int32(UInt8(ascii: "@"))) != nil {
                    mentionCandidates.append(node)
                }
            default:
                break
            }
        }

        for node in rawHTML { removeRawHTML(node) }
        for node in mentionCandidates { linkMentions(in: node) }
    }

    /// A post never competes with the page's own `<h1>`/`<h2>`.
    private func demoteHeading(_ node: OpaquePointer) {
        let level = cmark_node_get_heading_level(node)
        cmark_node_set_heading_level(node, min(level + 2, 6))
    }

    /// Safe mode would leave a `<!-- raw HTML omitted -->` comment for each of these, which is
    /// only noise to readers.
    private func removeRawHTML(_ node: OpaquePointer) {
        let parent = cmark_node_parent(node)
        CmarkNode.remove(node)
        if let parent, cmark_node_get_type(parent) == CMARK_NODE_PARAGRAPH, cmark_node_first_child(parent) == nil {
            CmarkNode.remove(parent)
        }
    }

    /// Images are not embedded (tracking pixels, huge files, layout breakage): each becomes a
    /// link to the image, labelled with its description. Inside a link, where a nested link
    /// would be invalid, only the description is kept.
    private func replaceImages(_ root: OpaquePointer) {
        var images: [(node: OpaquePointer, insideLink: Bool)] = []
        var imageDepth = 0
        var linkDepth = 0
        CmarkNode.walk(root) { node, type, entering in
            switch type {
            case CMARK_NODE_IMAGE:
                if entering {
                    // Nested images are freed along with the outermost one.
                    if imageDepth == 0 { images.append((node, linkDepth > 0)) }
                    imageDepth += 1
                } else {
                    imageDepth -= 1
                }
            case CMARK_NODE_LINK:
                linkDepth += entering ? 1 : -1
            default:
                break
            }
        }

        for (image, insideLink) in images {
            let url = CmarkNode.url(image)
            let description = CmarkNode.plainText(of: image)
            let label = description.isEmpty ? url : description
            if label.isEmpty {
                CmarkNode.remove(image)
                continue
            }
            let replacement = insideLink
                ? CmarkNode.makeText(label)
                : CmarkNode.makeLink(url: url, title: CmarkNode.title(image), text: label)
            cmark_node_replace(image, replacement)
            cmark_node_free(image)
        }
    }

    /// Splits one text node into text and mention-link nodes.
    private func linkMentions(in node: OpaquePointer) {
        let text = CmarkNode.literal(node)
        let scalars = text.unicodeScalars
        let matches = MentionScanner.matches(in: text).filter { mentions.contains($0.username) }
        guard !matches.isEmpty else { return }

        var position = scalars.startIndex
        for match in matches {
            if position < match.range.lowerBound {
                cmark_node_insert_before(node, CmarkNode.makeText(String(scalars[position..<match.range.lowerBound])))
            }
            let link = CmarkNode.makeLink(
                url: mentionURLPrefix + "/u/" + match.username,
                text: String(scalars[match.range])
            )
            cmark_node_insert_before(node, link)
            position = match.range.upperBound
        }
        if position < scalars.endIndex {
            cmark_node_insert_before(node, CmarkNode.makeText(String(scalars[position...])))
        }
        CmarkNode.remove(node)
    }
}
