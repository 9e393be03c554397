/// Estimates, in one linear pass and without parsing, the work cmark-gfm 0.29.0.gfm.6 would do
/// on the few inputs it handles in quadratic time (fixed upstream in 2023, after the version
/// Debian 12 ships). Each figure is an upper bound in "bytes scanned" or "pairs visited", so a
/// document under its budget is known to parse quickly; over budget, the renderer avoids the
/// slow path instead of finding out. Measured at 50,000 bytes (CPU time, calling the C library directly):
///
/// - autolink extension: every `www.`, `://` and `@` scans on to the next whitespace, so
///   `www.a_` × 8,333 took 3.6 s and `a_@` × 16,666 0.36 s;
/// - inline raw HTML: every `<?`, `<!--` and `<![CDATA[` scans to its terminator or the end of
///   the paragraph (`x <?` × 12,500: 0.6 s);
/// - every link formed walks all pending `![` openers (`![[]()` × 8,333: 0.6 s);
/// - emphasis closers of one kind pass over unmatched openers of another (`*a ` × 8,333 then
///   `_a*_ ` × 5,000: 0.43 s; likewise `*`/`~`, `_`/`~`);
/// - every e-mail address found copies the rest of its text, up to 1,000 per paragraph
///   (`a@b.c ` × 1,000 before 44,000 emoji: 0.22 s);
/// - every use of a reference link copies its definition's URL (`[a] ` × 6,000 after a 25 KB
///   definition: 150 MB copied, 0.2 s before rendering it).
struct ParseCost {
    /// Candidates times the length of the whitespace-free run they sit in.
    private(set) var autolinkWork = 0
    /// Bytes the autolink extension copies for the e-mail addresses it finds.
    private(set) var autolinkCopyBytes = 0
    /// Raw-HTML openers times the distance to their terminator, image openers times closing
    /// brackets, and delimiter runs of one kind times those of another, per paragraph.
    private(set) var inlineWork = 0
    /// Closing brackets times the longest line that could hold a reference definition's URL.
    private(set) var referenceBytes = 0

    init(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { measure($0) }
    }

    private mutating func measure(_ bytes: UnsafeBufferPointer<UInt8>) {
        let count = bytes.count

        var runStart = 0
        var runCandidates = 0

        // Per raw-HTML kind: openers still waiting for their terminator, and their positions.
        var pendingOpeners = [Int](repeating: 0, count: Self.rawHTML.count)
        var pendingPositions = [Int](repeating: 0, count: Self.rawHTML.count)
        var imageOpeners = 0
        var paragraphClosers = 0
        var closers = 0
        var paragraphStart = 0
        var paragraphAts = 0
        // Delimiter runs per paragraph: `*`, `_` (not inside a word, where it cannot delimit), `~`.
        var stars = 0
        var underscores = 0
        var tildes = 0

        var lineStart = 0
        var lineIsBlank = true
        var lineHasDefinition = false
        var previousLineDefinitionLength: Int?
        var longestDefinition = 0

        func endRun(at index: Int) {
            if runCandidates > 0 { autolinkWork = Self.add(autolinkWork, Self.multiply(runCandidates, index - runStart)) }
            runStart = index + 1
            runCandidates = 0
        }

        /// Adds the bytes every pending opener of `kind` scanned to reach `index`.
        func closeRawHTML(_ kind: Int, at index: Int) {
            let scanned = max(0, Self.multiply(pendingOpeners[kind], index) - pendingPositions[kind])
            inlineWork = Self.add(inlineWork, scanned)
            pendingOpeners[kind] = 0
            pendingPositions[kind] = 0
        }

        func endParagraph(at index: Int) {
            for kind in Self.rawHTML.indices { closeRawHTML(kind, at: index) }
            inlineWork = Self.add(inlineWork, Self.multiply(imageOpeners, paragraphClosers))
            inlineWork = Self.add(inlineWork, Self.multiply(stars, underscores))
            inlineWork = Self.add(inlineWork, Self.multiply(stars, tildes))
            inlineWork = Self.add(inlineWork, Self.multiply(underscores, tildes))
            autolinkCopyBytes = Self.add(autolinkCopyBytes, Self.multiply(min(paragraphAts, 1_000), index - paragraphStart))
            (imageOpeners, paragraphClosers, paragraphAts, stars, underscores, tildes) = (0, 0, 0, 0, 0, 0)
            paragraphStart = index + 1
        }

        func endLine(at index: Int) {
            let length = index - lineStart
            // A definition's URL may sit on the line after its label.
            if let previous = previousLineDefinitionLength {
                longestDefinition = max(longestDefinition, previous + length)
            }
            previousLineDefinitionLength = lineHasDefinition ? length : nil
            if lineHasDefinition { longestDefinition = max(longestDefinition, length) }
            if lineIsBlank { endParagraph(at: index) }
            lineStart = index + 1
            lineIsBlank = true
            lineHasDefinition = false
        }

        for index in 0..<count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                endRun(at: index)
                endLine(at: index)
                continue
            case UInt8(ascii: " "), UInt8(ascii: "\t"), 0x0B, 0x0C:
                endRun(at: index)
                continue
            default:
                lineIsBlank = false
            }

