/// What a post renders as when Markdown would be too slow or too large: its text, escaped, in
/// paragraphs split at blank lines. Chosen over re-rendering a flattened document because it
/// needs no parser, so it is linear and safe by construction, and its size is bounded: the
/// worst byte (`"` → `&quot;`) grows 6×, a paragraph adds 8 bytes but needs at least one
/// character and a blank line, so the output stays under 6× the source plus 8 bytes. Only posts
/// built to stall or bloat the renderer end up here; nothing they wrote is lost, only the
/// formatting.
enum PlainTextFallback {
    static func render(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 4 + 16)
        var inParagraph = false
        var index = 0
        let count = bytes.count

        while index < count {
            var lineEnd = index
            while lineEnd < count, bytes[lineEnd] != UInt8(ascii: "\n"), bytes[lineEnd] != UInt8(ascii: "\r") {
                lineEnd += 1
            }
            var start = index
            var end = lineEnd
            while start < end, Self.isBlank(bytes[start]) { start += 1 }
            while end > start, Self.isBlank(bytes[end - 1]) { end -= 1 }

            if start == end {
                if inParagraph { output.append(contentsOf: Self.close) }
                inParagraph = false
            } else {
                output.append(contentsOf: inParagraph ? Self.lineBreak : Self.open)
                inParagraph = true
                Self.appendEscaped(bytes[start..<end], to: &output)
            }
            // `\r\n` is one line ending, as in Markdown.
            if lineEnd + 1 < count, bytes[lineEnd] == UInt8(ascii: "\r"), bytes[lineEnd + 1] == UInt8(ascii: "\n") {
                index = lineEnd + 2
            } else {
                index = lineEnd + 1
            }
        }
        if inParagraph { output.append(contentsOf: Self.close) }
        // Invalid UTF-8 becomes U+FFFD here, as cmark's validation would have made it.
        return String(decoding: output, as: UTF8.self)
    }

    private static let open = Array("<p>".utf8)
    private static let close = Array("</p>\n".utf8)
    private static let lineBreak = Array("\n".utf8)
    private static let ampersand = Array("&amp;".utf8)
    private static let lessThan = Array("&lt;".utf8)
    private static let greaterThan = Array("&gt;".utf8)
    private static let quote = Array("&quot;".utf8)
    private static let replacement = Array("\u{FFFD}".utf8)

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == 0x0B || byte == 0x0C
    }

    /// Escapes what cmark's HTML renderer escapes in text; NUL becomes U+FFFD as it would there.
    private static func appendEscaped(_ text: ArraySlice<UInt8>, to output: inout [UInt8]) {
        for byte in text {
            switch byte {
            case UInt8(ascii: "&"): output.append(contentsOf: ampersand)
            case UInt8(ascii: "<"): output.append(contentsOf: lessThan)
            case UInt8(ascii: ">"): output.append(contentsOf: greaterThan)
            case UInt8(ascii: "\""): output.append(contentsOf: quote)
            case 0: output.append(contentsOf: replacement)
            default: output.append(byte)
            }
        }
    }
}
