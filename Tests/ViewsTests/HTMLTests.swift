import Markdown
import Testing
import Views

@Suite struct HTMLTests {
    @Test func interpolatedTextIsEscapedInTextAndAttributes() {
        let name = "<script>alert('x')</script> & \"quoted\""
        let html: HTML = "<a title=\"\(name)\">\(name)</a>"
        #expect(html.string == "<a title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;</a>")
    }

    @Test func fragmentsAndSanitizedHTMLGoInAsMarkup() {
        let inner: HTML = "<b>\("x<y")</b>"
        let body = SanitizedHTML(storedRendering: "<p>rendered</p>")
        let html: HTML = "<div>\(inner)\(body)</div>"
        #expect(html.string == "<div><b>x&lt;y</b><p>rendered</p></div>")
    }

    @Test func optionalAndConditionalParts() {
        let missing: String? = nil
        let present: String? = "é & ü"
        let html: HTML = "[\(missing)][\(present)]\(if: true, "<i>yes</i>")\(if: false, "<i>no</i>", else: "<i>else</i>")"
        #expect(html.string == "[][é &amp; ü]<i>yes</i><i>else</i>")
    }

    @Test func numbersIncludingExtremes() {
        let html: HTML = "\(0) \(7) \(-3) \(Int.max) \(Int.min)"
        #expect(html.string == "0 7 -3 9223372036854775807 -9223372036854775808")
    }

    @Test func writerCollectsFragmentsIntoOneBuffer() {
        var writer = HTMLWriter(capacity: 4)
        writer("<ul>")
        for item in ["a", "<b>"] { writer("<li>\(item)</li>") }
        writer("</ul>")
        #expect(String(buffer: writer.buffer) == "<ul><li>a</li><li>&lt;b&gt;</li></ul>")
    }
}