            switch byte {
            case UInt8(ascii: "w"), UInt8(ascii: "W"):
                if Self.matches(Self.www, in: bytes, at: index, caseInsensitive: true) { runCandidates += 1 }
            case UInt8(ascii: ":"):
                if Self.matches(Self.schemeSeparator, in: bytes, at: index) { runCandidates += 1 }
                if index > 0, bytes[index - 1] == UInt8(ascii: "]") { lineHasDefinition = true }
            case UInt8(ascii: "@"):
                runCandidates += 1
                paragraphAts += 1
            case UInt8(ascii: "*"):
                if index == 0 || bytes[index - 1] != byte { stars += 1 }
            case UInt8(ascii: "~"):
                if index == 0 || bytes[index - 1] != byte { tildes += 1 }
            case UInt8(ascii: "_"):
                let startsRun = index == 0 || bytes[index - 1] != byte
                let intraword = index > 0 && Self.isASCIIAlphanumeric(bytes[index - 1])
                    && index + 1 < count && Self.isASCIIAlphanumeric(bytes[index + 1])
                if startsRun, !intraword { underscores += 1 }
            case UInt8(ascii: "!"):
                if index + 1 < count, bytes[index + 1] == UInt8(ascii: "[") { imageOpeners += 1 }
            case UInt8(ascii: "]"):
                paragraphClosers += 1
                closers += 1
            default:
                break
            }
            for kind in Self.rawHTML.indices {
                let (opener, terminator) = Self.rawHTML[kind]
                if byte == opener[0], Self.matches(opener, in: bytes, at: index) {
                    pendingOpeners[kind] += 1
                    pendingPositions[kind] = Self.add(pendingPositions[kind], index)
                } else if byte == terminator[0], Self.matches(terminator, in: bytes, at: index) {
                    closeRawHTML(kind, at: index)
                }
            }
        }
        endRun(at: count)
        endLine(at: count)
        endParagraph(at: count)
        referenceBytes = Self.multiply(closers, longestDefinition)
    }

    /// Non-ASCII letters count as punctuation here, which can only over-estimate.
    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: false
        }
    }

    private static let www = Array("www.".utf8)
    private static let schemeSeparator = Array("://".utf8)
    private static let rawHTML: [(opener: [UInt8], terminator: [UInt8])] = [
        (Array("<?".utf8), Array("?>".utf8)),
        (Array("<!--".utf8), Array("-->".utf8)),
        (Array("<![CDATA[".utf8), Array("]]>".utf8)),
    ]

    private static func matches(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, at index: Int,
                                caseInsensitive: Bool = false) -> Bool {
        guard bytes.count - index >= needle.count else { return false }
        for offset in needle.indices {
            var byte = bytes[index + offset]
            if caseInsensitive, byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte |= 0x20 }
            if byte != needle[offset] { return false }
        }
        return true
    }

    /// Work figures only grow and are compared against budgets, so saturating is exact enough.
    static func add(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }

    static func multiply(_ a: Int, _ b: Int) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? Int.max : product
    }
}
