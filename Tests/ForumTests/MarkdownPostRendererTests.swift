import Forum
import Testing

@Suite struct MarkdownPostRendererTests {
    @Test func rendersMarkdownAndDropsRawHTML() async {
        let html = await MarkdownPostRenderer().render("**bold** <script>alert(1)</script> [x](javascript:alert(1))").html
        #expect(html.contains("<strong>bold</strong>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("javascript:"))
    }

    @Test func linksOnlyTheGivenMentions() async {
        let renderer = MarkdownPostRenderer()
        let html = await renderer.render("hi @sam and @nobody", linkingMentions: ["sam"]).html
        #expect(html.contains(#"<a href="/u/sam" class="mention">@sam</a>"#))
        #expect(html.contains("@nobody") && !html.contains("/u/nobody"))
        #expect(MarkdownPostRenderer.mentionedUsernames(in: "@Sam `@code` @sam @lee") == ["sam", "lee"])
        #expect(await renderer.mentionedUsernames(in: "@Sam `@code` @sam @lee") == ["sam", "lee"])
    }

    @Test func slowRendersQueueOnTheirOwnThreads() async {
        // The renderer's pool, not the caller's, does the work: many renders at once all finish.
        let renderer = MarkdownPostRenderer(concurrency: 1)
        let outputs = await withTaskGroup(of: String.self) { group in
            for index in 0..<8 { group.addTask { await renderer.render("*\(index)*").html } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(outputs) == Set((0..<8).map { "<p><em>\($0)</em></p>\n" }))
    }
}
