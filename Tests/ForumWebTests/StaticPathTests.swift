import Testing

@Suite struct StaticPathTests {
    /// A NUL cut the file name short for the file system while the media type came from the
    /// whole name: the stylesheet was served as text/html.
    @Test func pathsSpellingControlCharactersAreNotFound() async throws {
        try await withForum { forum in
            let browser = forum.browser()
            let css = try await browser.get("/static/roundtable.css")
            #expect(css.status == .ok)
            #expect(css.headers[.contentType]?.hasPrefix("text/css") == true)
            for path in ["/static/roundtable.css%00.html", "/static/roundtable.css%00", "/static/roundtable.css%0a.html",
                         "/static/roundtable.css%1F.html", "/static/roundtable.css%7f.html", "/t/1%00"] {
                let page = try await browser.get(path)
                #expect(page.status == .notFound, "\(path): \(page.status)")
                #expect(page.headers[.contentType]?.hasPrefix("text/css") != true)
            }
        }
    }
}
