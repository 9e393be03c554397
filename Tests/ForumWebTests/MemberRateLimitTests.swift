import Forum
import Testing

/// Checks of the current password, previews and edits answer 429 with `Retry-After` past
/// their per-member limits, and keep the form.
@Suite struct MemberRateLimitTests {
    @Test func currentPasswordChecksAreLimited() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let browser = forum.browser()
            try await browser.signIn("sam@example.org")
            try await browser.get("/settings")
            let fields = ["current_password": "guess", "password": "a-new-long-password-1", "password_confirm": "a-new-long-password-1"]
            for attempt in 1...10 {
                let page = try await browser.post("/settings/password", fields)
                #expect(page.status == .unprocessableContent, "attempt \(attempt): \(page.status)")
            }
            let limited = try await browser.post("/settings/password", fields)
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(limited.alerts.contains { $0.contains("Too many") })
            #expect(limited.contains(#"name="current_password""#))
            // Even the right password waits: the limit is on guesses, not on failures.
            var right = fields
            right["current_password"] = "correct-horse-battery"
            #expect(try await browser.post("/settings/password", right).status == .tooManyRequests)
        }
    }

    /// The limiter counts in fixed one-minute windows; thirty real requests can straddle a
    /// window's end on a busy machine. The test makes a few real ones, then fills the current
    /// and the next window up to the limit, so the next request is over it whenever it lands.
    private func spendTheRest(of key: String, limit: Int, window: Int, _ forum: TestForum) async throws {
        try await forum.services.db.query("""
            INSERT INTO rate_limits (key, window_start, hits)
            SELECT $1, to_timestamp(floor(extract(epoch FROM now()) / $3::int) * $3::int + step * $3::int), $2
            FROM generate_series(0, 1) AS step
            ON CONFLICT (key, window_start) DO UPDATE SET hits = $2
            """, [key, limit, window])
    }

    @Test func previewsAreLimitedOnEveryFormAndKeepTheText() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let thread = try await startThread(forum, by: fixture.member, title: "Preview thread")
            let browser = forum.browser()
            try await browser.signIn("sam@example.org")
            try await browser.get("/t/\(thread.threadID)")
            let forms: [(path: String, fields: [String: String])] = [
                ("/t/\(thread.threadID)/reply", ["body": "Keep this reply text", "preview": "1"]),
                ("/c/general/new", ["title": "A title", "body": "Keep this reply text", "kind": "discussion", "preview": "1"]),
                ("/p/\(thread.postID)/edit", ["body": "Keep this reply text", "preview": "1"]),
            ]
            for form in forms {
                let page = try await browser.post(form.path, form.fields)
                #expect(page.status == .ok, "preview at \(form.path): \(page.status)")
            }
            try await spendTheRest(of: "preview:\(fixture.member.id)", limit: 30, window: 60, forum)
            for form in forms {
                let limited = try await browser.post(form.path, form.fields)
                #expect(limited.status == .tooManyRequests, "\(form.path): \(limited.status)")
                #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 > 0)
                #expect(limited.contains("Keep this reply text"), "\(form.path) lost the text")
            }
        }
    }

    @Test func editsAreLimited() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let thread = try await startThread(forum, by: fixture.member, title: "Edit thread")
            let browser = forum.browser()
            try await browser.signIn("sam@example.org")
            try await browser.get("/p/\(thread.postID)/edit")
            for number in 1...3 {
                let page = try await browser.post("/p/\(thread.postID)/edit", ["body": "Version \(number)"])
                #expect(page.status == .seeOther, "edit \(number): \(page.status)")
            }
            try await spendTheRest(of: "edit:\(fixture.member.id)", limit: 30, window: 60, forum)
            let limited = try await browser.post("/p/\(thread.postID)/edit", ["body": "One edit too many"])
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(limited.contains("One edit too many"))
        }
    }
}
