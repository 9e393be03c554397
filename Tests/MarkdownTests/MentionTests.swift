@testable import Markdown
import Testing

@Suite struct MentionTests {
    @Test func knownNamesAreLinked() {
        let html = renderer.render("Hi @Alice and @bob!", linkingMentions: ["alice", "BOB"])
        #expect(html == #"<p>Hi <a href="/u/alice" class="mention">@Alice</a> and <a href="/u/bob" class="mention">@bob</a>!</p>"# + "\n")
    }

    @Test func unknownNamesAreNotLinked() {
        #expect(renderer.render("Hi @carol", linkingMentions: ["alice"]) == "<p>Hi @carol</p>\n")
        #expect(renderer.render("Hi @alice") == "<p>Hi @alice</p>\n")
    }

    @Test func codeLinksAndAddressesAreLeftAlone() {
        let source = "`@alice` [@alice](/x) alice@alice.com x@alice <https://e/@alice>\n\n    @alice\n"
        let html = renderer.render(source, linkingMentions: ["alice"])
        #expect(!html.contains("class=\"mention\""))
        expectSafe(html)
    }

    @Test func mentionsInsideFormattingAndUnderscores() {
        let html = renderer.render("**@alice_b** _@alice_ @alice_b's", linkingMentions: ["alice_b", "alice"])
        #expect(html == #"<p><strong><a href="/u/alice_b" class="mention">@alice_b</a></strong> <em><a href="/u/alice" class="mention">@alice</a></em> <a href="/u/alice_b" class="mention">@alice_b</a>'s</p>"# + "\n")
    }

    @Test func surroundingTextStaysEscaped() {
        let html = renderer.render(#"<b>&amp; @alice "q" <i>"#, linkingMentions: ["alice"])
        #expect(html == #"<p>&amp; <a href="/u/alice" class="mention">@alice</a> &quot;q&quot; </p>"# + "\n")
    }

    @Test func mentionMarkerNeverLeaks() {
        let html = renderer.render("@alice [x](/u/alice) ![i](/u/alice)", linkingMentions: ["alice"])
        #expect(hrefs(in: html) == ["/u/alice", "/u/alice", "/u/alice"])
        #expect(anchorTags(in: html) == [
            #"<a href="/u/alice" class="mention">"#,
            #"<a href="/u/alice" rel="nofollow ugc noopener">"#,
            #"<a href="/u/alice" rel="nofollow ugc noopener">"#,
        ])
    }

    @Test func extraction() {
        let source = """
            Hi @Alice, @bob and @alice again. Mail me: carol@example.com, or @dave_99.
            `@erin` is code, and so is:

            ```
            @frank
            ```

                @grace

            Not names: @x, @\(String(repeating: "a", count: 31)), @heidiñ. But (@ivan) and @judy's are.
            ## @kim
            """
        #expect(MarkdownRenderer.mentionedUsernames(in: source) == ["alice", "bob", "dave_99", "ivan", "judy", "kim"])
    }

    @Test func scannerBoundaries() {
        let names = { (text: String) in MentionScanner.matches(in: text).map(\.username) }
        #expect(names("@ab") == ["ab"])
        #expect(names("@a") == [])
        #expect(names("@" + String(repeating: "b", count: 30)) == [String(repeating: "b", count: 30)])
        #expect(names("@" + String(repeating: "b", count: 31)) == [])
        #expect(names("x@ab é@ab _@ab 1@ab") == [])
        #expect(names("@@ab @ab@cd") == ["ab", "ab"])
        #expect(names("(@ab),@cd.@ef") == ["ab", "cd", "ef"])
    }
}
