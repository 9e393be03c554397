@testable import Markdown
import Testing

@Suite struct RenderingTests {
    @Test func paragraphsAndEmphasis() {
        let html = renderer.render("Hello *world* and **bold**\nsame paragraph\n\nSecond")
        #expect(html == "<p>Hello <em>world</em> and <strong>bold</strong>\nsame paragraph</p>\n<p>Second</p>\n")
    }

    @Test func lists() {
        #expect(renderer.render("- a\n- b\n") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n")
        #expect(renderer.render("1. a\n2. b\n") == "<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n")
    }

    @Test func codeIsEscaped() {
        #expect(renderer.render("`<b>` x") == "<p><code>&lt;b&gt;</code> x</p>\n")
        #expect(renderer.render("```swift\nlet a = \"<x>\"\n```") ==
            "<pre><code class=\"language-swift\">let a = &quot;&lt;x&gt;&quot;\n</code></pre>\n")
    }

    @Test func strikethroughNeedsDoubleTilde() {
        #expect(renderer.render("~~gone~~ and ~5 min") == "<p><del>gone</del> and ~5 min</p>\n")
    }

    @Test func tables() {
        let html = renderer.render("| a | b |\n|:--|--:|\n| 1 | ~~x~~ |\n")
        #expect(html.contains("<table>"))
        #expect(html.contains(#"<th align="left">a</th>"#))
        #expect(html.contains(#"<td align="right"><del>x</del></td>"#))
    }

    @Test func autolinks() {
        let html = renderer.render("see https://example.com/a?b=1&c=2 and www.example.org and <https://x.y/z>")
        #expect(hrefs(in: html) == ["https://example.com/a?b=1&amp;c=2", "http://www.example.org", "https://x.y/z"])
        expectSafe(html)
    }

    @Test func relOnEveryLink() {
        let html = renderer.render(#"[a](https://a.example "T") <https://b.example> https://c.example [d][r] ![e](https://e.example/i.png)"# + "\n\n[r]: /relative")
        let tags = anchorTags(in: html)
        #expect(tags.count == 5)
        #expect(tags.allSatisfy { $0.contains(#"rel="nofollow ugc noopener""#) })
        #expect(html.contains(#"<a href="https://a.example" rel="nofollow ugc noopener" title="T">a</a>"#))
    }

    @Test func headingsAreDemoted() {
        let html = renderer.render("# one\n## two\n### three\n#### four\n##### five\n###### six\nSetext\n======\nSub\n---\n")
        #expect(html == """
            <h3>one</h3>
            <h4>two</h4>
            <h5>three</h5>
            <h6>four</h6>
            <h6>five</h6>
            <h6>six</h6>
            <h3>Setext</h3>
            <h4>Sub</h4>

            """)
    }

    @Test func imagesBecomeLinks() {
        #expect(renderer.render("![diagram](https://x/y.png)") ==
            "<p><a href=\"https://x/y.png\" rel=\"nofollow ugc noopener\">diagram</a></p>\n")
        #expect(renderer.render("![](https://x/y.png)") ==
            "<p><a href=\"https://x/y.png\" rel=\"nofollow ugc noopener\">https://x/y.png</a></p>\n")
        // The description is flattened to text, as it would have been for `alt`.
        #expect(renderer.render("![a *b* `c`](/i.png \"t\")") ==
            "<p><a href=\"/i.png\" rel=\"nofollow ugc noopener\" title=\"t\">a b c</a></p>\n")
        // A linked badge keeps the outer link only: nested links are invalid HTML.
        #expect(renderer.render("[![badge](https://b/i.svg)](https://site)") ==
            "<p><a href=\"https://site\" rel=\"nofollow ugc noopener\">badge</a></p>\n")
        #expect(renderer.render("![<b>&amp;</b>](/i.png)") ==
            "<p><a href=\"/i.png\" rel=\"nofollow ugc noopener\">&amp;</a></p>\n")
        #expect(renderer.render("![]()") == "<p></p>\n")
    }

    @Test func rawHTMLIsDroppedWithoutComments() {
        #expect(renderer.render("<div>block</div>\n\ntext <b>bold</b> end") == "<p>text bold end</p>\n")
    }

    @Test func longInputIsTruncatedAtCharacterBoundary() {
        let source = String(repeating: "é", count: 30_000) // 60,000 bytes
        let prepared = PreparedSource(source, limits: .init(maxSourceBytes: 50_001))
        #expect(prepared.bytes.count == 50_000)
        #expect(String(validating: prepared.bytes, as: UTF8.self) != nil)

        let html = renderer.render(source)
        #expect(html == "<p>" + String(repeating: "é", count: 25_000) + "</p>\n")
    }

    @Test func tableColumnLimit() {
        func table(columns: Int) -> String {
            let header = "|" + (1...columns).map { " h\($0) |" }.joined()
            let delimiter = "|" + String(repeating: "---|", count: columns)
            return header + "\n" + delimiter + "\n| x |\n"
        }
        #expect(renderer.render(table(columns: 20)).contains("<table>"))
        #expect(renderer.render("> " + table(columns: 20).replacingOccurrences(of: "\n", with: "\n> ")).contains("<table>"))
        let wide = renderer.render(table(columns: 21))
        #expect(!wide.contains("<table>"))
        #expect(wide.contains("h21"))
        let narrowLimit = MarkdownRenderer(limits: .init(maxTableColumns: 2))
        #expect(narrowLimit.render(table(columns: 2)).contains("<table>"))
        #expect(!narrowLimit.render(table(columns: 3)).contains("<table>"))
        #expect(!narrowLimit.render("a | b | c\n-|-|-\n").contains("<table>"))
    }

    @Test func cellCountIsAnUpperBound() {
        #expect(PreparedSource.maxCellsOnAnyLine(Array("|-|-|".utf8)) == 2)
        #expect(PreparedSource.maxCellsOnAnyLine(Array("-|-".utf8)) == 2)
        #expect(PreparedSource.maxCellsOnAnyLine(Array("  > | a | b |  ".utf8)) == 2)
        #expect(PreparedSource.maxCellsOnAnyLine(Array("- |-|-|".utf8)) == 3)
        #expect(PreparedSource.maxCellsOnAnyLine(Array("no pipes\r\na|b".utf8)) == 2)
    }
}
