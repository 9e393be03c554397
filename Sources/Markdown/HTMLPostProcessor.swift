#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Adds attributes to the links cmark rendered. Matching `<a href="` in the output is sound
/// because safe mode never emits raw HTML and text is escaped, so every occurrence was written
/// by the renderer, and the href value cannot contain a `"` (the renderer percent-encodes it).
enum HTMLPostProcessor {
    private static let opening = Array(#"<a href=""#.utf8)
    private static let userLinkAttributes = Array(#"" rel="nofollow ugc noopener""#.utf8)
    private static let mentionAttributes = Array(#"" class="mention""#.utf8)

    static func decorateLinks(_ html: String, mentionURLPrefix: String?) -> String {
        let marker = Array((mentionURLPrefix ?? "").utf8)
        var html = html
        return html.withUTF8 { input in
            var output: [UInt8] = []
            output.reserveCapacity(input.count + input.count / 8)
            var cursor = 0
            while let hit = find(opening, in: input, from: cursor),
                  let valueEnd = find([UInt8(ascii: "\"")], in: input, from: hit + opening.count) {
                var valueStart = hit + opening.count
                let isMention = !marker.isEmpty && input[valueStart..<valueEnd].starts(with: marker)
                output.append(contentsOf: UnsafeBufferPointer(rebasing: input[cursor..<valueStart]))
                if isMention { valueStart += marker.count }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: input[valueStart..<valueEnd]))
                output.append(contentsOf: isMention ? mentionAttributes : userLinkAttributes)
                cursor = valueEnd + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: input[cursor...]))
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// Byte search built on `memchr`, which stays fast even in debug builds (`memmem` is a GNU
    /// extension that Glibc's module does not export).
    private static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = haystack.baseAddress, let first = needle.first else { return nil }
        var position = start
        while position + needle.count <= haystack.count {
            guard let hit = memchr(base + position, Int32(first), haystack.count - position) else { return nil }
            let index = UnsafeRawPointer(base).distance(to: hit)
            guard index + needle.count <= haystack.count else { return nil }
            if memcmp(base + index, needle, needle.count) == 0 { return index }
            position = index + 1
        }
        return nil
    }
}
