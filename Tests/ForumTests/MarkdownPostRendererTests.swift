import Forum
import Testing

@Suite struct MarkdownPostRendererTests {
    @Test func rendersMarkdownAndDropsRawHTML() {
        let html = MarkdownPostRenderer().render("**bold** <script>alert(1)</script> [x](javascript:alert(1))")
        #expect(html.contains("<strong>bold</strong>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("javascript:"))
    }

    @Test func linksOnlyTheGivenMentions() {
        let html = MarkdownPostRenderer().render("hi @sam and @nobody", linkingMentions: ["sam"])
        #expect(html.contains(#"<a href="/u/sam" class="mention">@sam</a>"#))
        #expect(html.contains("@nobody") && !html.contains("/u/nobody"))
        #expect(MarkdownPostRenderer.mentionedUsernames(in: "@Sam `@code` @sam @lee") == ["sam", "lee"])
    }
}
