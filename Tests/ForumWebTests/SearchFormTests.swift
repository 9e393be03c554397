import Forum
import Testing

/// Found by the browser tests: a GET form sends spaces as `+`.
@Suite struct SearchFormTests {
    @Test func wordsTypedIntoTheSearchFormAreSearchedAsSeparateWords() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            _ = try await startThread(forum, by: fixture.member, title: "Rubric moderation across schools",
                                      body: "How do you align scores?")
            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            let page = try await sam.get("/search?q=rubric+schools&category=&author=")
            #expect(page.contains("1 result"))
            #expect(page.contains(#"value="rubric schools""#))
            #expect(try await sam.get("/search?q=c%2B%2B").status == .ok)
        }
    }
}
