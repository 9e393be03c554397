/// cmark re-matches every open container on every following line, blank ones included, so a
/// single line of thousands of `>` or `- ` followed by thousands of short lines costs
/// depth × lines (`"- "` × 16,000 then 17,000 newlines ran for over a minute in cmark-gfm
/// 0.29.0.gfm.6), and every level is ~25 bytes of HTML. This caps how deep a line can nest by
/// backslash-escaping the first container marker past the limit, so the rest of that line is
/// ordinary text: nothing the author wrote disappears, it just stops nesting.
///
/// Works on the source line by line without parsing. A line can be at most as deep as the
/// number of container markers at its start plus half of its indentation (a list item needs at
/// least two columns to be continued, a block quote its own `>`), so keeping that estimate
/// under the limit on every line keeps the real depth under it too. Over-estimating only means
/// an unusually nested line renders a little flatter.
enum NestingLimiter {
    /// Returns `bytes` unchanged unless some line could nest deeper than `maxDepth`.
    static func limit(_ bytes: [UInt8], maxDepth: Int) -> [UInt8] {
        var output: [UInt8] = []
        var changed = false
        var copiedUpTo = 0
        var index = 0
        let count = bytes.count

        while index < count {
            // One line: walk its container prefix only.
            var markers = 0
            var columns = 0
            var position = index
            prefix: while position < count {
                let byte = bytes[position]
                var markerAt: Int?
                var markerEnd = position + 1
                switch byte {
                case UInt8(ascii: " "):
                    columns += 1
                case UInt8(ascii: "\t"):
                    columns += 4
                case UInt8(ascii: ">"):
                    markerAt = position
                case UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "+"):
                    // Without a following blank it is a thematic break, emphasis or text.
                    guard Self.endsMarker(bytes, at: position + 1) else { break prefix }
                    markerAt = position
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    var digitEnd = position
                    while digitEnd < count, digitEnd - position < 9, Self.isDigit(bytes[digitEnd]) { digitEnd += 1 }
                    guard digitEnd < count, bytes[digitEnd] == UInt8(ascii: ".") || bytes[digitEnd] == UInt8(ascii: ")"),
                          Self.endsMarker(bytes, at: digitEnd + 1)
                    else { break prefix }
                    // `12\.` keeps the number and stops the list.
                    markerAt = digitEnd
                    markerEnd = digitEnd + 1
                default:
                    break prefix
                }
                if let markerAt {
                    markers += 1
                    if markers + max(0, columns - markers) / 2 > maxDepth {
                        output.append(contentsOf: bytes[copiedUpTo..<markerAt])
                        output.append(UInt8(ascii: "\\"))
                        copiedUpTo = markerAt
                        changed = true
                        break prefix
                    }
                }
                position = markerEnd
            }
            // Skip to the next line; `\r`, `\n` and `\r\n` all end one.
            while position < count, bytes[position] != UInt8(ascii: "\n"), bytes[position] != UInt8(ascii: "\r") {
                position += 1
            }
            index = position + 1
        }
        guard changed else { return bytes }
        output.append(contentsOf: bytes[copiedUpTo...])
        return output
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func endsMarker(_ bytes: [UInt8], at index: Int) -> Bool {
        guard index < bytes.count else { return true }
        switch bytes[index] {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): return true
        default: return false
        }
    }
}
