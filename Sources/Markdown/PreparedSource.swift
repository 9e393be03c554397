/// The bytes cmark will see, after the limits are applied, and which of its features are safe
/// to use on them.
struct PreparedSource {
    /// The source, cut to the byte limit: what the plain-text fallback shows.
    let source: [UInt8]
    /// `source` with over-deep nesting escaped: what cmark parses.
    let bytes: [UInt8]
    /// False when some table could be wider than the column limit.
    let tablesAllowed: Bool
    /// False when the autolink extension would scan quadratically (see `ParseCost`). Links
    /// then need `<…>` or `[…](…)`, which the core parser handles in linear time.
    let autolinksAllowed: Bool
    /// True when cmark itself would take quadratic time; there is no switch for those paths,
    /// so such posts skip Markdown altogether.
    let plainTextOnly: Bool
    /// The largest HTML this source may render to.
    let maxOutputBytes: Int
    /// Padding lets a few bytes stand for a whole row; an honest table needs a byte per cell.
    var tableCellBudget: Int { max(2_000, bytes.count) }

    /// Budgets for `ParseCost`'s figures. Each keeps the slow path to tens of milliseconds
    /// while staying far above what a real post reaches: a post with a
    /// hundred links or addresses, each in a line-long run without spaces, is still ~20× under,
    /// and a paragraph needs thousands of mixed `*` and `_` runs to reach the inline budget.
    static let autolinkWorkBudget = 1_000_000
    static let inlineWorkBudget = 5_000_000
    /// For plain copies, which are ~50× cheaper per byte than the scans above.
    static let copiedBytesBudget = 20_000_000
    /// A one-character post is already wrapped in `<p>…</p>`; tiny posts get this much room.
    static let minimumOutputBytes = 512

    init(_ text: String, limits: MarkdownRenderer.Limits) {
        var bytes = Array(text.utf8)
        let maxBytes = max(0, limits.maxSourceBytes)
        if bytes.count > maxBytes {
            var cut = maxBytes
            // Step back off UTF-8 continuation bytes so no character is split.
            while cut > 0, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
            bytes.removeSubrange(cut...)
        }
        source = bytes
        self.bytes = NestingLimiter.limit(bytes, maxDepth: max(1, limits.maxNestingDepth))
        // Checking the estimate first spares the table parse itself, which costs ~15 µs per
        // padded row of 20 cells (0.5 s for 24,000 one-character rows) before the exact
        // count in `MarkdownRenderer.withDocument` could reject it.
        tablesAllowed = Self.maxCellsOnAnyLine(self.bytes) <= limits.maxTableColumns
            && Self.estimatedTableCells(self.bytes) <= max(2_000, self.bytes.count)
        let cost = ParseCost(self.bytes)
        autolinksAllowed = cost.autolinkWork <= Self.autolinkWorkBudget && cost.autolinkCopyBytes <= Self.copiedBytesBudget
        plainTextOnly = cost.inlineWork > Self.inlineWorkBudget || cost.referenceBytes > Self.copiedBytesBudget
        maxOutputBytes = max(Self.minimumOutputBytes, ParseCost.multiply(max(1, limits.maxOutputRatio), bytes.count))
    }

    /// An upper bound on the cells of all tables in the document. A table's rows run until a
    /// blank line and each is padded to the table's width, so a block of non-blank lines holds
    /// at most its lines times its widest line's pipes plus one; only blocks with a line that
    /// could be a delimiter row (just `|`, `-`, `:`, `>` and blanks) can hold a table.
    static func estimatedTableCells(_ bytes: [UInt8]) -> Int {
        var total = 0
        var lines = 0
        var widest = 0
        var hasDelimiterRow = false
        var pipes = 0
        var hasContent = false
        var delimiterLike = true
        var hasDash = false

        func endLine() {
            if hasContent {
                lines += 1
                widest = max(widest, pipes + 1)
                if delimiterLike, hasDash { hasDelimiterRow = true }
            } else {
                if hasDelimiterRow { total = ParseCost.add(total, ParseCost.multiply(lines, widest)) }
                (lines, widest, hasDelimiterRow) = (0, 0, false)
            }
            (pipes, hasContent, delimiterLike, hasDash) = (0, false, true, false)
        }

        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                endLine()
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                continue
            case UInt8(ascii: "|"):
                pipes += 1
                hasContent = true
            case UInt8(ascii: "-"):
                hasDash = true
                hasContent = true
            case UInt8(ascii: ":"), UInt8(ascii: ">"):
                hasContent = true
            default:
                hasContent = true
                delimiterLike = false
            }
        }
        endLine()
        // Closes the last block as a blank line would.
        endLine()
        return total
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
