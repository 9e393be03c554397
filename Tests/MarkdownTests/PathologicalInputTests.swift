import Foundation
@testable import Markdown
import Testing

/// Bodies at the forum's size limit built to stall or bloat the renderer. Every case must render
/// to at most 10× its size; times are printed (`bench/render-hostile.sh` collects them from a
/// release build) but never asserted, since wall-clock time depends on the machine.
@Suite(.serialized) struct PathologicalInputTests {
    /// `Discussions.maxBodyLength`; the Forum target is not a dependency of this one.
    static let maxCharacters = 50_000
    /// What `MarkdownPostRenderer` uses: room for 50,000 multi-byte characters.
    static let appRenderer = MarkdownRenderer(limits: .init(maxSourceBytes: 4 * maxCharacters))

    struct Body: CustomTestStringConvertible, Sendable {
        let testDescription: String
        let source: String

        /// `piece` repeated, cut to exactly `maxCharacters` characters.
        static func repeated(_ piece: String) -> Body {
            let count = PathologicalInputTests.maxCharacters / piece.count + 1
            let source = String(String(repeating: piece, count: count).prefix(PathologicalInputTests.maxCharacters))
            return Body(testDescription: "\"\(piece.debugDescription.dropFirst().dropLast())\"*", source: source)
        }

        static func built(_ name: String, _ source: String) -> Body {
            Body(testDescription: name, source: String(source.prefix(PathologicalInputTests.maxCharacters)))
        }

        /// Tokens drawn at random (with a fixed seed) until the body is full.
        static func mixed(seed: UInt64, from tokens: [String]) -> Body {
            var generator = SplitMix64(seed: seed)
            var source = ""
            // Counted as we go: `String.count` walks the whole string. Tokens can merge into one
            // character (`\r` + `\n`), so this may overshoot; `built` cuts to the exact size.
            var characters = 0
            while characters < PathologicalInputTests.maxCharacters {
                let token = tokens[Int(generator.next() % UInt64(tokens.count))]
                source += token
                characters += token.count
            }
            return built("mix seed \(seed) of \(tokens.count) tokens", source)
        }
    }

    static let pieces = [
        // autolink extension
        "www.a_", "_www.a", "www._", "WWW.a_", "www.é_", "http://a_", "https://a_", "<http://a", "http://www.a_",
        "a@b.c_", "a_@", "a@a", "@", "mailto:a@b_", "www.a\\ ", "(www.a_", "*www.a_", "~www.a_", "a://",
        // emphasis delimiters
        "*", "_", "~", "*a ", "_a ", "a_ ", "~~a ", "~~~a", "*_~a", "**a", "*a**", "*a_ ", "a**b c* ",
        // brackets, links, images
        "[", "[a", "a]", "[a](", "[a](<b", "[a](b ", "[ (](", "![[]()", "![", "![[", "[![](", "[]()", "[a]", "]([\n",
        // code, HTML, entities
        "`", "`a", "\\``", "x <?", "<?", "x <![CDATA[", "a <!--", "<!A", "<a ", "<>", "&#x", "&a", "\"&<'",
        // blocks
        ">", "> ", ">-", "- >", "> - ", "- ", "1. ", "* ", "+ > ", "# a\n", "a\n=\n", "***\n", "a  \n", "```\n",
        "> a\n", "|", "| a ", "|-", "aaa\rbbb\n-\u{0B}\n", "> 😀", "- 👩‍👩‍👧 ",
    ]

    static let tokens = ["www.a_", "http://a_", "a@b.c_", "*", "_", "~", ">", "> ", "- ", "[", "]", "(", ")", "![",
                         "`", "\n", "\n\n", "|", " ", "a", "<?", "<!--", "&", "\"", "1. ", "  ", "\t", "é"]

