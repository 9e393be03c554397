import Testing
import Views

@Suite struct SiteURLTests {
    @Test func patternsAndPathsComeFromTheSameCase() {
        #expect(SiteURL.threadAction(.key, .reply).pattern == "/t/:id/reply")
        #expect(SiteURL.threadAction(.value(12), .reply).path == "/t/12/reply")
        #expect(SiteURL.post(.key, .history).pattern == "/p/:id/history")
        #expect(SiteURL.home.path == "/")
        #expect(SiteURL.adminInvitationsBulk.path == "/admin/invitations/bulk")
    }

    @Test func valuesAreEncodedSoTheyStayOneSegment() {
        #expect(SiteURL.profile(.value("a/b?c#d e")).path == "/u/a%2Fb%3Fc%23d%20e")
        #expect(SiteURL.search.path(query: ["q": "a&b=c d+e", "page": nil, "category": "x"]) == "/search?q=a%26b%3Dc%20d%2Be&category=x")
    }

    @Test func threadPageLinks() {
        #expect(SiteURL.threadPage(5, slug: "hello") == "/t/5/hello")
        #expect(SiteURL.threadPage(5, slug: "hello", page: 3, post: 99) == "/t/5/hello?page=3#p99")
    }
}
