@testable import Markdown
import Testing

let renderer = MarkdownRenderer()

/// The values of every `href="…"` in `html`.
func hrefs(in html: String) -> [String] {
    html.components(separatedBy: #"href=""#).dropFirst().map { String($0.prefix { $0 != "\"" }) }
}

/// Every `<a …>` opening tag in `html`.
func anchorTags(in html: String) -> [String] {
    html.components(separatedBy: "<a ").dropFirst().map { "<a " + String($0.prefix { $0 != ">" }) + ">" }
}

/// Tags and attributes the renderer may produce for a post; anything else means markup leaked.
let allowedTags: Set<String> = ["p", "a", "em", "strong", "del", "code", "pre", "ul", "ol", "li", "blockquote",
                                "h3", "h4", "h5", "h6", "hr", "br", "table", "thead", "tbody", "tr", "th", "td"]
let allowedAttributes: Set<String> = ["href", "rel", "title", "class", "align", "start"]

/// Properties no rendered post may ever violate, whatever its input.
func expectSafe(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let lowered = html.lowercased()
    for forbidden in ["<script", "<img", "<h1", "<h2", "<iframe", "<!--", "<style"] {
        #expect(!lowered.contains(forbidden), "output contains \(forbidden): \(html.prefix(500))", sourceLocation: sourceLocation)
    }
    // Text never contains a raw `<` (the renderer escapes it), so this finds every tag.
    for piece in html.split(separator: "<", omittingEmptySubsequences: true).dropFirst(html.hasPrefix("<") ? 0 : 1) {
        guard let end = piece.firstIndex(of: ">") else {
            Issue.record("unterminated tag in \(html.prefix(500))", sourceLocation: sourceLocation)
            continue
        }
        var tag = String(piece[..<end])
        if tag.hasPrefix("/") { tag.removeFirst() }
        if tag.hasSuffix(" /") { tag.removeLast(2) }
        // Attribute values cannot contain `"` (escaped by the renderer), so dropping them leaves names.
        let words = tag.replacing(/"[^"]*"/, with: "").split(separator: " ")
        #expect(allowedTags.contains(String(words.first ?? "")), "unexpected tag <\(tag)>", sourceLocation: sourceLocation)
        for attribute in words.dropFirst() {
            let name = String(attribute.prefix { $0 != "=" })
            #expect(allowedAttributes.contains(name) && attribute.hasSuffix("="), "unexpected attribute in <\(tag)>", sourceLocation: sourceLocation)
        }
    }
    for href in hrefs(in: html) {
        let compact = href.lowercased().filter { !$0.isWhitespace }
        for scheme in ["javascript:", "vbscript:", "data:", "file:"] {
            #expect(!compact.contains(scheme), "dangerous href \(href)", sourceLocation: sourceLocation)
        }
    }
    for tag in anchorTags(in: html) {
        let decorated = tag.contains(#"rel="nofollow ugc noopener""#) || tag.contains(#"class="mention""#)
        #expect(decorated, "undecorated link \(tag)", sourceLocation: sourceLocation)
    }
}