    static let cases: [Body] = pieces.map(Body.repeated) + [
        .built("nested strong/em", String(repeating: "*a **a ", count: 3_500) + "b" + String(repeating: " a** a*", count: 3_500)),
        .built("emph openers then closers", String(repeating: "*a ", count: 8_000) + String(repeating: "_a*_ ", count: 5_000)),
        .built("openers multiple of 3", "a**b" + String(repeating: "c* ", count: 17_000)),
        .built("nested brackets", String(repeating: "[", count: 24_999) + "a" + String(repeating: "]", count: 25_000)),
        .built("brackets then links", String(repeating: "[", count: 20_000) + String(repeating: "[a]()", count: 6_000)),
        .built("images then links", String(repeating: "![", count: 12_000) + String(repeating: "[a]()", count: 5_000)),
        .built("deep quote then emphasis", String(repeating: ">", count: 16_000) + String(repeating: "a*", count: 17_000)),
        .built("deep list then blank lines", String(repeating: "- ", count: 16_000) + "x" + String(repeating: "\n", count: 17_000)),
        .built("deep list in quote then quote lines",
               "> " + String(repeating: "- ", count: 12_000) + "x\n" + String(repeating: ">\n", count: 12_500)),
        .built("list by indentation then blank lines",
               (0..<200).map { String(repeating: "  ", count: $0) + "- a\n" }.joined() + String(repeating: "\n", count: 10_000)),
        .built("stacked marker lines",
               (0..<30).map { String(repeating: " ", count: 64 * $0) + String(repeating: "- ", count: 32) + "x\n" }.joined()
                   + String(repeating: "\n", count: 20_000)),
        .built("deep quotes per line", String(repeating: String(repeating: ">", count: 16) + "\n\n", count: 2_800)),
        .built("deep lists per line", String(repeating: String(repeating: "- ", count: 50) + "a\n", count: 490)),
        .built("backticks growing", (1..<310).map { "e" + String(repeating: "`", count: $0) }.joined()),
        .built("reference expansion", "[a]: /" + String(repeating: "x", count: 25_000) + "\n\n" + String(repeating: "[a] ", count: 6_000)),
        .built("short reference expansion", "[a]: /b\n\n" + String(repeating: "[a]", count: 16_000)),
        .built("wide table", "|" + String(repeating: "a|", count: 2_000) + "\n|" + String(repeating: "-|", count: 2_000) + "\n"
               + String(repeating: "|x|\n", count: 9_000)),
        .built("padded table rows", "|" + String(repeating: "a|", count: 20) + "\n|" + String(repeating: "-|", count: 20) + "\n"
               + String(repeating: "x\n", count: 24_000)),
        .built("one table, many pipes", "|a|\n|-|\n" + String(repeating: "|", count: 49_992)),
        .built("unclosed comment", "</" + String(repeating: "<!--", count: 12_499)),
        .built("mention spam", String(repeating: "@ab ", count: 12_500)),
    ] + (1...12).map { Body.mixed(seed: $0, from: tokens) }
      + (1...4).map { Body.mixed(seed: 100 + $0, from: Array(tokens.prefix(8))) }

    @Test(arguments: cases)
    func staysWithinTenTimesItsSize(_ body: Body) {
        let inputBytes = body.source.utf8.count
        let clock = ContinuousClock()
        var html = ""
        let elapsed = clock.measure { html = Self.appRenderer.render(body.source, linkingMentions: ["ab"]) }
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3
        print("pathological: \(String(format: "%8.1f", milliseconds)) ms \(String(format: "%9d", html.utf8.count)) B out"
              + " \(String(format: "%7d", inputBytes)) B in  \(body.testDescription)")
        #expect(html.utf8.count <= 10 * inputBytes)
    }

    @Test func deepNestingIsWrittenOutAsText() {
        // Followed by prose, so that the 16 levels of markup stay within the output bound.
        let prose = "\n\n" + String(repeating: "Some ordinary words. ", count: 20)
        let html = renderer.render(String(repeating: ">", count: 40) + " hi" + prose)
        #expect(html.components(separatedBy: "<blockquote>").count - 1 == 16)
        #expect(html.contains("<p>" + String(repeating: "&gt;", count: 24) + " hi</p>"))
        expectSafe(html)
    }

    @Test func ordinaryDocumentsAreNotLimited() {
        let source = "- a\n  - b\n    1. c\n\n> > quote\n\n" + String(repeating: "-", count: 60) + "\n\n* * *\n"
        #expect(NestingLimiter.limit(Array(source.utf8), maxDepth: 16) == Array(source.utf8))
        let cost = ParseCost(Array(source.utf8))
        #expect(cost.autolinkWork == 0 && cost.inlineWork == 0 && cost.referenceBytes == 0)
    }

    @Test func slowAutolinkInputKeepsMarkdownButNotAutolinks() {
        let source = "**bold** and [a link](https://example.com)\n\n" + String(repeating: "www.a_", count: 8_000)
        let html = renderer.render(source)
        #expect(html.hasPrefix(#"<p><strong>bold</strong> and <a href="https://example.com" rel="nofollow ugc noopener">a link</a></p>"#))
        #expect(html.components(separatedBy: "<a ").count - 1 == 1)
    }

    @Test func slowOrOversizedInputFallsBackToEscapedText() {
        for source in [String(repeating: "x <?", count: 12_000), String(repeating: "[]()", count: 12_000)] {
            let html = renderer.render(source + "\n\n<b>\"&\"</b>\r\n*line*\n")
            #expect(html.hasPrefix("<p>"))
            #expect(html.hasSuffix("<p>&lt;b&gt;&quot;&amp;&quot;&lt;/b&gt;\n*line*</p>\n"))
            expectSafe(html)
        }
    }

    @Test func plainTextFallbackIsBounded() {
        let worst = String(repeating: "\"\n\n", count: 10_000)
        let html = PlainTextFallback.render(Array(worst.utf8))
        #expect(html.utf8.count <= 6 * worst.utf8.count)
        #expect(PlainTextFallback.render(Array(" \n\u{0}a ".utf8)) == "<p>\u{FFFD}a</p>\n")
        #expect(PlainTextFallback.render([]) == "")
    }
}
