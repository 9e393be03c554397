/// Plain text and CSV: valid UTF-8 throughout, no NULs or control characters besides tab,
/// line feed, carriage return and form feed. A file whose first character is `<` is refused:
/// that is HTML, SVG or XML renamed to `.txt`, which a browser that ignored our headers would
/// run; plain notes don't start that way.
enum TextScanner {
    static let chunkSize = 64 * 1024

    static func kind(of file: some ByteSource) throws -> FileKind? {
        var validator = UTF8Validator()
        var offset = 0
        var head: [UInt8] = []
        while offset < file.count {
            let chunk = try file.read(offset: offset, length: chunkSize)
            guard !chunk.isEmpty else { return nil }
            if offset == 0 { head = chunk }
            for byte in chunk {
                if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C { return nil }
                if byte == 0x7F { return nil }
                guard validator.feed(byte) else { return nil }
            }
            offset += chunk.count
        }
        guard validator.isComplete else { return nil }
        var start = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < head.count, head[start] == 0x20 || (0x09...0x0D).contains(head[start]) { start += 1 }
        if start < head.count, head[start] == UInt8(ascii: "<") { return nil }
        return looksLikeCSV(head) ? .csv : .text
    }

    /// CSV: at least two lines among the first ones, each with the same number (one or more) of
    /// commas outside quotes. A line cut at the end of the scanned head doesn't count.
    static func looksLikeCSV(_ head: [UInt8]) -> Bool {
        var counts: [Int] = []
        var commas = 0
        var quoted = false
        var lineHasText = false
        for byte in head {
            switch byte {
            case UInt8(ascii: "\""): quoted.toggle(); lineHasText = true
            case UInt8(ascii: ",") where !quoted: commas += 1; lineHasText = true
            case 0x0A where !quoted:
                if lineHasText { counts.append(commas) }
                commas = 0
                lineHasText = false
            case 0x0D: break
            default: lineHasText = true
            }
            if counts.count == 20 { break }
        }
        if lineHasText && !quoted && head.count < chunkSize { counts.append(commas) }
        guard counts.count >= 2, let first = counts.first, first > 0 else { return false }
        return counts.allSatisfy { $0 == first }
    }
}

/// UTF-8 checked one byte at a time (so a multi-byte character may straddle two reads):
/// rejects overlong forms, surrogates and code points past U+10FFFF (RFC 3629).
struct UTF8Validator {
    private var remaining = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

    var isComplete: Bool { remaining == 0 }

    mutating func feed(_ byte: UInt8) -> Bool {
        if remaining > 0 {
            guard byte >= lower && byte <= upper else { return false }
            remaining -= 1
            lower = 0x80
            upper = 0xBF
            return true
        }
        switch byte {
        case 0x00...0x7F: return true
        case 0xC2...0xDF: remaining = 1
        case 0xE0: remaining = 2; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: remaining = 2
        case 0xED: remaining = 2; upper = 0x9F
        case 0xF0: remaining = 3; lower = 0x90
        case 0xF1...0xF3: remaining = 3
        case 0xF4: remaining = 3; upper = 0x8F
        default: return false
        }
        return true
    }
}
